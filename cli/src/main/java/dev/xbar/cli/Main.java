package dev.xbar.cli;

import java.util.Arrays;
import java.util.stream.Stream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xbar} command: the one entry point of the project. */
@Command(
        name = "xbar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Simulates memristor crossbar networks and trains them in situ.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DatasetsCommand.class,
            TrainCommand.class,
            SummarizeCommand.class,
            YieldCommand.class,
            WorkerCommand.class,
            ExportCommand.class,
            AutoComplete.GenerateCompletion.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(commandLine().execute(args));
    }

    /**
     * The command tree with the house error policy: a user error (bad option value, bad file, bad
     * spec) prints one line naming the problem and exits with 1; anything else keeps its stack
     * trace, because it is a bug.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        var yield = cli.getSubcommands().get("yield").getCommandSpec().usageMessage();
        yield.footer(Stream.concat(Stream.of("", YieldCommand.sweepHelp()), Arrays.stream(yield.footer()))
                .toArray(String[]::new));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof java.io.UncheckedIOException
                    || e instanceof dev.xbar.datasets.DatasetException) {
                line.getErr().println("xbar: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli;
    }
}
