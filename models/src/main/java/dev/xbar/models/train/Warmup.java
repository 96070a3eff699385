package dev.xbar.models.train;

/**
 * Runs a configuration's training step and test pass on random images ({@link SyntheticStep}) on a background thread
 * until stopped, so that the JIT compiles the kernels while a command is still loading its data and fabricating its
 * chip, one core busy and the other idle. The Vector API kernels run 50-100x slower until C2 has compiled them, and
 * in a default run the compilations, not the arithmetic, set the length of the first epoch.
 *
 * <p>The warm-up has its own trainer, chip and random streams, so the run's results are the same with or without it.
 * It trains on one thread, the run's region code being the same on any thread count. A warm-up that fails only ends
 * early: the run then compiles its kernels itself, as it would without one.
 */
public final class Warmup implements AutoCloseable {
    /** Training steps per test pass, about a run's ratio (60k training, 10k test samples per epoch). */
    private static final int STEPS_PER_TEST = 6;

    /**
     * Images per warm-up step: four sample ranges of 2 on its one thread ({@link
     * dev.xbar.models.layer.Network#samplesPerRange}). The kernels and their call paths are those of a full batch, and
     * a short step lets the warm-up end soon after {@link #stop}, when the run needs the core.
     */
    private static final int BATCH = 8;

    private final Thread thread;
    private volatile boolean stopped;
    private volatile int steps;

    private Warmup(final TrainConfig config) {
        this.thread = new Thread(() -> run(config), "xbar-warmup");
        thread.setDaemon(true);
        // the run's own priority, not MIN_PRIORITY: where ./xbar lets Java priorities set nice values (as root), a
        // minimum-priority warm-up ran at nice +4 behind the data loading and profiled the kernels later (8
        // interleaved default runs: 1.26 against 1.39 s beyond the steady pace, medians, less in 7)
    }

    /**
     * Starts warming up for a configuration.
     *
     * @param config the run's configuration (its model, substrate, chip spec and recipe)
     * @return the running warm-up; stop it when the run starts training, and close it (which waits for it) when done
     */
    public static Warmup start(final TrainConfig config) {
        final Warmup warmup = new Warmup(config);
        warmup.thread.start();
        return warmup;
    }

    private void run(final TrainConfig config) {
        try (SyntheticStep step = SyntheticStep.of(config.withSchedule(config.epochs(), BATCH), 1, config.seed())) {
            while (!stopped) {
                step.train();
                if (steps++ % STEPS_PER_TEST == 0) {
                    step.test();
                }
            }
        } catch (final RuntimeException e) {
            // ends the warm-up early: the run compiles its own kernels
        }
    }

    /**
     * Training steps the warm-up has run so far.
     *
     * @return steps
     */
    public int steps() {
        return steps;
    }

    /**
     * Asks the warm-up to end after its current step and returns at once; idempotent. The run starts training while
     * the warm-up finishes that step: in a fresh JVM a step can still take most of a second (kernels not yet
     * compiled), and waiting for it left the run's main thread idle for 0.35-0.8 s of a default run.
     */
    public void stop() {
        stopped = true;
    }

    /** {@link #stop}, then waits for the warm-up thread to end: a command that fails before training ends it too. */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
