package dev.xbar.datasets;

/**
 * Every failure of this module: a missing, corrupt or unverifiable file, or a failed fetch. Unchecked, so callers
 * that cannot recover (most of them) need no boilerplate; the message always names the file or source and says what
 * was expected.
 */
public final class DatasetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure without an underlying exception.
     *
     * @param message what failed, naming the file or source
     */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * A failure caused by another exception.
     *
     * @param message what failed, naming the file or source
     * @param cause the underlying exception
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
