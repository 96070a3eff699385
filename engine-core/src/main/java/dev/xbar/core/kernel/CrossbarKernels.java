package dev.xbar.core.kernel;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.random.Purpose;
import java.util.Objects;

/**
 * The operations on a rectangular window of a chip. Activations live in heap float arrays, chip state in the chip's
 * off-heap planes. A final front in Lucene's {@code VectorUtil} shape: each operation checks its arguments once, takes
 * its event, derives its stream keys, builds the read path, calls one implementation ({@link CrossbarKernelSupport}:
 * the scalar reference or the Vector API kernels, chosen once per JVM) and counts what it did on the chip's named
 * counters. So the contract lives here once and the implementations do arithmetic only. Nothing is allocated per call
 * (a per-thread scratch buffer may grow on first use); arrays need no slack past the values a call uses.
 *
 * <p>Random draws (contract shared by every implementation, so they agree draw for draw): each call takes one event
 * {@code e = chip.nextEvent()} and draws from {@code chip.streamKey(purpose, e)}.
 * Indices are window-relative: output (b, j) of a forward VMM uses index {@code b * w.cols() + j}, of a transposed VMM
 * {@code b * w.rows() + i}; device (i, j) of the window is {@code k = i * w.cols() + j}.
 *
 * <p>Units: volts, microsiemens, microamperes (I = V G without a factor).
 */
public final class CrossbarKernels {
    /** Each thread's read path, filled per call. */
    private static final ThreadLocal<ReadPath> READ_PATHS = ThreadLocal.withInitial(ReadPath::new);

    private final CrossbarKernelSupport impl;

    CrossbarKernels(final CrossbarKernelSupport impl) {
        this.impl = Objects.requireNonNull(impl, "impl");
    }

    /**
     * The implementation's name, as {@code -Dxbar.kernels} names it.
     *
     * @return e.g. "scalar" or "simd"
     */
    public String name() {
        return impl.name();
    }

    @Override
    public String toString() {
        return "CrossbarKernels[" + impl + "]";
    }

    /**
     * Batched forward VMM with read noise and the TIA/ADC chain. For each batch row b and window column j: the input
     * passes the DAC, I = sum_i V_bi G_ij, plus read noise N(0, sqrt(sa^2 sum_i V_bi^2 + sr^2 sum_i V_bi^2 G_ij^2))
     * (exactly the distribution of per-device read noise G + sa xi + sr G xi' on every device, summed on the column),
     * drawn as READ_NOISE index b * w.cols + j; plus output noise N(0, so) as OUTPUT_NOISE index b * w.cols + j; then
     * the ADC quantises and saturates. Counts {@code batch} VMMs.
     *
     * @param chip the chip
     * @param w the window (rows are inputs, columns outputs)
     * @param volts input voltages, [batch x w.rows] row-major
     * @param currentsMicroAmps output currents, [batch x w.cols] row-major
     * @param batch number of input vectors
     */
    public void vmm(
            final Chip chip, final Window w, final float[] volts, final float[] currentsMicroAmps, final int batch) {
        vmm(chip, w, volts, currentsMicroAmps, 0, batch, chip.nextEvent());
    }

    /**
     * Rows [firstRow, firstRow + rowCount) of a batched forward {@link #vmm} whose event the caller took: the draws
     * use the given event and the global row index b, so a batch split into row ranges, each run with the same event
     * (in any order, on any threads), gives the single call's result bit for bit. Concurrent calls on one chip are
     * safe when their row ranges do not overlap: they share only the chip's atomic counters. Counts {@code rowCount}
     * VMMs.
     *
     * @param chip the chip
     * @param w the window (rows are inputs, columns outputs)
     * @param volts input voltages, row b at {@code b * w.rows}
     * @param currentsMicroAmps output currents, row b at {@code b * w.cols}
     * @param firstRow the first batch row
     * @param rowCount number of batch rows
     * @param event the event of the whole batch, from {@link Chip#nextEvent()}
     */
    public void vmm(
            final Chip chip,
            final Window w,
            final float[] volts,
            final float[] currentsMicroAmps,
            final int firstRow,
            final int rowCount,
            final long event) {
        KernelArguments.checkRows(chip, w, volts, currentsMicroAmps, firstRow, rowCount, w.rows(), w.cols());
        impl.vmm(chip, w, volts, currentsMicroAmps, firstRow, rowCount, read(chip, event));
        chip.countVmms(rowCount, w.rows(), w.cols());
    }

    /**
     * Rows [firstRow, firstRow + rowCount) of a batched forward VMM whose rows are driven from scaled inputs: row i of
     * the window carries V_bi = sign_i s_b x[b * inputs + input_i] ({@link RowDrive}), as a layer's differential
     * pairs and copies do. The physics, noise, draws, event contract and count are those of {@link #vmm} on those
     * voltages; the arithmetic goes per input, which the odd DAC makes exact: with v_u = DAC(s_b x_b,first+u) over
     * the drive's span, I_bj = sum_u v_u E_uj with E from {@link RowDrive#effective} (one fused multiply-add per
     * input, u ascending), sum V^2 = sum_u (n_u v_u) v_u (fused, u ascending) and sum (V G)^2 = sum_u v_u^2 E2_uj. So
     * it equals {@code vmm} of the driven voltages up to float rounding, with a half or a quarter of its multiply-adds
     * and no voltage buffer.
     *
     * @param chip the chip
     * @param w the window, with {@code drive.rows()} rows
     * @param drive which input and sign drives each window row
     * @param x inputs, row b at {@code b * inputs}
     * @param inputs values per input row, more than {@code drive.maxInput()}
     * @param scales per batch row, the volts per unit input s_b (index b)
     * @param currentsMicroAmps output currents, row b at {@code b * w.cols}
     * @param firstRow the first batch row
     * @param rowCount number of batch rows
     * @param event the event of the whole batch, from {@link Chip#nextEvent()}: it names one instant of the chip, so
     *     the calls of one event must find the window's conductances unchanged (a kernel may keep what it derives
     *     from them under the event and the chip's {@link Chip#era}, as the SIMD kernel keeps the effective
     *     conductances across a batch's row ranges)
     */
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
        impl.vmmDriven(chip, w, drive, x, inputs, scales, currentsMicroAmps, firstRow, rowCount, read(chip, event));
        chip.countVmms(rowCount, w.rows(), w.cols());
    }

    /**
     * {@link MatrixKernels#scaleRows} and then {@link #vmmDriven} on the rows of an im2col matrix, without writing the
     * rows out: the kernel reads each input where it lies in the image ({@link Patches}). Each row's scale s_b = volts
     * / max|x_b| over all its inputs (1 for a row of zeros) is written to {@code scales[b]}, and the currents, noise,
     * draws, event contract and count are exactly those of {@code vmmDriven} on the written-out rows with those
     * scales, bit for bit in every implementation (a SIMD kernel may put its lanes over output pixels here).
     *
     * @param chip the chip
     * @param w the window, with {@code drive.rows()} rows
     * @param drive which input and sign drives each window row
     * @param patches the rows, with more inputs than {@code drive.maxInput()}
     * @param image the samples the rows read
     * @param volts the voltage each row's largest input is scaled to
     * @param scales per batch row, written: the volts per unit input s_b (index b)
     * @param currentsMicroAmps output currents, row b at {@code b * w.cols}
     * @param firstRow the first batch row
     * @param rowCount number of batch rows
     * @param event the event of the whole batch, as for {@code vmmDriven}
     */
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
            final long event) {
        KernelArguments.checkPatches(chip, w, drive, patches, image, scales, currentsMicroAmps, firstRow, rowCount);
        impl.vmmPatches(
                chip,
                w,
                drive,
                patches,
                image,
                volts,
                scales,
                currentsMicroAmps,
                firstRow,
                rowCount,
                read(chip, event));
        chip.countVmms(rowCount, w.rows(), w.cols());
    }

    /**
     * Batched transposed VMM: inputs on the columns, currents out of the rows, I_bi = sum_j V_bj G_ij, with the same
     * noise and ADC model as {@link #vmm} (draw index b * w.rows + i).
     *
     * @param chip the chip
     * @param w the window
     * @param volts input voltages, [batch x w.cols] row-major
     * @param currentsMicroAmps output currents, [batch x w.rows] row-major
     * @param batch number of input vectors
     */
    public void vmmTransposed(
            final Chip chip, final Window w, final float[] volts, final float[] currentsMicroAmps, final int batch) {
        KernelArguments.checkBatch(chip, w, volts, currentsMicroAmps, batch, w.cols(), w.rows());
        impl.vmmTransposed(chip, w, volts, currentsMicroAmps, batch, read(chip, chip.nextEvent()));
        chip.countVmms(batch, w.cols(), w.rows());
    }

    /**
     * Reads every device's conductance as the authors' hardware does: at the read voltage through TIA and ADC, G_read
     * = ADC(Vread (G + N(0, sqrt(sa^2 + sr^2 G^2))) + N(0, so)) / Vread, draws READ_NOISE and OUTPUT_NOISE index k.
     * Counts one read per device.
     *
     * @param chip the chip
     * @param w the window
     * @param microSiemens output, [w.rows x w.cols] row-major
     */
    public void readConductances(final Chip chip, final Window w, final float[] microSiemens) {
        readConductances(chip, w, microSiemens, chip.nextEvent());
    }

    /**
     * {@link #readConductances(Chip, Window, float[])} with an event the caller took: calls on disjoint windows may then
     * run concurrently and still draw what a sequential run in event order would.
     *
     * @param chip the chip
     * @param w the window
     * @param microSiemens output, [w.rows x w.cols] row-major
     * @param event the call's event, from {@link Chip#nextEvent()} or {@link Chip#takeEvents(int)}
     */
    public void readConductances(final Chip chip, final Window w, final float[] microSiemens, final long event) {
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), microSiemens.length);
        impl.readConductances(
                chip, w, microSiemens, (float) chip.spec().peripherals().readVolts(), read(chip, event));
        chip.countReads(w.size());
    }

    /**
     * The two-pulse programming scheme for gate devices. For each device with a non-zero change: if the change is
     * negative, RESET (G = reset + noise, WRITE_NOISE index 2k); then SET at Vg = clip(Vg_last + change, vgMin, vgMax)
     * quantised to the gate DAC step (G = max(f(Vg), G) + noise, WRITE_NOISE index 2k + 1); G is clipped to the
     * device's [gMin, gMax] after each pulse; Vg_last becomes the unquantised clipped value (as the authors' software
     * keeps it). Stuck and dead devices ignore everything (their pulses are still counted).
     *
     * @param chip a chip of {@code GateControlledDevice}s
     * @param w the window
     * @param deltaGateVolts gate-voltage changes, [w.rows x w.cols] row-major
     */
    public void programGate(final Chip chip, final Window w, final float[] deltaGateVolts) {
        programGate(chip, w, deltaGateVolts, chip.nextEvent());
    }

    /**
     * {@link #programGate(Chip, Window, float[])} with an event the caller took (see {@link #readConductances(Chip,
     * Window, float[], long)}).
     *
     * @param chip a chip of {@code GateControlledDevice}s
     * @param w the window
     * @param deltaGateVolts gate-voltage changes, [w.rows x w.cols] row-major
     * @param event the call's event
     */
    public void programGate(final Chip chip, final Window w, final float[] deltaGateVolts, final long event) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), deltaGateVolts.length);
        impl.programGate(chip, w, device, deltaGateVolts, chip.streamKey(Purpose.WRITE_NOISE, event));
        long sets = 0;
        long resets = 0;
        for (int k = 0; k < w.size(); k++) {
            final float delta = deltaGateVolts[k];
            sets += delta != 0.0f ? 1 : 0;
            resets += delta < 0.0f ? 1 : 0;
        }
        chip.countSets(sets);
        chip.countResets(resets);
    }

    /**
     * RESETs every device of the window (WRITE_NOISE index 2k) and forgets its gate voltage (Vg_last = 0).
     *
     * @param chip a chip of {@code GateControlledDevice}s
     * @param w the window
     */
    public void resetAll(final Chip chip, final Window w) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        impl.resetAll(chip, w, device, chip.streamKey(Purpose.WRITE_NOISE, chip.nextEvent()));
        chip.countResets(w.size());
    }

    /**
     * SETs every device of the window at one gate voltage (clipped and quantised as in {@link #programGate}; WRITE_NOISE
     * index 2k + 1) and records it as Vg_last. The paper initialises with {@code resetAll} then {@code setAll(1.6 V)}.
     *
     * @param chip a chip of {@code GateControlledDevice}s
     * @param w the window
     * @param gateVolts the gate voltage
     */
    public void setAll(final Chip chip, final Window w, final float gateVolts) {
        final GateControlledDevice device = KernelArguments.gateDevice(chip);
        w.checkFits(chip);
        impl.setAll(chip, w, device, device.clipGate(gateVolts), chip.streamKey(Purpose.WRITE_NOISE, chip.nextEvent()));
        chip.countSets(w.size());
    }

    /**
     * Applies signed pulse counts to step devices: n &gt; 0 potentiating pulses, n &lt; 0 depressing ones, one at a
     * time; pulse p of device k has cycle-to-cycle noise STEP_NOISE drawn as {@code gaussian(bits(key, k), p)}.
     *
     * @param chip a chip of {@code StepDevice}s
     * @param w the window
     * @param signedPulseCounts pulse counts, [w.rows x w.cols] row-major
     */
    public void applyPulses(final Chip chip, final Window w, final int[] signedPulseCounts) {
        applyPulses(chip, w, signedPulseCounts, chip.nextEvent());
    }

    /**
     * {@link #applyPulses(Chip, Window, int[])} with an event the caller took (see {@link #readConductances(Chip,
     * Window, float[], long)}).
     *
     * @param chip a chip of {@code StepDevice}s
     * @param w the window
     * @param signedPulseCounts pulse counts, [w.rows x w.cols] row-major
     * @param event the call's event
     */
    public void applyPulses(final Chip chip, final Window w, final int[] signedPulseCounts, final long event) {
        final StepDevice device = KernelArguments.stepDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.size(), signedPulseCounts.length);
        chip.countStepPulses(
                impl.applyPulses(chip, w, device, signedPulseCounts, chip.streamKey(Purpose.STEP_NOISE, event)));
    }

    /**
     * aihwkit-style stochastic pulse-train update (STOCHASTIC_COMPRESSED with update management, fixed BL): {@link
     * #pulseTrainUpdate(Chip, Window, float[], float[], PulseTrain, float)} with {@code new PulseTrain(bl, true,
     * false)}.
     *
     * @param chip a chip of {@code StepDevice}s
     * @param w the window
     * @param x row inputs, w.rows values
     * @param d column errors, w.cols values
     * @param bl pulse-train length, 1 to 64
     * @param lr learning rate: microsiemens of change per unit of x * d
     */
    public void pulseTrainUpdate(
            final Chip chip, final Window w, final float[] x, final float[] d, final int bl, final float lr) {
        pulseTrainUpdate(chip, w, x, d, new PulseTrain(bl, true, false), lr);
    }

    /**
     * aihwkit-style stochastic pulse-train update (STOCHASTIC_COMPRESSED). Row i fires in each of the BL slots
     * ({@link PulseTrain#length}) with probability px_i = min(A |x_i|, 1), column j with pd_j = min(B |d_j|, 1), A
     * and B from {@link PulseTrain#rowScale} and {@link PulseTrain#columnScale}, so that A B BL dwMin = lr. Device
     * (i, j) receives one pulse, in direction sign(x_i d_j), per slot where both fire: its count is Binomial(BL, px_i
     * pd_j) and its mean change lr x_i d_j microsiemens while no probability is clipped. Slot t of row i fires when
     * PULSE_TRAIN_ROWS uniform(i * BL + t) &lt; px_i; columns likewise with PULSE_TRAIN_COLUMNS index j * BL + t.
     * Step noise as in {@link #applyPulses}.
     *
     * @param chip a chip of {@code StepDevice}s
     * @param w the window
     * @param x row inputs, w.rows values
     * @param d column errors, w.cols values
     * @param train train length and management
     * @param lr learning rate: microsiemens of change per unit of x * d
     */
    public void pulseTrainUpdate(
            final Chip chip, final Window w, final float[] x, final float[] d, final PulseTrain train, final float lr) {
        final StepDevice device = KernelArguments.checkPulseTrain(chip, w, x, d, train.bl(), lr);
        final long event = chip.nextEvent();
        final float xMax = KernelArguments.maxAbs(x, w.rows());
        final float dMax = KernelArguments.maxAbs(d, w.cols());
        if (xMax == 0.0f || dMax == 0.0f || lr == 0.0f) {
            return;
        }
        final double dwMin = device.steps().dwMinMicroSiemens();
        final int bl = train.length(lr, xMax, dMax, dwMin);
        chip.countStepPulses(impl.pulseTrain(
                chip,
                w,
                device,
                x,
                d,
                bl,
                train.rowScale(bl, lr, xMax, dMax, dwMin),
                train.columnScale(bl, lr, xMax, dMax, dwMin),
                chip.streamKey(Purpose.PULSE_TRAIN_ROWS, event),
                chip.streamKey(Purpose.PULSE_TRAIN_COLUMNS, event),
                chip.streamKey(Purpose.STEP_NOISE, event)));
    }

    /**
     * The kernels of the implementation chosen for this JVM: {@code -Dxbar.kernels=name} forces one (and fails if it is
     * missing or unavailable); otherwise the available {@link KernelProvider} with the highest priority. Chosen once.
     *
     * @return the kernels
     * @throws IllegalStateException if the forced implementation is not available
     */
    public static CrossbarKernels get() {
        return KernelSelection.selected();
    }

    /**
     * A named implementation, for tests and benchmarks that compare them.
     *
     * @param name e.g. "scalar"
     * @return the kernels
     * @throws IllegalStateException if it is not registered or not available
     */
    public static CrossbarKernels named(final String name) {
        return new CrossbarKernels(KernelSelection.provider(name).create());
    }

    /** This thread's read path, keyed by the call's event. */
    private static ReadPath read(final Chip chip, final long event) {
        return READ_PATHS.get().set(chip, event);
    }
}
