package dev.xbar.bench;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Times the paper CNN's training step (or test pass) of several builds in one JVM: each build's benchmarks jar in a
 * class loader of its own (the same synthetic step {@code TrainingStepBenchmark} measures), a trainer per build and
 * thread count, and rounds of steps that alternate between them. Prints each trainer's median time per step with the
 * range over the rounds.
 *
 * <p>Why: on the project's 2 vCPU VM, JMH forks of the in situ step are bimodal (about one in six, at times most of
 * them, run 35% slower for the whole fork; README "Twelfth pass"), so two builds compared fork against fork need many
 * forks to tell 3% apart. In one JVM both builds see the same phase of the machine, round after round. Each build's
 * code is compiled on its own (its classes are distinct), but the builds share the heap, the caches and the JIT's
 * threads, so absolute times can differ from a JMH fork's; the comparison is what this is for. {@code bench/ab} runs it.
 */
public final class SameJvmAb {
    /** Steps each trainer runs before the first round: past the JIT's compilations. */
    private static final int WARM_STEPS = 1_500;

    /** Steps each trainer runs before its timed steps in a round, after the other trainers' rounds. */
    private static final int ROUND_WARM_STEPS = 30;

    private SameJvmAb() {}

    /** What to run, from the command line. */
    record Options(String mode, String pass, int rounds, int steps, int[] threads, Map<String, Path> builds) {
        /**
         * Parses {@code [--mode insitu|software] [--pass train|test] [--rounds N] [--steps N] [--threads 1,2]
         * LABEL=JAR...}.
         *
         * @param args the arguments
         * @return the options
         * @throws IllegalArgumentException naming the argument that is wrong and what was expected
         */
        static Options parse(final String[] args) {
            String mode = "insitu";
            String pass = "train";
            int rounds = 15;
            int steps = 300;
            int[] threads = {1, 2};
            final Map<String, Path> builds = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                final String a = args[i];
                if (a.startsWith("--")) {
                    if (i + 1 == args.length) {
                        throw new IllegalArgumentException(a + " needs a value");
                    }
                    final String v = args[++i];
                    switch (a) {
                        case "--mode" -> mode = oneOf(a, v, "insitu", "software");
                        case "--pass" -> pass = oneOf(a, v, "train", "test");
                        case "--rounds" -> rounds = positive(a, v);
                        case "--steps" -> steps = positive(a, v);
                        case "--threads" ->
                            threads = Arrays.stream(v.split(","))
                                    .mapToInt(t -> positive(a, t))
                                    .toArray();
                        default ->
                            throw new IllegalArgumentException("unknown option " + a
                                    + " (expected --mode, --pass, --rounds, --steps or --threads)");
                    }
                } else {
                    final int eq = a.indexOf('=');
                    if (eq <= 0 || eq == a.length() - 1) {
                        throw new IllegalArgumentException("'" + a + "' is not LABEL=JAR");
                    }
                    final String label = a.substring(0, eq);
                    if (builds.put(label, Path.of(a.substring(eq + 1))) != null) {
                        throw new IllegalArgumentException("label '" + label + "' is given twice");
                    }
                }
            }
            if (builds.isEmpty()) {
                throw new IllegalArgumentException(
                        "no build to time: give LABEL=JAR, e.g. new=bench/target/benchmarks.jar");
            }
            return new Options(mode, pass, rounds, steps, threads, builds);
        }

        private static String oneOf(final String option, final String value, final String... allowed) {
            if (!Arrays.asList(allowed).contains(value)) {
                throw new IllegalArgumentException(
                        option + " " + value + ": expected one of " + String.join(", ", allowed));
            }
            return value;
        }

        private static int positive(final String option, final String value) {
            try {
                final int n = Integer.parseInt(value.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (final NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(option + " " + value + ": expected a positive whole number");
        }
    }

    /** One trainer of one build: its synthetic step and the method that runs a step. */
    private record Contender(String name, Object step, Method run) {
        void steps(final int n) throws ReflectiveOperationException {
            for (int i = 0; i < n; i++) {
                run.invoke(step);
            }
        }
    }

    /**
     * Runs the comparison.
     *
     * @param args see {@link Options#parse}
     */
    public static void main(final String[] args) {
        try {
            final Options options = Options.parse(args);
            final Map<String, List<Double>> times = run(options);
            for (final Map.Entry<String, List<Double>> e : times.entrySet()) {
                System.out.println(e.getKey() + ": " + summary(e.getValue()));
            }
            // the trainers' helper threads are daemons, but their chips are native memory: end without closing them
            System.exit(0);
        } catch (final IllegalArgumentException e) {
            System.err.println("bench/ab: " + e.getMessage());
            System.exit(2);
        } catch (final IOException | ReflectiveOperationException e) {
            final Throwable cause = e instanceof InvocationTargetException t ? t.getCause() : e;
            System.err.println("bench/ab: " + cause);
            System.exit(1);
        }
    }

    private static Map<String, List<Double>> run(final Options o) throws IOException, ReflectiveOperationException {
        final List<Contender> contenders = new ArrayList<>();
        for (final Map.Entry<String, Path> build : o.builds().entrySet()) {
            final Path jar = build.getValue();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalArgumentException(build.getKey() + "=" + jar + ": no such jar");
            }
            // the platform loader as parent: a build sees its own classes only, never this jar's
            final ClassLoader loader =
                    new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
            // kernel providers are found through the context class loader
            Thread.currentThread().setContextClassLoader(loader);
            final Class<?> specs;
            try {
                specs = loader.loadClass("dev.xbar.core.chip.ChipSpec");
            } catch (final ClassNotFoundException e) {
                throw new IllegalArgumentException(
                        jar + " holds no Xbar engine: expected a bench/target/benchmarks.jar");
            }
            final Class<?> configs = loader.loadClass("dev.xbar.models.train.TrainConfig");
            final Class<?> stepClass = loader.loadClass("dev.xbar.models.train.SyntheticStep");
            final Object spec = specs.getMethod("preset", String.class).invoke(null, "nmi2019");
            final Object config = configs.getMethod("withSoftware", boolean.class)
                    .invoke(
                            configs.getMethod("paper", String.class, specs, long.class)
                                    .invoke(null, "cnn", spec, 1L),
                            "software".equals(o.mode()));
            for (final int t : o.threads()) {
                Object step = stepClass
                        .getMethod("of", configs, int.class, long.class)
                        .invoke(null, config, t, 12L);
                if ("test".equals(o.pass())) {
                    // as TrainingStepBenchmark and a yield study's trials run it
                    step = stepClass.getMethod("readInPlace").invoke(step);
                }
                contenders.add(new Contender(
                        String.format(
                                Locale.ROOT,
                                "%s, %s %s, %d thread%s",
                                build.getKey(),
                                o.mode(),
                                o.pass(),
                                t,
                                t == 1 ? "" : "s"),
                        step,
                        stepClass.getMethod("test".equals(o.pass()) ? "test" : "train")));
            }
        }
        for (final Contender t : contenders) {
            t.steps(WARM_STEPS);
        }
        final Map<String, List<Double>> times = new LinkedHashMap<>();
        for (int r = 0; r < o.rounds(); r++) {
            for (final Contender t : contenders) {
                t.steps(ROUND_WARM_STEPS);
                final long start = System.nanoTime();
                t.steps(o.steps());
                final double micros = (System.nanoTime() - start) / 1e3 / o.steps();
                times.computeIfAbsent(t.name(), k -> new ArrayList<>()).add(micros);
            }
        }
        return times;
    }

    /**
     * The median of some times per step, with their range.
     *
     * @param micros one value per round, in microseconds
     * @return e.g. "806 us per step (787-848), 15 rounds"
     */
    static String summary(final List<Double> micros) {
        final double[] v =
                micros.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        final double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return String.format(
                Locale.ROOT, "%.0f us per step (%.0f-%.0f), %d rounds", median, v[0], v[v.length - 1], v.length);
    }
}
