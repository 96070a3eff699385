package dev.xbar.datasets;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the MNIST files live. In order: an explicit folder (the CLI's {@code --data}), else the environment variable
 * {@code XBAR_DATA}, else {@code ~/.cache/xbar/datasets/mnist}. Each names the folder that holds the four files
 * directly, so a user who already has them just points at their folder.
 *
 * @param folder absolute path of the folder
 */
public record DatasetCache(Path folder) {
    /** Environment variable that overrides the default folder. */
    public static final String ENV = "XBAR_DATA";

    /** Makes the folder absolute and normal. */
    public DatasetCache {
        folder = folder.toAbsolutePath().normalize();
    }

    /**
     * Resolves from {@code explicit}, the process environment and {@code user.home}.
     *
     * @param explicit the folder given by the user, or null
     * @return the cache
     */
    public static DatasetCache resolve(Path explicit) {
        return resolve(explicit, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Resolves from {@code explicit}, the given environment and home folder.
     *
     * @param explicit the folder given by the user, or null
     * @param env the environment, where {@link #ENV} is looked up
     * @param home the home folder
     * @return the cache
     */
    public static DatasetCache resolve(Path explicit, Map<String, String> env, Path home) {
        if (explicit != null) {
            return new DatasetCache(explicit);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DatasetCache(Path.of(fromEnv));
        }
        return new DatasetCache(defaultFolder(home));
    }

    /**
     * The default MNIST folder.
     *
     * @param home the home folder
     * @return {@code <home>/.cache/xbar/datasets/mnist}
     */
    public static Path defaultFolder(Path home) {
        return home.resolve(".cache").resolve("xbar").resolve("datasets").resolve("mnist");
    }
}
