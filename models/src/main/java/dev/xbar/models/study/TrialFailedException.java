package dev.xbar.models.study;

/** A trial threw: names the trial, keeps the cause (a bug in a trial function is a bug, with its stack trace). */
public final class TrialFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Wraps a trial's failure.
     *
     * @param id the trial
     * @param cause what it threw
     */
    public TrialFailedException(final TrialId id, final Throwable cause) {
        super(id + " failed: " + cause, cause);
    }
}
