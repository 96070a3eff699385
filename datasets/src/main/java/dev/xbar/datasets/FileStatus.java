package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What was found for one MNIST file in a folder.
 *
 * @param file which file
 * @param path the file looked at ({@code name} or {@code name.gz}); empty when neither exists
 * @param state missing, verified, or present but failing verification
 * @param detail why it failed (empty otherwise)
 */
public record FileStatus(MnistFile file, Optional<Path> path, State state, String detail) {
    /** Outcome of looking for and verifying one file. */
    public enum State {
        MISSING,
        VERIFIED,
        FAILED
    }

    public boolean verified() {
        return state == State.VERIFIED;
    }
}
