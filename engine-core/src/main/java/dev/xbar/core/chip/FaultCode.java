package dev.xbar.core.chip;

/**
 * Codes stored in {@link Plane#FAULT}, as floats so a vector kernel can build its "programmable" mask with one float
 * compare against {@link #OK}.
 */
public final class FaultCode {
    /** A working device. */
    public static final float OK = 0;
    /** Stuck at its lower bound. */
    public static final float STUCK_LOW = 1;
    /** Stuck at its upper bound. */
    public static final float STUCK_HIGH = 2;
    /** Stuck at a random conductance (or the one a fault map gives). */
    public static final float STUCK_RANDOM = 3;
    /** On a dead row or column: conducts nothing. */
    public static final float DEAD = 4;

    private FaultCode() {}
}
