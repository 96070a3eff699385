package dev.xbar.cli.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Annotation;

/**
 * What XChart does not draw itself, in data coordinates: a raster (the chip's devices, a colour bar), asymmetric
 * intervals as whiskers or shaded bands, labelled boxes (layer blocks), and series markers repainted on top of a
 * raster. XChart paints annotations after the series, in the order the layers are given.
 */
final class Overlay extends Annotation {

    /** One thing to draw. */
    sealed interface Layer {}

    /** An image stretched over [left, right] x [bottom, top], without smoothing (one device, one block). */
    record Raster(BufferedImage image, double left, double right, double bottom, double top) implements Layer {}

    /** A series' markers again, above what was painted since (the legend entry stays XChart's). */
    record Markers(XYSeries series, int size) implements Layer {}

    /** A shaded band between {@code low} and {@code high} over {@code x}. */
    record Band(double[] x, double[] low, double[] high, Color colour) implements Layer {}

    /**
     * Vertical interval bars with caps from {@code low} to {@code high} at each {@code x}, moved {@code dodge} points
     * sideways so that the bars of several series at one x stay apart.
     */
    record Whiskers(double[] x, double[] low, double[] high, Color colour, double dodge) implements Layer {}

    /** An outlined box with a label inside its top left corner. */
    record Box(String label, double left, double right, double bottom, double top, Color colour) implements Layer {}

    /**
     * A colour bar right of the plot, from the plot's top to its bottom, at {@code gap} points past the chart's
     * right edge {@code chartWidth}, with round ticks and a rotated label.
     */
    record ColourScale(ColourMap map, double low, double high, String label, int chartWidth, double top, double bottom)
            implements Layer {}

    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 11);

    private final List<Layer> layers;

    Overlay(List<Layer> layers) {
        super(false);
        this.layers = List.copyOf(layers);
    }

    @Override
    public void paint(Graphics2D g) {
        for (Layer layer : layers) {
            switch (layer) {
                case Raster r -> raster(g, r);
                case Markers m -> markers(g, m);
                case Band b -> band(g, b);
                case Whiskers w -> whiskers(g, w);
                case Box b -> box(g, b);
                case ColourScale c -> colourScale(g, c);
            }
        }
    }

    private double x(double value) {
        return chart.getScreenXFromChart(value);
    }

    private double y(double value) {
        return chart.getScreenYFromChart(value);
    }

    private void raster(Graphics2D g, Raster r) {
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        int x0 = (int) Math.round(x(r.left()));
        int y0 = (int) Math.round(y(r.top()));
        int x1 = (int) Math.round(x(r.right()));
        int y1 = (int) Math.round(y(r.bottom()));
        g.drawImage(r.image(), x0, y0, x1 - x0, y1 - y0, null);
        if (old != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        }
    }

    private void markers(Graphics2D g, Markers m) {
        double[] xs = m.series().getXData();
        double[] ys = m.series().getYData();
        g.setColor(m.series().getMarkerColor());
        g.setStroke(new BasicStroke(1.2f));
        for (int i = 0; i < xs.length; i++) {
            m.series().getMarker().paint(g, x(xs[i]), y(ys[i]), m.size());
        }
    }

    private void band(Graphics2D g, Band b) {
        Path2D.Double path = new Path2D.Double();
        for (int i = 0; i < b.x().length; i++) {
            if (i == 0) {
                path.moveTo(x(b.x()[i]), y(b.high()[i]));
            } else {
                path.lineTo(x(b.x()[i]), y(b.high()[i]));
            }
        }
        for (int i = b.x().length - 1; i >= 0; i--) {
            path.lineTo(x(b.x()[i]), y(b.low()[i]));
        }
        path.closePath();
        Composite old = g.getComposite();
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.18f));
        g.setColor(b.colour());
        g.fill(path);
        g.setComposite(old);
    }

    private void whiskers(Graphics2D g, Whiskers w) {
        g.setColor(w.colour());
        g.setStroke(new BasicStroke(1.4f));
        for (int i = 0; i < w.x().length; i++) {
            double sx = x(w.x()[i]) + w.dodge();
            double lo = y(w.low()[i]);
            double hi = y(w.high()[i]);
            g.draw(new Line2D.Double(sx, lo, sx, hi));
            g.draw(new Line2D.Double(sx - 4, lo, sx + 4, lo));
            g.draw(new Line2D.Double(sx - 4, hi, sx + 4, hi));
        }
    }

    private void colourScale(Graphics2D g, ColourScale c) {
        double y0 = y(c.top());
        double y1 = y(c.bottom());
        int x0 = c.chartWidth() + 4;
        int barWidth = 14;
        BufferedImage ramp = new BufferedImage(1, 256, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 256; i++) {
            ramp.setRGB(0, 255 - i, c.map().rgb(i / 255.0));
        }
        g.drawImage(ramp, x0, (int) Math.round(y0), barWidth, (int) Math.round(y1 - y0), null);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(x0, y0, barWidth, y1 - y0));
        g.setFont(TICKS);
        double span = c.high() - c.low();
        double step = niceStep(span / 5);
        int widest = 0;
        for (double v = Math.ceil(c.low() / step) * step; v <= c.high() + step * 1e-9; v += step) {
            double sy = y1 - (v - c.low()) / span * (y1 - y0);
            g.draw(new Line2D.Double(x0 + barWidth, sy, x0 + barWidth + 4, sy));
            String text = Charts.tick(Math.abs(v) < step * 1e-9 ? 0 : v);
            widest = Math.max(widest, g.getFontMetrics().stringWidth(text));
            g.drawString(text, x0 + barWidth + 6, (float) sy + 4);
        }
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int w = rotated.getFontMetrics().stringWidth(c.label());
        rotated.translate(x0 + barWidth + widest + 12, (y0 + y1) / 2 - w / 2.0);
        rotated.rotate(Math.PI / 2);
        rotated.drawString(c.label(), 0f, 0f);
        rotated.dispose();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= rough) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private void box(Graphics2D g, Box b) {
        double x0 = x(b.left());
        double y0 = y(b.top());
        g.setColor(b.colour());
        g.setStroke(new BasicStroke(1.5f));
        g.draw(new Rectangle2D.Double(x0, y0, x(b.right()) - x0, y(b.bottom()) - y0));
        g.setFont(LABEL);
        double boxWidth = x(b.right()) - x0;
        if (g.getFontMetrics().stringWidth(b.label()) + 6 <= boxWidth) {
            g.drawString(b.label(), (float) x0 + 3, (float) y0 + LABEL.getSize() + 1);
        } else {
            // A narrow block: the label runs down its left edge.
            Graphics2D rotated = (Graphics2D) g.create();
            rotated.translate(x0 + LABEL.getSize() + 1, y0 + 3);
            rotated.rotate(Math.PI / 2);
            rotated.drawString(b.label(), 0f, 0f);
            rotated.dispose();
        }
    }
}
