package dev.xbar.models.train;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.Programming;
import dev.xbar.models.layer.AnalogMatrix;
import dev.xbar.models.layer.FloatMatrix;
import dev.xbar.models.mapping.NetworkLayout;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a training run's weights live: float arrays in memory (the software baseline) or blocks of a simulated chip
 * (in situ). It makes the weight matrices and reports the chip's counts, so a trainer never asks which one it has.
 */
sealed interface Substrate extends AutoCloseable permits Substrate.Software, Substrate.InSitu {
    /**
     * The substrate a run's config asks for.
     *
     * @param config the run
     * @param chip gives the chip of an in situ run (fabricated or loaded); called once, and only in situ. From then on
     *     the substrate owns it: it closes it also when it cannot be built around it
     * @return software, or the chip with its layout
     * @throws IllegalArgumentException if the network's blocks do not fit the chip
     */
    static Substrate of(final TrainConfig config, final Supplier<Chip> chip) {
        return of(config, chip, Programming.OPEN_LOOP);
    }

    /**
     * The substrate a run's config asks for, its fresh chip's initial weights written with the given programming.
     *
     * @param config the run
     * @param chip gives the chip, as for {@link #of(TrainConfig, Supplier)}
     * @param initial how a fresh chip's initial state is written ({@link AnalogMatrix#initialise(float[], Programming)})
     * @return software, or the chip with its layout
     * @throws IllegalArgumentException if the network's blocks do not fit the chip
     */
    static Substrate of(final TrainConfig config, final Supplier<Chip> chip, final Programming initial) {
        if (config.software()) {
            return new Software(config);
        }
        final Chip c = chip.get();
        try {
            return new InSitu(
                    config,
                    c,
                    Architecture.named(config.model()).layout(c.spec(), config.sequences()),
                    CrossbarKernels.get(),
                    initial);
        } catch (final RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Makes the matrices of the network's weight layers.
     *
     * @param fresh true for a new run, whose matrices start at their initial weights; false for matrices a
     *     checkpoint restores (a loaded chip is left as it is)
     * @return the factory {@link Architecture#build} calls in layer order
     */
    Architecture.MatrixFactory matrices(boolean fresh);

    /**
     * The chip's pulses, reads and VMMs so far.
     *
     * @return the counts (all zero in software)
     */
    ProgrammingStats stats();

    /**
     * The chip of an in situ run.
     *
     * @return the chip, or empty in software
     */
    Optional<Chip> chip();

    /**
     * Where the layers sit on the chip.
     *
     * @return the layout, or empty in software
     */
    Optional<NetworkLayout> layout();

    /** Releases the chip, if any. */
    @Override
    void close();

    /**
     * Programming pulses so far, of every kind.
     *
     * @return SET + RESET + step pulses
     */
    default long pulses() {
        final ProgrammingStats s = stats();
        return s.setPulses() + s.resetPulses() + s.stepPulses();
    }

    /**
     * Float weights, starting at the seeded software init ({@link Seeds#initialWeights}).
     *
     * @param config the run
     */
    record Software(TrainConfig config) implements Substrate {
        @Override
        public Architecture.MatrixFactory matrices(final boolean fresh) {
            return (index, block) -> new FloatMatrix(
                    block.inputs(),
                    block.outputs(),
                    Seeds.initialWeights(config.seed(), index, block.inputs(), block.outputs()));
        }

        @Override
        public ProgrammingStats stats() {
            return ProgrammingStats.NONE;
        }

        @Override
        public Optional<Chip> chip() {
            return Optional.empty();
        }

        @Override
        public Optional<NetworkLayout> layout() {
            return Optional.empty();
        }

        @Override
        public void close() {}
    }

    /** Blocks of a chip; a fresh run initialises each block as it is made, in layer order ({@link InitMode}). */
    final class InSitu implements Substrate {
        private final TrainConfig config;
        private final Chip chip;
        private final NetworkLayout layout;
        private final CrossbarKernels kernels;
        private final Programming initial;

        private InSitu(
                final TrainConfig config,
                final Chip chip,
                final NetworkLayout layout,
                final CrossbarKernels kernels,
                final Programming initial) {
            this.config = config;
            this.chip = chip;
            this.layout = layout;
            this.kernels = kernels;
            this.initial = initial;
        }

        @Override
        public Architecture.MatrixFactory matrices(final boolean fresh) {
            final boolean draws = config.init().drawsWeights(chip.spec());
            return (index, block) -> {
                final AnalogMatrix m = new AnalogMatrix(
                        chip, kernels, layout.blocks().get(index), config.scheme(), config.microSiemensPerWeight());
                if (fresh) {
                    m.initialise(
                            draws ? Seeds.initialWeights(config.seed(), index, block.inputs(), block.outputs()) : null,
                            initial);
                }
                return m;
            };
        }

        @Override
        public ProgrammingStats stats() {
            return chip.stats();
        }

        @Override
        public Optional<Chip> chip() {
            return Optional.of(chip);
        }

        @Override
        public Optional<NetworkLayout> layout() {
            return Optional.of(layout);
        }

        @Override
        public void close() {
            chip.close();
        }
    }
}
