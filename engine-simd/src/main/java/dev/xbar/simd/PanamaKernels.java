package dev.xbar.simd;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.CrossbarKernelSupport;
import dev.xbar.core.kernel.Patches;
import dev.xbar.core.kernel.ReadPath;
import dev.xbar.core.kernel.RowDrive;
import java.lang.foreign.MemorySegment;

/**
 * The chip kernels on the Vector API, over the chip's off-heap planes: arithmetic only, on the arguments, keys and
 * read path the {@code CrossbarKernels} front has checked and derived. Each operation hands the lane work to one class
 * per kernel family ({@link ForwardVmm}, {@link TransposedVmm}, {@link GateProgramming}, {@link PulseUpdates}); the
 * random draws come from {@link VectorRandom} and equal the scalar ones bit for bit. Nothing is allocated per call:
 * per-thread buffers and flyweights live in {@link Scratch}.
 *
 * <p>Package-private and loaded only by {@link SimdKernelProvider} after it has seen {@code jdk.incubator.vector} in
 * the boot layer.
 */
final class PanamaKernels implements CrossbarKernelSupport {
    /** The twin for the rare shapes the fast paths do not take. */
    private static final CrossbarKernelSupport REFERENCE = CrossbarKernelSupport.reference();

    /** Creates the kernels (stateless; one instance serves every chip and thread). */
    PanamaKernels() {}

    @Override
    public String name() {
        return SimdKernelProvider.NAME;
    }

    @Override
    public String toString() {
        return "PanamaKernels[" + Lanes.describe() + "]";
    }

    @Override
    public void vmm(
            final Chip chip,
            final Window w,
            final float[] volts,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final ReadPath read) {
        final Scratch s = Scratch.get(0, 0, 0, 0);
        ForwardVmm.run(
                chip.conductance(),
                chip.offset(w.row0(), w.col0()),
                (long) chip.rowStride() * Float.BYTES,
                w.rows(),
                w.cols(),
                s.rows.plain(volts, w.rows(), s.ones(w.rows())),
                currentsMicroAmps,
                firstRow,
                rowCount,
                s.read.wrap(read));
    }

    /**
     * The effective conductances are built once per window and event into per-thread native buffers ({@link
     * EffectiveCache}, rows padded to whole vectors), and the forward VMM runs over them with the activations read in
     * place.
     * Relative read noise (sums of G^2 per input, which the blocked kernels do not carry) goes to the scalar
     * reference: correct and identical, only slower; no preset chip has it.
     */
    @Override
    public void vmmDriven(
            final Chip chip,
            final Window w,
            final RowDrive drive,
            final float[] x,
            final int inputs,
            final float[] scales,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final ReadPath read) {
        final Scratch s = Scratch.get(0, 0, 0, 0);
        final ReadChain rc = s.read.wrap(read);
        if (rc.relative()) {
            REFERENCE.vmmDriven(chip, w, drive, x, inputs, scales, currentsMicroAmps, firstRow, rowCount, read);
            return;
        }
        final MemorySegment e = effective(s, chip, w, drive, read);
        ForwardVmm.run(
                e,
                0,
                (long) ReadChain.padded(w.cols()) * Float.BYTES,
                drive.span(),
                w.cols(),
                s.rows.wrap(x, inputs, drive.firstInput(), scales, s.weights(drive.span())),
                currentsMicroAmps,
                firstRow,
                rowCount,
                rc);
    }

    /**
     * The effective conductances as for {@link #vmmDriven}, and the rows read in place with the lanes over output
     * pixels ({@link PatchVmm}); relative read noise goes to the scalar reference, as there.
     */
    @Override
    public void vmmPatches(
            final Chip chip,
            final Window w,
            final RowDrive drive,
            final Patches patches,
            final float[] image,
            final float volts,
            final float[] scales,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final ReadPath read) {
        final Scratch s = Scratch.get(0, 0, 0, 0);
        final ReadChain rc = s.read.wrap(read);
        if (rc.relative()) {
            REFERENCE.vmmPatches(
                    chip, w, drive, patches, image, volts, scales, currentsMicroAmps, firstRow, rowCount, read);
            return;
        }
        final MemorySegment e = effective(s, chip, w, drive, read);
        PatchVmm.run(
                e,
                (long) ReadChain.padded(w.cols()) * Float.BYTES,
                drive.firstInput(),
                drive.span(),
                w.cols(),
                s.weights(drive.span()),
                patches,
                image,
                volts,
                scales,
                currentsMicroAmps,
                firstRow,
                rowCount,
                rc);
    }

    /**
     * The window's effective conductances for the event, rows padded to whole vectors ({@link EffectiveCache}), with
     * the drive's per-input weights of the sums of V^2 left in {@code s.weights(drive.span())}.
     */
    private static MemorySegment effective(
            final Scratch s, final Chip chip, final Window w, final RowDrive drive, final ReadPath read) {
        drive.weights(s.weights(drive.span()));
        return s.effective.get(chip, w, drive, read.event(), ReadChain.padded(w.cols()));
    }

    @Override
    public void vmmTransposed(
            final Chip chip,
            final Window w,
            final float[] volts,
            final float[] currentsMicroAmps,
            final int batch,
            final ReadPath read) {
        TransposedVmm.run(
                chip.conductance(),
                chip.offset(w.row0(), w.col0()),
                (long) chip.rowStride() * Float.BYTES,
                w.rows(),
                w.cols(),
                volts,
                currentsMicroAmps,
                batch,
                Scratch.get(0, 0, 0, 0).read.wrap(read));
    }

    @Override
    public void readConductances(
            final Chip chip, final Window w, final float[] microSiemens, final float readVolts, final ReadPath read) {
        ReadBack.run(
                chip, w, readVolts, microSiemens, Scratch.get(0, 0, 0, 0).read.wrap(read));
    }

    @Override
    public void programGate(
            final Chip chip,
            final Window w,
            final GateControlledDevice device,
            final float[] deltaGateVolts,
            final long writeKey) {
        gate(chip, w, device, writeKey).program(deltaGateVolts);
    }

    @Override
    public void resetAll(final Chip chip, final Window w, final GateControlledDevice device, final long writeKey) {
        gate(chip, w, device, writeKey).resetAll();
    }

    @Override
    public void setAll(
            final Chip chip,
            final Window w,
            final GateControlledDevice device,
            final float gateVolts,
            final long writeKey) {
        gate(chip, w, device, writeKey).setAll(gateVolts);
    }

    @Override
    public long applyPulses(
            final Chip chip,
            final Window w,
            final StepDevice device,
            final int[] signedPulseCounts,
            final long noiseKey) {
        return PulseUpdates.apply(chip, w, device, signedPulseCounts, noiseKey);
    }

    @Override
    public long pulseTrain(
            final Chip chip,
            final Window w,
            final StepDevice device,
            final float[] x,
            final float[] d,
            final int bl,
            final float scaleX,
            final float scaleD,
            final long rowKey,
            final long colKey,
            final long noiseKey) {
        return PulseUpdates.train(chip, w, device, x, d, bl, scaleX, scaleD, rowKey, colKey, noiseKey);
    }

    private static GateProgramming gate(
            final Chip chip, final Window w, final GateControlledDevice device, final long key) {
        return Scratch.get(w.cols(), 0, 0, 0).gate.wrap(chip, w, device, key);
    }
}
