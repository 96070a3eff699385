package dev.xbar.cli.report;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A file format a {@link Figure} is written in. PNG is the default: an SVG costs more than the PNG it accompanies
 * (VectorGraphics2D builds a DOM of every glyph outline and line segment; in a fresh JVM about a second per figure,
 * a third of the default run's report step), so commands write it when asked ({@code --svg}).
 */
public enum FigureFormat {
    /** Raster, {@link Figure#PNG_SCALE} pixels per point. */
    PNG("png") {
        @Override
        byte[] encode(Figure figure) throws IOException {
            return PngWriter.encode(figure.render());
        }
    },
    /** Vector, for a paper; the same paint calls as the PNG. */
    SVG("svg") {
        @Override
        byte[] encode(Figure figure) throws IOException {
            return figure.svg();
        }
    };

    private final String extension;

    FigureFormat(String extension) {
        this.extension = extension;
    }

    /**
     * The file name extension, without the dot.
     *
     * @return {@code png} or {@code svg}
     */
    public String extension() {
        return extension;
    }

    abstract byte[] encode(Figure figure) throws IOException;

    /**
     * How a command names the files of one figure for the user, e.g. {@code yield.png/.svg}.
     *
     * @param name the file name without extension
     * @param formats the formats written
     * @return the name with each extension
     */
    public static String files(String name, Set<FigureFormat> formats) {
        return name + "." + formats.stream().map(FigureFormat::extension).collect(Collectors.joining("/."));
    }

    /**
     * The formats a command writes.
     *
     * @param svg whether SVG was asked for
     * @return PNG, and SVG when asked
     */
    public static Set<FigureFormat> of(boolean svg) {
        return svg ? EnumSet.of(PNG, SVG) : EnumSet.of(PNG);
    }
}
