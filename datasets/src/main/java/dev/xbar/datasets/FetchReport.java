package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Outcome of {@link MnistFetcher#fetch()}: all four files are verified when it returns.
 *
 * @param folder where the files live
 * @param files the verified files
 * @param source the archive source used, empty when everything was already in place
 * @param replaced the files that were missing or failed verification before this fetch
 */
public record FetchReport(Path folder, List<FileStatus> files, Optional<String> source, List<MnistFile> replaced) {
    public FetchReport {
        files = List.copyOf(files);
        replaced = List.copyOf(replaced);
    }

    /** True when nothing had to be downloaded. */
    public boolean alreadyPresent() {
        return source.isEmpty();
    }
}
