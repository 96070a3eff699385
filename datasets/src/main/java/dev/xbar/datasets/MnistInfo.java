package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code xbar datasets info} shows: where the files are, whether they verified, and when they did, the counts,
 * class histograms and mean pixel of both splits.
 *
 * @param folder the folder looked at
 * @param files one status per official file
 * @param train summary of the training split, present only when all files verified
 * @param test summary of the test split, present only when all files verified
 */
public record MnistInfo(
        Path folder, List<FileStatus> files, Optional<SplitSummary> train, Optional<SplitSummary> test) {
    /** Copies the file list. */
    public MnistInfo {
        files = List.copyOf(files);
    }

    /**
     * Whether all four files verified.
     *
     * @return true if every file is {@link FileStatus.State#VERIFIED}
     */
    public boolean verified() {
        return MnistFiles.allVerified(files);
    }
}
