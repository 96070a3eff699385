package dev.xbar.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One CLI invocation in this JVM, as {@code xbar} runs it ({@link Main#execute}), with its exit code and what it
 * printed: the one runner the CLI tests share.
 *
 * @param code the exit code
 * @param out standard output
 * @param err standard error
 */
record CliRun(int code, String out, String err) {
    static CliRun of(final String... args) {
        final CommandLine cli = Main.commandLine(args);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        final int code = Main.execute(cli, args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
