package dev.xbar.datasets;

import java.nio.file.Path;

/**
 * Somewhere the four Fashion-MNIST files can be found: Debian's installed package folder, or the package downloaded
 * with {@code apt-get download} and unpacked. Tests substitute a local folder.
 */
interface FashionMnistSource {
    /** What is tried, for messages. */
    String description();

    /**
     * Makes the files available and returns the folder that holds them (raw or {@code .gz}).
     *
     * @param workDir an empty folder this call may fill, deleted afterwards
     * @throws DatasetException when it cannot, with a message a user can act on
     */
    Path folder(Path workDir);

    /** The folder Debian's {@code dataset-fashion-mnist} installs. */
    record Installed(Path folder) implements FashionMnistSource {
        @Override
        public String description() {
            return "the installed package (" + folder + ")";
        }

        @Override
        public Path folder(final Path workDir) {
            if (!java.nio.file.Files.isDirectory(folder)) {
                throw new DatasetException("not installed (no " + folder + ")");
            }
            return folder;
        }
    }
}
