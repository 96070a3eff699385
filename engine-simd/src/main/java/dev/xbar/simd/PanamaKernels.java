package dev.xbar.simd;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.KernelArguments;
import dev.xbar.core.kernel.RowDrive;
import dev.xbar.core.kernel.ScalarKernels;
import dev.xbar.core.random.Purpose;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * {@link CrossbarKernels} on the Vector API, over the chip's off-heap planes. Each operation checks its arguments
 * once, takes its event and keys exactly as the scalar reference does, and hands the lane work to one class per
 * kernel family ({@link ForwardVmm}, {@link TransposedVmm}, {@link GateProgramming}, {@link PulseUpdates}); the
 * random draws come from {@link VectorRandom} and equal the scalar ones bit for bit. Nothing is allocated per call:
 * per-thread buffers and flyweights live in {@link Scratch}.
 *
 * <p>Package-private and loaded only by {@link SimdKernelProvider} after it has seen {@code jdk.incubator.vector} in
 * the boot layer.
 */
final class PanamaKernels implements CrossbarKernels {
    /** The twin for the rare shapes the fast paths do not take. */
    private static final CrossbarKernels REFERENCE = new ScalarKernels();

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
            final long event) {
        KernelArguments.checkRows(chip, w, volts, currentsMicroAmps, firstRow, rowCount, w.rows(), w.cols());
        final Scratch s = Scratch.get(0, 0, 0, 0);
        final ReadChain rc = s.read.wrap(chip, event);
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
                rc);
        chip.count(0, 0, 0, 0, rowCount);
    }

    /**
     * The effective conductances are built per call into a per-thread native buffer ({@link EffectiveConductances},
     * rows padded to whole vectors), and the forward VMM runs over them with the activations read in place.
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
            final long event) {
        KernelArguments.checkDriven(chip, w, drive, x, inputs, scales, currentsMicroAmps, firstRow, rowCount);
        final Scratch s = Scratch.get(0, 0, 0, 0);
        final ReadChain rc = s.read.wrap(chip, event);
        if (rc.relative()) {
            REFERENCE.vmmDriven(chip, w, drive, x, inputs, scales, currentsMicroAmps, firstRow, rowCount, event);
            return;
        }
        final int m = drive.span();
        final int stride = ReadChain.padded(w.cols());
        final MemorySegment e = s.effective(m * stride);
        EffectiveConductances.build(chip, w, drive, e, stride);
        final float[] weights = s.weights(m);
        drive.weights(weights);
        ForwardVmm.run(
                e,
                0,
                (long) stride * Float.BYTES,
                m,
                w.cols(),
                s.rows.wrap(x, inputs, drive.firstInput(), scales, weights),
                currentsMicroAmps,
                firstRow,
                rowCount,
                rc);
        chip.count(0, 0, 0, 0, rowCount);
    }

    @Override
    public void vmmTransposed(
            final Chip chip, final Window w, final float[] volts, final float[] currentsMicroAmps, final int batch) {
        KernelArguments.checkBatch(chip, w, volts, currentsMicroAmps, batch, w.cols(), w.rows());
        final ReadChain rc = Scratch.get(0, 0, 0, 0).read.wrap(chip);
        TransposedVmm.run(
                chip.conductance(),
                chip.offset(w.row0(), w.col0()),
                (long) chip.rowStride() * Float.BYTES,
                w.rows(),
                w.cols(),
                volts,
                currentsMicroAmps,
                batch,
                rc);
        chip.count(0, 0, 0, 0, batch);
    }

    @Override
    public void readConductances(final Chip chip, final Window w, final float[] microSiemens, final long event) {
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), microSiemens.length);
        final ReadChain rc = Scratch.get(0, 0, 0, 0).read.wrap(chip, event);
        ReadBack.run(chip, w, (float) chip.spec().peripherals().readVolts(), microSiemens, rc);
        chip.count(0, 0, 0, w.size(), 0);
    }

    @Override
    public void programGate(final Chip chip, final Window w, final float[] deltaGateVolts, final long event) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), deltaGateVolts.length);
        gate(chip, w, device, event).program(deltaGateVolts);
    }

    @Override
    public void resetAll(final Chip chip, final Window w) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        gate(chip, w, device, chip.nextEvent()).resetAll();
    }

    @Override
    public void setAll(final Chip chip, final Window w, final float gateVolts) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        gate(chip, w, device, chip.nextEvent()).setAll(gateVolts);
    }

    @Override
    public void applyPulses(final Chip chip, final Window w, final int[] signedPulseCounts, final long event) {
        final StepDevice device = KernelArguments.stepDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), signedPulseCounts.length);
        final long noiseKey = chip.streamKey(Purpose.STEP_NOISE, event);
        final long pulses = PulseUpdates.apply(chip, w, device, signedPulseCounts, noiseKey);
        chip.count(0, 0, pulses, 0, 0);
    }

    @Override
    public void pulseTrainUpdate(
            final Chip chip, final Window w, final float[] x, final float[] d, final int bl, final float lr) {
        final StepDevice device = KernelArguments.checkPulseTrain(chip, w, x, d, bl, lr);
        final long event = chip.nextEvent();
        final long rowKey = chip.streamKey(Purpose.PULSE_TRAIN_ROWS, event);
        final long colKey = chip.streamKey(Purpose.PULSE_TRAIN_COLUMNS, event);
        final long noiseKey = chip.streamKey(Purpose.STEP_NOISE, event);
        final float xMax = KernelArguments.maxAbs(x, w.rows());
        final float dMax = KernelArguments.maxAbs(d, w.cols());
        if (xMax == 0.0f || dMax == 0.0f || lr == 0.0f) {
            return;
        }
        final float scaleX = KernelArguments.pulseTrainScale(device, bl, lr, dMax, xMax);
        final float scaleD = KernelArguments.pulseTrainScale(device, bl, lr, xMax, dMax);
        final Scratch s = Scratch.get(0, w.size(), w.rows(), w.cols());
        PulseUpdates.thresholds(x, scaleX, s.rowTrains, w.rows());
        PulseUpdates.thresholds(d, scaleD, s.colTrains, w.cols());
        PulseUpdates.trains(rowKey, s.rowTrains, w.rows(), bl);
        PulseUpdates.trains(colKey, s.colTrains, w.cols(), bl);
        PulseUpdates.coincidences(s.rowTrains, s.colTrains, x, d, s.counts, w.rows(), w.cols());
        final long pulses = PulseUpdates.apply(chip, w, device, s.counts, noiseKey);
        chip.count(0, 0, pulses, 0, 0);
    }

    private static GateProgramming gate(
            final Chip chip, final Window w, final GateControlledDevice device, final long event) {
        final long key = chip.streamKey(Purpose.WRITE_NOISE, event);
        return Scratch.get(w.cols(), 0, 0, 0).gate.wrap(chip, w, device, key);
    }
}
