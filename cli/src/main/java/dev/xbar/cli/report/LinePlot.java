package dev.xbar.cli.report;

import dev.xbar.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A plain line chart written as PNG with java.awt (no plotting library needed for lines, markers,
 * optional shaded bands and a legend).
 */
public final class LinePlot {

    /** One line; {@code low}/{@code high} are an optional shaded band (both null or both set). */
    public record Series(String name, double[] x, double[] y, double[] low, double[] high) {
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException(
                        "series " + name + ": " + x.length + " x values but " + y.length + " y values");
            }
            if ((low == null) != (high == null)
                    || (low != null && (low.length != x.length || high.length != x.length))) {
                throw new IllegalArgumentException("series " + name + ": band must have one low and high per point");
            }
        }

        public Series(String name, double[] x, double[] y) {
            this(name, x, y, null, null);
        }
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series;

    public LinePlot(String title, String xLabel, String yLabel, List<Series> series) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.series = List.copyOf(series);
    }

    public void writePng(Path file) {
        BufferedImage image = render();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    BufferedImage render() {
        double[] xr = range(true);
        double[] yr = range(false);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        Axes axes = new Axes(xr[0], xr[1], yr[0], yr[1]);
        drawAxes(g, axes);
        for (int s = 0; s < series.size(); s++) {
            drawSeries(g, axes, series.get(s), PALETTE[s % PALETTE.length]);
        }
        drawLegend(g);
        g.dispose();
        return image;
    }

    private record Axes(double x0, double x1, double y0, double y1) {
        double px(double x) {
            return LEFT + (x - x0) / (x1 - x0) * (WIDTH - LEFT - RIGHT);
        }

        double py(double y) {
            return HEIGHT - BOTTOM - (y - y0) / (y1 - y0) * (HEIGHT - TOP - BOTTOM);
        }
    }

    private double[] range(boolean xAxis) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            double[][] columns = xAxis ? new double[][] {s.x()} : new double[][] {s.y(), s.low(), s.high()};
            for (double[] column : columns) {
                if (column == null) {
                    continue;
                }
                for (double v : column) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (!Double.isFinite(lo)) {
            return new double[] {0, 1};
        }
        if (hi - lo < 1e-12) {
            double pad = Math.max(Math.abs(lo) * 0.05, 0.5);
            return new double[] {lo - pad, hi + pad};
        }
        double pad = xAxis ? 0 : (hi - lo) * 0.05;
        return new double[] {lo - pad, hi + pad};
    }

    private void drawAxes(Graphics2D g, Axes a) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, TOP - 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        for (double t : ticks(a.x0(), a.x1())) {
            int px = (int) Math.round(a.px(t));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(px, TOP, px, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String label = format(t);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        for (double t : ticks(a.y0(), a.y1())) {
            int py = (int) Math.round(a.py(t));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(LEFT, py, LEFT + plotW, py);
            g.setColor(Color.DARK_GRAY);
            String label = format(t);
            g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), py + 5);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString(xLabel, LEFT + plotW / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + plotH / 2) - g.getFontMetrics().stringWidth(yLabel) / 2, 22);
        rotated.dispose();
    }

    private static void drawSeries(Graphics2D g, Axes a, Series s, Color color) {
        int n = s.x().length;
        if (s.low() != null && n > 0) {
            Path2D band = new Path2D.Double();
            band.moveTo(a.px(s.x()[0]), a.py(s.high()[0]));
            for (int i = 1; i < n; i++) {
                band.lineTo(a.px(s.x()[i]), a.py(s.high()[i]));
            }
            for (int i = n - 1; i >= 0; i--) {
                band.lineTo(a.px(s.x()[i]), a.py(s.low()[i]));
            }
            band.closePath();
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 50));
            g.fill(band);
        }
        g.setColor(color);
        g.setStroke(new BasicStroke(2f));
        Path2D line = new Path2D.Double();
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                line.moveTo(a.px(s.x()[i]), a.py(s.y()[i]));
            } else {
                line.lineTo(a.px(s.x()[i]), a.py(s.y()[i]));
            }
        }
        g.draw(line);
        if (n <= 40) {
            for (int i = 0; i < n; i++) {
                int px = (int) Math.round(a.px(s.x()[i]));
                int py = (int) Math.round(a.py(s.y()[i]));
                g.fillOval(px - 4, py - 4, 8, 8);
            }
        }
    }

    private void drawLegend(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int boxWidth = 0;
        for (Series s : series) {
            boxWidth = Math.max(boxWidth, g.getFontMetrics().stringWidth(s.name()));
        }
        boxWidth += 40;
        int x = WIDTH - RIGHT - boxWidth - 6;
        int y = HEIGHT - BOTTOM - 12 - 18 * (series.size() - 1);
        g.setColor(new Color(255, 255, 255, 220));
        g.fillRect(x - 6, y - 16, boxWidth, 18 * series.size() + 8);
        g.setColor(Color.LIGHT_GRAY);
        g.drawRect(x - 6, y - 16, boxWidth, 18 * series.size() + 8);
        for (int s = 0; s < series.size(); s++) {
            g.setColor(PALETTE[s % PALETTE.length]);
            g.fillRect(x, y - 10, 18, 10);
            g.setColor(Color.BLACK);
            g.drawString(series.get(s).name(), x + 26, y);
            y += 18;
        }
    }

    /** About six round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double raw = (hi - lo) / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (raw <= m * magnitude) {
                step = m * magnitude;
                break;
            }
        }
        double first = Math.ceil(lo / step) * step;
        int count = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] ticks = new double[Math.max(count, 0)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * step;
        }
        return ticks;
    }

    private static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        return new java.math.BigDecimal(String.format(Locale.ROOT, "%.3g", v))
                .stripTrailingZeros()
                .toPlainString();
    }
}
