package dev.xbar.cli;

import dev.xbar.core.kernel.Programming;
import picocli.CommandLine.Option;

/**
 * How weights are written onto chips (ex situ by {@code xbar yield --mode exsitu}, the initial weights by {@code xbar
 * train}): {@code --program open|verify} and the write-verify parameters.
 */
final class ProgramOptions {

    @Option(
            names = "--program",
            paramLabel = "open|verify",
            defaultValue = "open",
            description =
                    "How weights are written (yield: the ex situ weights; train: the chip's initial weights): open"
                            + " (the pulses that aim at each weight, no read-back) or verify (read back and correct each device"
                            + " until within --verify-tolerance or out of --verify-iterations; every pulse and read counted)."
                            + " Default: ${DEFAULT-VALUE}.")
    String program;

    @Option(
            names = "--verify-iterations",
            paramLabel = "N",
            description = "Most correction rounds per device with --program verify (0 to 1000). Default: 20.")
    Integer iterations;

    @Option(
            names = "--verify-tolerance",
            paramLabel = "uS",
            description = "|G - target| (microsiemens) at which write-verify stops correcting a device. Default: 5.")
    Double tolerance;

    /**
     * The programming the options ask for.
     *
     * @return open loop or write-verify
     * @throws IllegalArgumentException naming the option of a bad or conflicting value
     */
    Programming programming() {
        return switch (program) {
            case "open" -> {
                if (iterations != null || tolerance != null) {
                    throw new IllegalArgumentException(
                            "--verify-iterations and --verify-tolerance need --program verify");
                }
                yield Programming.OPEN_LOOP;
            }
            case "verify" ->
                new Programming.WriteVerify(iterations == null ? 20 : iterations, tolerance == null ? 5.0 : tolerance);
            default -> throw new IllegalArgumentException("--program '" + program + "' (expected open or verify)");
        };
    }
}
