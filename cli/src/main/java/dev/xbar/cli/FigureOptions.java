package dev.xbar.cli;

import dev.xbar.cli.report.FigureFormat;
import java.util.Set;
import picocli.CommandLine.Option;

/** The formats a command writes its figures in: {@code --svg}, shared by every command that draws. */
final class FigureOptions {

    @Option(
            names = "--svg",
            description =
                    "Also write each figure as NAME.svg (vector, for a paper). Off by default: in a fresh JVM an SVG"
                            + " costs about a second per figure, more than the PNG.")
    boolean svg;

    /** PNG, and SVG when asked. */
    Set<FigureFormat> formats() {
        return FigureFormat.of(svg);
    }
}
