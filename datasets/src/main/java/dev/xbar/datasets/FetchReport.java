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
 * @param repairs one line per file that was present but damaged and has been replaced (which file, what was wrong,
 *     where the new one came from), for the user to hear about a failing disk or a tampered copy
 */
public record FetchReport(
        Path folder, List<FileStatus> files, Optional<String> source, List<MnistFile> replaced, List<String> repairs) {
    /** Copies the lists. */
    public FetchReport {
        files = List.copyOf(files);
        replaced = List.copyOf(replaced);
        repairs = List.copyOf(repairs);
    }

    /**
     * Whether nothing had to be downloaded.
     *
     * @return true when every file was already in place and verified
     */
    public boolean alreadyPresent() {
        return source.isEmpty();
    }
}
