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
        /** Neither {@code name} nor {@code name.gz} exists. */
        MISSING,
        /** Present, with the published size and SHA-256. */
        VERIFIED,
        /** Present but unreadable or with another size or hash. */
        FAILED
    }

    /**
     * Whether the file verified.
     *
     * @return true for {@link State#VERIFIED}
     */
    public boolean verified() {
        return state == State.VERIFIED;
    }
}
