package dev.xbar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xbar} command: the one entry point of the project. */
@Command(
        name = "xbar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Simulates memristor crossbar networks and trains them in situ.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new Main()).execute(args));
    }
}
