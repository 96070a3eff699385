package dev.xbar.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the four verified Fashion-MNIST files into a folder, as {@link MnistFetcher} does for MNIST. Idempotent: when
 * all four verify ({@link PinnedFile}), nothing happens. Otherwise the sources are tried in order: Debian's
 * installed {@code dataset-fashion-mnist}, then the package fetched with {@code apt-get download} and unpacked. Each
 * missing file is copied into a temp file in the target folder, verified there, and only then moved into place, so a
 * failed fetch never leaves a file that looks valid.
 */
public final class FashionMnistFetcher {
    private final Path folder;
    private final List<PinnedFile> files;
    private final List<FashionMnistSource> sources;

    /**
     * Fetches into {@code folder} from the installed package, else from {@code apt-get download}.
     *
     * @param folder the folder to fill
     */
    public FashionMnistFetcher(final Path folder) {
        this(
                folder,
                FashionMnist.FILES,
                List.of(
                        new FashionMnistSource.Installed(FashionMnist.DEBIAN_FOLDER),
                        new AptPackageSource("apt-get", "dpkg-deb")));
    }

    /** Fetches {@code files} into {@code folder} from {@code sources}, in order. */
    FashionMnistFetcher(final Path folder, final List<PinnedFile> files, final List<FashionMnistSource> sources) {
        this.folder = folder.toAbsolutePath();
        this.files = List.copyOf(files);
        this.sources = List.copyOf(sources);
    }

    /**
     * Makes sure all four files are in the folder and verified.
     *
     * @return the source used, or empty text when all four were already there
     * @throws DatasetException when no source could provide them; the message says what each source said and how to
     *     place the files by hand
     */
    public String fetch() {
        List<PinnedFile> missing = PinnedFile.unverified(files, folder);
        if (missing.isEmpty()) {
            return "";
        }
        try {
            Files.createDirectories(folder);
        } catch (final IOException e) {
            throw new DatasetException("cannot create the Fashion-MNIST folder " + folder + " (" + e + ")", e);
        }
        final List<String> failures = new ArrayList<>();
        final List<String> used = new ArrayList<>();
        for (final FashionMnistSource source : sources) {
            Path work = null;
            try {
                work = Files.createTempDirectory("xbar-fetch-");
                final Path from = source.folder(work);
                if (copyVerified(from, missing, failures, source.description())) {
                    used.add(source.description());
                }
            } catch (final DatasetException | IOException e) {
                failures.add(source.description() + ": " + e.getMessage());
            } finally {
                TempFiles.deleteTree(work);
            }
            missing = PinnedFile.unverified(files, folder);
            if (missing.isEmpty()) {
                return String.join(", ", used);
            }
        }
        throw new DatasetException("could not obtain Fashion-MNIST into " + folder + ": "
                + String.join("; ", failures) + ". Install it with 'apt-get install " + AptPackageSource.PACKAGE
                + "' (Debian/Ubuntu), or put the four IDX files (raw or .gz) in " + folder
                + " (or point --data at a folder that holds them).");
    }

    /** Copies each wanted file that verifies from {@code from}; true if any was placed. */
    private boolean copyVerified(
            final Path from, final List<PinnedFile> wanted, final List<String> failures, final String source)
            throws IOException {
        boolean any = false;
        for (final PinnedFile f : wanted) {
            final List<Path> candidates = Idx.candidates(from, f.fileName());
            if (candidates.isEmpty()) {
                failures.add(source + ": no " + f.fileName() + "(.gz) in " + from);
                continue;
            }
            final Path in = candidates.getFirst();
            final String suffix = in.getFileName().toString().endsWith(Idx.GZIP_SUFFIX) ? Idx.GZIP_SUFFIX : "";
            // the temp file keeps the suffix, which tells the verification whether the size to check is the file's
            final Path tmp = Files.createTempFile(folder, "." + f.fileName() + ".", ".part" + suffix);
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                final String problem = f.problem(tmp);
                if (problem != null) {
                    failures.add(source + ": " + in + " does not verify (" + problem + ")");
                    continue;
                }
                TempFiles.makePublic(tmp);
                Files.move(
                        tmp,
                        folder.resolve(f.fileName() + suffix),
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                any = true;
            } finally {
                TempFiles.deleteQuietly(tmp);
            }
        }
        return any;
    }
}
