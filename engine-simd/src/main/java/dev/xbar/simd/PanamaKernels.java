package dev.xbar.simd;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.KernelArguments;
import dev.xbar.core.random.Purpose;
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
        final ReadChain rc = Scratch.get(0, 0, 0, 0).read.wrap(chip, event);
        ForwardVmm.run(
                chip.conductance(),
                chip.offset(w.row0(), w.col0()),
                (long) chip.rowStride() * Float.BYTES,
                w.rows(),
                w.cols(),
                volts,
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
