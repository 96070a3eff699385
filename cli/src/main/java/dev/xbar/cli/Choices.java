package dev.xbar.cli;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.models.study.TrialFunctions;
import java.util.Iterator;
import java.util.List;

/**
 * The one vocabulary of values the commands share ({@code --model}, {@code --mode}, {@code --preset}), for shell
 * completion and for the checks: {@code train} and {@code yield} use the same names for the same things, each
 * accepting the subset it can run.
 */
final class Choices {

    private Choices() {}

    /** Networks {@code xbar train} trains. */
    static final class TrainModels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("cnn", "mlp", "convlstm").iterator();
        }
    }

    /** Models {@code xbar yield} runs trials of. */
    static final class YieldModels implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return TrialFunctions.MODELS.iterator();
        }
    }

    /** Modes of {@code xbar train}. */
    static final class TrainModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("insitu", "software").iterator();
        }
    }

    /** Modes of {@code xbar yield}. */
    static final class YieldModes implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("insitu", "exsitu").iterator();
        }
    }

    /** Chip presets. */
    static final class Presets implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ChipSpec.PRESET_NAMES.iterator();
        }
    }

    /**
     * Whether a {@code train --mode} value asks for software training.
     *
     * @throws IllegalArgumentException naming the option and the values it takes
     */
    static boolean software(String mode) {
        return switch (mode) {
            case "insitu" -> false;
            case "software" -> true;
            case "exsitu" ->
                throw new IllegalArgumentException("--mode exsitu: train takes insitu or software; ex situ "
                        + "programming of software-trained weights is a yield study: xbar yield --mode exsitu");
            default -> throw new IllegalArgumentException("--mode '" + mode + "': expected insitu or software");
        };
    }
}
