package dev.xbar.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code xbar} command: the one entry point of the project.
 *
 * <p><b>Exit codes.</b> {@value #OK}: done. {@value #FAILED}: the command could not do its work: a missing, damaged or
 * conflicting file or folder, too little memory, a full disk (one line names the file and what is wrong).
 * {@value #USAGE}: a bad command line: an unknown option, a bad option value, options that conflict (one line names
 * the option, then a pointer to {@code --help}). {@value #INTERNAL}: a bug (one line; {@code --debug} or
 * {@code XBAR_DEBUG=1} shows the stack trace, which every error shows then).
 */
@Command(
        name = "xbar",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Simulates memristor crossbar networks and trains them in situ.")
public final class Main implements Runnable {
    /**
     * The subcommands, in the order {@code xbar --help} lists them. A command line builds only the one it names
     * ({@link #commandLine}): picocli reads every option of every command it is given by reflection, in a JVM that has
     * compiled nothing yet, and the whole tree took 405-446 ms to build against 234-255 ms for {@code train} alone.
     */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            CommandLine.HelpCommand.class,
            DatasetsCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            SummarizeCommand.class,
            SpecCommand.class,
            YieldCommand.class,
            WorkerCommand.class,
            ExportCommand.class,
            AutoComplete.GenerateCompletion.class);

    /** Subcommands that act on the whole tree (help on any command, completion of all), built with all the others. */
    private static final List<Class<?>> ON_THE_TREE =
            List.of(CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class);

    /** Exit code: done. */
    static final int OK = 0;
    /** Exit code: the command failed on its files, folders or resources. */
    static final int FAILED = 1;
    /** Exit code: a bad command line (picocli's usage errors exit with this too). */
    static final int USAGE = 2;
    /** Exit code: an internal error (a bug). */
    static final int INTERNAL = 3;

    /** The environment variable that, set to anything but empty or 0, shows stack traces. */
    static final String DEBUG_ENV = "XBAR_DEBUG";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--debug",
            scope = ScopeType.INHERIT,
            description = "Show the stack trace of an error (as XBAR_DEBUG=1 does).")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(execute(commandLine(args), args));
    }

    /**
     * Runs the command line; an {@link Error} (out of memory, say) that escapes a command becomes one line and
     * {@value #FAILED} too, since the JVM is still able to say so.
     */
    static int execute(CommandLine cli, String[] args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return report(
                    cli.getErr(),
                    e,
                    debugWanted(args),
                    FAILED,
                    "out of memory (" + e.getMessage() + "): make the job smaller, or give the JVM more"
                            + " (XBAR_JAVA_OPTS=-Xmx<size>)");
        }
    }

    /**
     * The command tree for a command line, with the house error policy: every exception becomes one line naming the
     * problem, with the exit codes above; the stack trace only on request. The tree holds only the subcommand that the
     * first argument not starting with '-' names (the top-level options take no values), or every subcommand when it
     * names none of them, or help or completion: the top-level usage, its list of commands and the suggestions for a
     * mistyped one need them all.
     *
     * @param arguments the command line
     * @return the tree, ready to execute them
     */
    static CommandLine commandLine(final String... arguments) {
        CommandLine cli = new CommandLine(new Main());
        final Class<?> named = named(arguments);
        for (final Class<?> command : SUBCOMMANDS) {
            if (named == null || command == named) {
                cli.addSubcommand(command);
            }
        }
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine line = e.getCommandLine();
            PrintWriter err = line.getErr();
            if (debugWanted(args)) {
                e.printStackTrace(err);
            }
            err.println("xbar: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
            err.println("Try '" + line.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return USAGE;
        });
        final CommandLine yieldCommand = cli.getSubcommands().get("yield");
        if (yieldCommand != null) {
            var yield = yieldCommand.getCommandSpec().usageMessage();
            yield.footer(Stream.concat(Stream.of("", YieldCommand.sweepHelp()), Arrays.stream(yield.footer()))
                    .toArray(String[]::new));
        }
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            boolean debug = debugWanted(parsed);
            if (e instanceof IllegalArgumentException
                    || e instanceof IllegalStateException
                    || e instanceof UncheckedIOException
                    || e instanceof IOException
                    || e instanceof dev.xbar.datasets.DatasetException
                    || e instanceof com.hazelcast.core.HazelcastException) {
                return report(line.getErr(), e, debug, FAILED, message(e));
            }
            return report(
                    line.getErr(),
                    e,
                    debug,
                    INTERNAL,
                    "internal error: " + e + " (a bug; --debug or " + DEBUG_ENV + "=1 shows the stack trace)");
        });
        return cli;
    }

    /**
     * The subcommand that args name, if it is the only one the tree needs ({@link #commandLine}).
     *
     * @return its class, or null for the whole tree
     */
    private static Class<?> named(final String[] args) {
        for (final String arg : args) {
            if (!arg.startsWith("-")) {
                for (final Class<?> command : SUBCOMMANDS) {
                    if (!ON_THE_TREE.contains(command) && name(command).equals(arg)) {
                        return command;
                    }
                }
                return null;
            }
        }
        return null;
    }

    /**
     * A subcommand's name, from its annotation.
     *
     * @param command a subcommand class
     * @return its {@code @Command} name
     */
    private static String name(final Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static int report(PrintWriter err, Throwable e, boolean debug, int code, String message) {
        if (debug) {
            e.printStackTrace(err);
        }
        err.println("xbar: " + message);
        err.flush();
        return code;
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private static boolean debugWanted(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return debugEnv();
    }

    private static boolean debugWanted(String[] args) {
        return java.util.Arrays.asList(args).contains("--debug") || debugEnv();
    }

    private static boolean debugEnv() {
        String value = System.getenv(DEBUG_ENV);
        return value != null && !value.isEmpty() && !value.equals("0");
    }
}
