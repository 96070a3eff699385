package dev.xbar.cli.report;

import dev.xbar.core.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Conductance maps of a whole chip as PNG: one panel per snapshot (before and after training, say),
 * on one shared colour scale, with the layer blocks outlined and named.
 */
public final class Heatmap {

    /** A named rectangle of devices, in chip rows and columns. */
    public record Block(String name, int row0, int col0, int rows, int cols) {}

    /** One snapshot: values row-major, {@code rows x cols}. */
    public record Panel(String title, float[] values, int rows, int cols) {
        public Panel {
            if (values.length != rows * cols) {
                throw new IllegalArgumentException(
                        "panel " + title + ": " + values.length + " values for " + rows + "x" + cols + " devices");
            }
        }
    }

    private static final int CELL = 6;
    private static final int MARGIN = 40;
    private static final int SCALE_WIDTH = 90;

    private final List<Panel> panels;
    private final List<Block> blocks;
    private final String unit;

    public Heatmap(List<Panel> panels, List<Block> blocks, String unit) {
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a heatmap needs at least one panel");
        }
        this.panels = List.copyOf(panels);
        this.blocks = List.copyOf(blocks);
        this.unit = unit;
    }

    public void writePng(Path file) {
        BufferedImage image = render();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    BufferedImage render() {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        int maxRows = 0;
        int totalWidth = MARGIN;
        for (Panel p : panels) {
            for (float v : p.values()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            maxRows = Math.max(maxRows, p.rows());
            totalWidth += p.cols() * CELL + MARGIN;
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        int height = maxRows * CELL + 2 * MARGIN;
        BufferedImage image = new BufferedImage(totalWidth + SCALE_WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), height);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        int x0 = MARGIN;
        for (Panel p : panels) {
            g.setColor(Color.BLACK);
            g.drawString(p.title(), x0, MARGIN - 12);
            for (int r = 0; r < p.rows(); r++) {
                for (int c = 0; c < p.cols(); c++) {
                    g.setColor(colour((p.values()[r * p.cols() + c] - lo) / (hi - lo)));
                    g.fillRect(x0 + c * CELL, MARGIN + r * CELL, CELL, CELL);
                }
            }
            drawBlocks(g, x0);
            x0 += p.cols() * CELL + MARGIN;
        }
        drawScale(g, x0, lo, hi, maxRows * CELL);
        g.dispose();
        return image;
    }

    private void drawBlocks(Graphics2D g, int x0) {
        g.setStroke(new BasicStroke(2f));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        for (Block b : blocks) {
            int x = x0 + b.col0() * CELL;
            int y = MARGIN + b.row0() * CELL;
            g.setColor(Color.WHITE);
            g.drawRect(x, y, b.cols() * CELL, b.rows() * CELL);
            g.drawString(b.name(), x + 3, y + 14);
        }
    }

    private void drawScale(Graphics2D g, int x, float lo, float hi, int h) {
        for (int i = 0; i < h; i++) {
            g.setColor(colour(1f - (float) i / (h - 1)));
            g.fillRect(x, MARGIN + i, 16, 1);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(String.format(Locale.ROOT, "%.0f %s", hi, unit), x + 20, MARGIN + 10);
        g.drawString(String.format(Locale.ROOT, "%.0f %s", lo, unit), x + 20, MARGIN + h);
    }

    /** A perceptually ordered dark-blue to yellow ramp (close to viridis), t in [0, 1]. */
    static Color colour(float t) {
        float u = Math.clamp(t, 0f, 1f);
        float[][] stops = {
            {0.267f, 0.005f, 0.329f},
            {0.229f, 0.322f, 0.546f},
            {0.128f, 0.567f, 0.551f},
            {0.369f, 0.789f, 0.383f},
            {0.993f, 0.906f, 0.144f}
        };
        float pos = u * (stops.length - 1);
        int i = Math.min((int) pos, stops.length - 2);
        float f = pos - i;
        return new Color(
                stops[i][0] + f * (stops[i + 1][0] - stops[i][0]),
                stops[i][1] + f * (stops[i + 1][1] - stops[i][1]),
                stops[i][2] + f * (stops[i + 1][2] - stops[i][2]));
    }
}
