package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static jdk.incubator.vector.VectorOperators.ADD;
import static jdk.incubator.vector.VectorOperators.DIV;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.MAX;
import static jdk.incubator.vector.VectorOperators.MIN;
import static jdk.incubator.vector.VectorOperators.MUL;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.FaultCode;
import dev.xbar.core.chip.Plane;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * The two-pulse scheme of gate-controlled devices, a chunk of window rows at a time ({@link ReadBack#chunkRows}): the
 * rows' planes are staged one after the other into heap arrays padded to whole vectors, so that a narrow window (the
 * paper CNN's blocks are 4 to 15 columns wide) still fills whole vectors and its write-noise draws (RESET at index 2k,
 * SET at 2k + 1) are made in bulk by {@link VectorRandom} (row by row, they were drawn one scalar Gaussian at a time),
 * short unmasked vector passes apply every branch of the scalar reference (unchanged, RESET first,
 * faulty) as lane masks, and the conductance and gate-voltage rows are copied back. Lanes past the last staged device
 * compute on padding and are never copied back, so no pass needs a mask; the passes are kept short because a loop
 * holding the whole scheme exceeds C2's inlining budget and the Vector API then boxes every vector. Every device sees
 * the scalar reference's draws and operations, so results are bit-identical.
 *
 * <p>A mutable flyweight like {@link ReadChain}: one per thread, {@link #wrap}ped per call.
 */
final class GateProgramming {
    /**
     * The planes a pass stages, in this order: the conductance and gate voltage first (the two copied back), SLOPE and
     * OFFSET last (only a SET reads them). Enum constants, not the chip's segments, so that pointing the flyweight at
     * a chip stores no segment into an array (each such store was type-checked, and failed its speculation in C2).
     */
    private static final Plane[] STAGED = {
        Plane.CONDUCTANCE, Plane.GATE_VOLTAGE, Plane.FAULT, Plane.G_MIN, Plane.G_MAX, Plane.SLOPE, Plane.OFFSET
    };

    /** Planes staged for a RESET alone: all but SLOPE and OFFSET. */
    private static final int STAGED_FOR_RESET = 5;

    /** Planes copied back: the conductance and the gate voltage. */
    private static final int UNSTAGED = 2;

    private Chip chip;
    private Window w;
    private long key;
    private float writeNoise;
    private float reset;
    private float vgMin;
    private float vgMax;
    private float vgStep;
    private float[] delta = new float[0];
    private float[] g = new float[0];
    private float[] vgLast = new float[0];
    private float[] fault = new float[0];
    private float[] gMin = new float[0];
    private float[] gMax = new float[0];
    private float[] slope = new float[0];
    private float[] offset = new float[0];
    private float[] resetNoise = new float[0];
    private float[] setNoise = new float[0];
    private float[] target = new float[0];
    private float[] selected = new float[0];
    // the heap rows of STAGED's planes, in that order
    private final float[][] rows = new float[STAGED.length][];

    /** Points this flyweight at one call: the chip, window, device and WRITE_NOISE key of the call's event. */
    GateProgramming wrap(final Chip chip, final Window w, final GateControlledDevice device, final long key) {
        this.chip = chip;
        this.w = w;
        this.key = key;
        this.writeNoise = (float) device.writeNoiseMicroSiemens();
        this.reset = (float) device.resetMicroSiemens();
        this.vgMin = (float) device.vgMinVolts();
        this.vgMax = (float) device.vgMaxVolts();
        this.vgStep = (float) device.vgStepVolts();
        final int n = ReadChain.padded(Math.min(w.rows(), ReadBack.chunkRows(w.cols())) * w.cols());
        if (g.length < n) {
            delta = new float[n];
            g = new float[n];
            vgLast = new float[n];
            fault = new float[n];
            gMin = new float[n];
            gMax = new float[n];
            slope = new float[n];
            offset = new float[n];
            resetNoise = new float[n];
            setNoise = new float[n];
            target = new float[n];
            selected = new float[n];
        }
        rows[0] = g;
        rows[1] = vgLast;
        rows[2] = fault;
        rows[3] = gMin;
        rows[4] = gMax;
        rows[5] = slope;
        rows[6] = offset;
        if (writeNoise == 0.0f) {
            // the scalar reference adds 0 * xi, a signed zero: drawing nothing and adding zero is the same
            Arrays.fill(resetNoise, 0.0f);
            Arrays.fill(setNoise, 0.0f);
        }
        return this;
    }

    /** {@link dev.xbar.core.kernel.CrossbarKernels#programGate}. */
    void program(final float[] deltaGateVolts) {
        final int cols = w.cols();
        final int chunkRows = ReadBack.chunkRows(cols);
        for (int r0 = 0; r0 < w.rows(); r0 += chunkRows) {
            final int r1 = Math.min(w.rows(), r0 + chunkRows);
            final int n = stage(r0, r1, true);
            System.arraycopy(deltaGateVolts, r0 * cols, delta, 0, n);
            Arrays.fill(delta, n, delta.length, 0.0f);
            draw(r0 * cols, n, true, true);
            for (int j = 0; j < n; j += N) {
                final FloatVector d = FloatVector.fromArray(F, delta, j);
                final VectorMask<Float> change = d.compare(VectorOperators.NE, 0.0f);
                final VectorMask<Float> down = d.compare(VectorOperators.LT, 0.0f);
                final VectorMask<Float> act =
                        change.and(FloatVector.fromArray(F, fault, j).compare(VectorOperators.EQ, FaultCode.OK));
                final FloatVector lo = FloatVector.fromArray(F, gMin, j);
                final FloatVector hi = FloatVector.fromArray(F, gMax, j);
                final FloatVector afterReset = FloatVector.fromArray(F, resetNoise, j)
                        .lanewise(MUL, FloatVector.broadcast(F, writeNoise))
                        .lanewise(ADD, FloatVector.broadcast(F, reset))
                        .lanewise(MAX, lo)
                        .lanewise(MIN, hi);
                FloatVector.fromArray(F, g, j).blend(afterReset, act.and(down)).intoArray(g, j);
                FloatVector.fromArray(F, vgLast, j)
                        .lanewise(ADD, d)
                        .lanewise(MAX, FloatVector.broadcast(F, vgMin))
                        .lanewise(MIN, FloatVector.broadcast(F, vgMax))
                        .intoArray(target, j);
                FloatVector.zero(F).blend(FloatVector.broadcast(F, 1.0f), act).intoArray(selected, j);
            }
            setSelected(n);
            unstage(r0, r1);
        }
    }

    /** {@link dev.xbar.core.kernel.CrossbarKernels#resetAll}. */
    void resetAll() {
        final int chunkRows = ReadBack.chunkRows(w.cols());
        for (int r0 = 0; r0 < w.rows(); r0 += chunkRows) {
            final int r1 = Math.min(w.rows(), r0 + chunkRows);
            final int n = stage(r0, r1, false);
            draw(r0 * w.cols(), n, true, false);
            for (int j = 0; j < n; j += N) {
                final VectorMask<Float> ok =
                        FloatVector.fromArray(F, fault, j).compare(VectorOperators.EQ, FaultCode.OK);
                final FloatVector afterReset = FloatVector.fromArray(F, resetNoise, j)
                        .lanewise(MUL, FloatVector.broadcast(F, writeNoise))
                        .lanewise(ADD, FloatVector.broadcast(F, reset))
                        .lanewise(MAX, FloatVector.fromArray(F, gMin, j))
                        .lanewise(MIN, FloatVector.fromArray(F, gMax, j));
                FloatVector.fromArray(F, g, j).blend(afterReset, ok).intoArray(g, j);
                FloatVector.fromArray(F, vgLast, j)
                        .blend(FloatVector.zero(F), ok)
                        .intoArray(vgLast, j);
            }
            unstage(r0, r1);
        }
    }

    /** {@link dev.xbar.core.kernel.CrossbarKernels#setAll}, at a gate voltage already clipped. */
    void setAll(final float gateVolts) {
        Arrays.fill(target, gateVolts);
        final int chunkRows = ReadBack.chunkRows(w.cols());
        for (int r0 = 0; r0 < w.rows(); r0 += chunkRows) {
            final int r1 = Math.min(w.rows(), r0 + chunkRows);
            final int n = stage(r0, r1, true);
            draw(r0 * w.cols(), n, false, true);
            for (int j = 0; j < n; j += N) {
                final VectorMask<Float> ok =
                        FloatVector.fromArray(F, fault, j).compare(VectorOperators.EQ, FaultCode.OK);
                FloatVector.zero(F).blend(FloatVector.broadcast(F, 1.0f), ok).intoArray(selected, j);
            }
            setSelected(n);
            unstage(r0, r1);
        }
    }

    /**
     * SET on the selected lanes of the first n staged devices at the clipped gate voltage in target: G =
     * clip(max(clip(f(q(vg))), G) + noise xi_2k+1), with f(v) = slope v + offset (one fused multiply-add) and q the
     * gate DAC; Vg_last = vg.
     */
    private void setSelected(final int n) {
        for (int j = 0; j < n; j += N) {
            final VectorMask<Float> act = FloatVector.fromArray(F, selected, j).compare(VectorOperators.NE, 0.0f);
            final FloatVector vg = FloatVector.fromArray(F, target, j);
            final FloatVector lo = FloatVector.fromArray(F, gMin, j);
            final FloatVector hi = FloatVector.fromArray(F, gMax, j);
            final FloatVector step = FloatVector.broadcast(F, vgStep);
            final FloatVector applied = VectorMath.rint(vg.lanewise(DIV, step)).lanewise(MUL, step);
            final FloatVector level = FloatVector.fromArray(F, slope, j)
                    .lanewise(FMA, applied, FloatVector.fromArray(F, offset, j))
                    .lanewise(MAX, lo)
                    .lanewise(MIN, hi);
            final FloatVector before = FloatVector.fromArray(F, g, j);
            final FloatVector afterSet = level.lanewise(MAX, before)
                    .lanewise(
                            ADD,
                            FloatVector.fromArray(F, setNoise, j).lanewise(MUL, FloatVector.broadcast(F, writeNoise)))
                    .lanewise(MAX, lo)
                    .lanewise(MIN, hi);
            before.blend(afterSet, act).intoArray(g, j);
            FloatVector.fromArray(F, vgLast, j).blend(vg, act).intoArray(vgLast, j);
        }
    }

    /**
     * Copies window rows [r0, r1) of the planes a pass reads into the heap rows, one after the other. One copy call
     * site in a loop over the planes: C2 inlines each {@code MemorySegment.copy} site with its access checks, and with
     * a site per plane this method and {@link #program} were C2's largest compilations of a default run (22 and 24 KB
     * of code; C2's CPU time in a default run fell by about a fifth without them, README "ninth pass").
     *
     * @return the number of devices staged, (r1 - r0) cols
     */
    private int stage(final int r0, final int r1, final boolean forSet) {
        final int cols = w.cols();
        final int count = forSet ? STAGED.length : STAGED_FOR_RESET;
        for (int i = r0; i < r1; i++) {
            final long at = chip.offset(w.row0() + i, w.col0());
            final int to = (i - r0) * cols;
            for (int p = 0; p < count; p++) {
                MemorySegment.copy(chip.plane(STAGED[p]), JAVA_FLOAT, at, rows[p], to, cols);
            }
        }
        return (r1 - r0) * cols;
    }

    /** Copies the conductance and gate-voltage rows [r0, r1) back (only the window's columns); one call site too. */
    private void unstage(final int r0, final int r1) {
        final int cols = w.cols();
        for (int i = r0; i < r1; i++) {
            final long at = chip.offset(w.row0() + i, w.col0());
            for (int p = 0; p < UNSTAGED; p++) {
                MemorySegment.copy(rows[p], (i - r0) * cols, chip.plane(STAGED[p]), JAVA_FLOAT, at, cols);
            }
        }
    }

    /** Draws the RESET (2k) and SET (2k + 1) write noise of n staged devices, k = k0 .. k0 + n - 1. */
    private void draw(final int k0, final int n, final boolean resetDraws, final boolean setDraws) {
        if (writeNoise == 0.0f) {
            return;
        }
        if (resetDraws) {
            VectorRandom.gaussians(key, 2L * k0, 2, resetNoise, 0, n);
        }
        if (setDraws) {
            VectorRandom.gaussians(key, 2L * k0 + 1, 2, setNoise, 0, n);
        }
    }
}
