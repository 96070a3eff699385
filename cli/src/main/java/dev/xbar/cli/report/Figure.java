package dev.xbar.cli.report;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import dev.xbar.core.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One figure made of XChart panels side by side (a panel may draw into the gap right of it: a colour bar), written as {@code NAME.png} (twice the logical size, about 300 dpi
 * at a paper's column width) and, when asked, {@code NAME.svg} (vector, for the paper itself; see {@link
 * FigureFormat}). Both come from the same paint calls, so they show the same thing.
 */
public final class Figure {

    /** PNG pixels per logical point. */
    static final int PNG_SCALE = 2;

    /** A chart and where it sits in the figure, in logical points. */
    public record Cell(Chart<?, ?> chart, int x, int y, int width, int height) {}

    /** Room for a figure title above the panels, in points. */
    static final int TITLE_HEIGHT = 24;

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private final int width;
    private final int height;
    private final String title;
    private final List<Cell> cells;

    /** A figure without a title of its own (its panels have theirs). */
    public Figure(int width, int height, List<Cell> cells) {
        this(width, height, "", cells);
    }

    /** A figure with {@code title} centred in the top {@link #TITLE_HEIGHT} points (place the cells below). */
    public Figure(int width, int height, String title, List<Cell> cells) {
        this.width = width;
        this.height = height;
        this.title = title;
        this.cells = List.copyOf(cells);
    }

    /** The panels' charts, in order (for tests). */
    List<Chart<?, ?>> charts() {
        return cells.stream().<Chart<?, ?>>map(Cell::chart).toList();
    }

    /**
     * Writes {@code folder/name.EXT} for each format, each atomically, and removes the file of a format not asked for
     * that an earlier run left there: a folder never shows a figure next to an out-of-date version of it.
     *
     * @param folder the folder
     * @param name the file name without extension
     * @param formats the formats to write
     */
    public void write(Path folder, String name, Set<FigureFormat> formats) {
        for (FigureFormat format : formats) {
            try {
                AtomicFiles.writeBytes(folder.resolve(name + "." + format.extension()), format.encode(this));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode " + name + ": " + e.getMessage(), e);
            }
        }
        EnumSet<FigureFormat> others = EnumSet.allOf(FigureFormat.class);
        others.removeAll(formats);
        for (FigureFormat format : others) {
            Path stale = folder.resolve(name + "." + format.extension());
            try {
                Files.deleteIfExists(stale);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the out-of-date " + stale + ": " + e.getMessage(), e);
            }
        }
    }

    /** The raster version, {@link #PNG_SCALE} pixels per point. */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width * PNG_SCALE, height * PNG_SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.scale(PNG_SCALE, PNG_SCALE);
        paint(g);
        g.dispose();
        return image;
    }

    byte[] svg() throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new SVGProcessor()
                .getDocument(g.getCommands(), new PageSize(width, height))
                .writeTo(out);
        return out.toByteArray();
    }

    private void paint(Graphics2D g) {
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        if (!title.isEmpty()) {
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            int w = g.getFontMetrics().stringWidth(title);
            g.drawString(title, Math.max(4, (width - w) / 2), TITLE_HEIGHT - 6);
        }
        for (Cell c : cells) {
            Graphics2D cg = (Graphics2D) g.create();
            cg.translate(c.x(), c.y());
            c.chart().paint(cg, c.width(), c.height());
            cg.dispose();
        }
    }
}
