package dev.xbar.simd;

import static dev.xbar.simd.Lanes.F;
import static dev.xbar.simd.Lanes.N;
import static dev.xbar.simd.Lanes.NATIVE;

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
 * The two-pulse scheme of gate-controlled devices, 16 devices of a row at a time: every branch of the scalar
 * reference (unchanged, RESET first, faulty) becomes a lane mask, and each row's write-noise draws (RESET at index
 * 2k, SET at 2k + 1) are made in bulk by {@link VectorRandom} before the row is visited, so every device sees the
 * draws the scalar reference gives it. The last vector of a row is masked.
 *
 * <p>A mutable flyweight like {@link ReadChain}: one per thread, {@link #wrap}ped per call.
 */
final class GateProgramming {
    private Chip chip;
    private Window w;
    private long key;
    private float writeNoise;
    private float reset;
    private float vgMin;
    private float vgMax;
    private float vgStep;
    private float[] resetNoise;
    private float[] setNoise;

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
        final Scratch s = Scratch.get(w.cols(), 0, 0, 0);
        this.resetNoise = s.noise1;
        this.setNoise = s.noise2;
        if (writeNoise == 0.0f) {
            // the scalar reference adds 0 * xi, which is a signed zero: drawing nothing and adding zero is the same
            Arrays.fill(resetNoise, 0, w.cols(), 0.0f);
            Arrays.fill(setNoise, 0, w.cols(), 0.0f);
        }
        return this;
    }

    /** Vg clipped to the scheme's range, as the software remembers it. */
    float clipGate(final float vg) {
        return Math.clamp(vg, vgMin, vgMax);
    }

    /** {@link dev.xbar.core.kernel.CrossbarKernels#programGate}, counting the pulses on the chip. */
    void program(final float[] delta) {
        final MemorySegment g = chip.conductance();
        final MemorySegment vgLast = chip.gateVoltage();
        final MemorySegment fault = chip.faults();
        final int cols = w.cols();
        long sets = 0;
        long resets = 0;
        for (int i = 0; i < w.rows(); i++) {
            final int k0 = i * cols;
            draw(k0, true, true);
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < cols; j += N) {
                final VectorMask<Float> m = F.indexInRange(j, cols);
                final FloatVector d = FloatVector.fromArray(F, delta, k0 + j, m);
                final VectorMask<Float> change = d.compare(VectorOperators.NE, 0.0f, m);
                final VectorMask<Float> down = d.compare(VectorOperators.LT, 0.0f, m);
                sets += change.trueCount();
                resets += down.trueCount();
                final long at = row + (long) j * Float.BYTES;
                final VectorMask<Float> act = change.and(ok(fault, at, m));
                if (!act.anyTrue()) {
                    continue;
                }
                final FloatVector gMin = load(Plane.G_MIN, at, m);
                final FloatVector gMax = load(Plane.G_MAX, at, m);
                final FloatVector before = FloatVector.fromMemorySegment(F, g, at, NATIVE, m);
                final FloatVector afterReset = before.blend(reset(j, gMin, gMax), act.and(down));
                final FloatVector vg = VectorMath.clamp(
                        FloatVector.fromMemorySegment(F, vgLast, at, NATIVE, m).add(d),
                        d.broadcast(vgMin),
                        d.broadcast(vgMax));
                final FloatVector afterSet = set(at, m, j, afterReset, vg, gMin, gMax);
                before.blend(afterSet, act).intoMemorySegment(g, at, NATIVE, m);
                vg.intoMemorySegment(vgLast, at, NATIVE, act);
            }
        }
        chip.count(sets, resets, 0, 0, 0);
    }

    /** {@link dev.xbar.core.kernel.CrossbarKernels#resetAll}. */
    void resetAll() {
        final MemorySegment g = chip.conductance();
        final MemorySegment vgLast = chip.gateVoltage();
        final MemorySegment fault = chip.faults();
        final int cols = w.cols();
        for (int i = 0; i < w.rows(); i++) {
            draw(i * cols, true, false);
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < cols; j += N) {
                final VectorMask<Float> m = F.indexInRange(j, cols);
                final long at = row + (long) j * Float.BYTES;
                final VectorMask<Float> ok = ok(fault, at, m);
                reset(j, load(Plane.G_MIN, at, m), load(Plane.G_MAX, at, m)).intoMemorySegment(g, at, NATIVE, ok);
                FloatVector.zero(F).intoMemorySegment(vgLast, at, NATIVE, ok);
            }
        }
        chip.count(0, w.size(), 0, 0, 0);
    }

    /** {@link dev.xbar.core.kernel.CrossbarKernels#setAll}. */
    void setAll(final float gateVolts) {
        final MemorySegment g = chip.conductance();
        final MemorySegment vgLast = chip.gateVoltage();
        final MemorySegment fault = chip.faults();
        final int cols = w.cols();
        final FloatVector vg = FloatVector.broadcast(F, clipGate(gateVolts));
        for (int i = 0; i < w.rows(); i++) {
            draw(i * cols, false, true);
            final long row = chip.offset(w.row0() + i, w.col0());
            for (int j = 0; j < cols; j += N) {
                final VectorMask<Float> m = F.indexInRange(j, cols);
                final long at = row + (long) j * Float.BYTES;
                final VectorMask<Float> ok = ok(fault, at, m);
                final FloatVector before = FloatVector.fromMemorySegment(F, g, at, NATIVE, m);
                set(at, m, j, before, vg, load(Plane.G_MIN, at, m), load(Plane.G_MAX, at, m))
                        .intoMemorySegment(g, at, NATIVE, ok);
                vg.intoMemorySegment(vgLast, at, NATIVE, ok);
            }
        }
        chip.count(w.size(), 0, 0, 0, 0);
    }

    /** Draws the RESET (2k) and SET (2k + 1) write noise of one window row, k = k0 .. k0 + cols - 1. */
    private void draw(final int k0, final boolean resetDraws, final boolean setDraws) {
        if (writeNoise == 0.0f) {
            return;
        }
        if (resetDraws) {
            VectorRandom.gaussians(key, 2L * k0, 2, resetNoise, 0, w.cols());
        }
        if (setDraws) {
            VectorRandom.gaussians(key, 2L * k0 + 1, 2, setNoise, 0, w.cols());
        }
    }

    /** RESET lanes: clip(reset + noise * xi_2k). */
    private FloatVector reset(final int j, final FloatVector gMin, final FloatVector gMax) {
        final FloatVector noise = FloatVector.fromArray(F, resetNoise, j, F.indexInRange(j, w.cols()));
        return VectorMath.clamp(noise.mul(writeNoise).add(reset), gMin, gMax);
    }

    /** SET lanes at clipped gate voltage vg: clip(max(clip(f(q(vg))), G) + noise * xi_2k+1). */
    private FloatVector set(
            final long at,
            final VectorMask<Float> m,
            final int j,
            final FloatVector before,
            final FloatVector vg,
            final FloatVector gMin,
            final FloatVector gMax) {
        final FloatVector applied = VectorMath.rint(vg.div(vgStep)).mul(vgStep);
        final FloatVector target =
                VectorMath.clamp(load(Plane.SLOPE, at, m).fma(applied, load(Plane.OFFSET, at, m)), gMin, gMax);
        final FloatVector noise = FloatVector.fromArray(F, setNoise, j, m);
        return VectorMath.clamp(target.max(before).add(noise.mul(writeNoise)), gMin, gMax);
    }

    private FloatVector load(final Plane plane, final long at, final VectorMask<Float> m) {
        return FloatVector.fromMemorySegment(F, chip.plane(plane), at, NATIVE, m);
    }

    /** Lanes of working devices (stuck and dead ones ignore every pulse). */
    private static VectorMask<Float> ok(final MemorySegment fault, final long at, final VectorMask<Float> m) {
        return FloatVector.fromMemorySegment(F, fault, at, NATIVE, m).compare(VectorOperators.EQ, FaultCode.OK, m);
    }
}
