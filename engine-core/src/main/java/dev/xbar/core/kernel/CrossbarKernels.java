package dev.xbar.core.kernel;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;

/**
 * The operations on a rectangular window of a chip. Activations live in heap float arrays, chip state in the chip's
 * off-heap planes. Implementations check bounds once at entry and allocate nothing per call (a per-thread scratch
 * buffer may grow on first use).
 *
 * <p>Random draws (contract shared by every implementation, so they agree draw for draw): each call takes one event
 * {@code e = chip.nextEvent()} and draws from {@code chip.streamKey(purpose, e)}.
 * Indices are window-relative: output (b, j) of a forward VMM uses index {@code b * w.cols() + j}, of a transposed VMM
 * {@code b * w.rows() + i}; device (i, j) of the window is {@code k = i * w.cols() + j}.
 *
 * <p>Units: volts, microsiemens, microamperes (I = V G without a factor).
 */
public interface CrossbarKernels {
    /**
     * The implementation's name, as {@code -Dxbar.kernels} names it.
     *
     * @return e.g. "scalar" or "simd"
     */
    String name();

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
    default void vmm(Chip chip, Window w, float[] volts, float[] currentsMicroAmps, int batch) {
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
    void vmm(Chip chip, Window w, float[] volts, float[] currentsMicroAmps, int firstRow, int rowCount, long event);

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
     * @param event the event of the whole batch, from {@link Chip#nextEvent()}
     */
    void vmmDriven(
            Chip chip,
            Window w,
            RowDrive drive,
            float[] x,
            int inputs,
            float[] scales,
            float[] currentsMicroAmps,
            int firstRow,
            int rowCount,
            long event);

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
    void vmmTransposed(Chip chip, Window w, float[] volts, float[] currentsMicroAmps, int batch);

    /**
     * Reads every device's conductance as the authors' hardware does: at the read voltage through TIA and ADC, G_read
     * = ADC(Vread (G + N(0, sqrt(sa^2 + sr^2 G^2))) + N(0, so)) / Vread, draws READ_NOISE and OUTPUT_NOISE index k.
     * Counts one read per device.
     *
     * @param chip the chip
     * @param w the window
     * @param microSiemens output, [w.rows x w.cols] row-major
     */
    default void readConductances(Chip chip, Window w, float[] microSiemens) {
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
    void readConductances(Chip chip, Window w, float[] microSiemens, long event);

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
    default void programGate(Chip chip, Window w, float[] deltaGateVolts) {
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
    void programGate(Chip chip, Window w, float[] deltaGateVolts, long event);

    /**
     * RESETs every device of the window (WRITE_NOISE index 2k) and forgets its gate voltage (Vg_last = 0).
     *
     * @param chip a chip of {@code GateControlledDevice}s
     * @param w the window
     */
    void resetAll(Chip chip, Window w);

    /**
     * SETs every device of the window at one gate voltage (clipped and quantised as in {@link #programGate}; WRITE_NOISE
     * index 2k + 1) and records it as Vg_last. The paper initialises with {@code resetAll} then {@code setAll(1.6 V)}.
     *
     * @param chip a chip of {@code GateControlledDevice}s
     * @param w the window
     * @param gateVolts the gate voltage
     */
    void setAll(Chip chip, Window w, float gateVolts);

    /**
     * Applies signed pulse counts to step devices: n &gt; 0 potentiating pulses, n &lt; 0 depressing ones, one at a
     * time; pulse p of device k has cycle-to-cycle noise STEP_NOISE drawn as {@code gaussian(bits(key, k), p)}.
     *
     * @param chip a chip of {@code StepDevice}s
     * @param w the window
     * @param signedPulseCounts pulse counts, [w.rows x w.cols] row-major
     */
    default void applyPulses(Chip chip, Window w, int[] signedPulseCounts) {
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
    void applyPulses(Chip chip, Window w, int[] signedPulseCounts, long event);

    /**
     * aihwkit-style stochastic pulse-train update (STOCHASTIC_COMPRESSED with update management). Row i fires in
     * each of {@code bl} slots with probability px_i = min(A |x_i|, 1), column j with pd_j = min(B |d_j|, 1), where
     * A = k sqrt(dmax / xmax), B = k sqrt(xmax / dmax), k = sqrt(lr / (bl dwMin)), xmax = max|x|, dmax = max|d|.
     * Device (i, j) receives one pulse, in direction sign(x_i d_j), per slot where both fire, so its mean change is
     * lr x_i d_j microsiemens while no probability is clipped. Slot t of row i fires when PULSE_TRAIN_ROWS
     * uniform(i * bl + t) &lt; px_i; columns likewise with PULSE_TRAIN_COLUMNS index j * bl + t. Step noise as in
     * {@link #applyPulses}.
     *
     * @param chip a chip of {@code StepDevice}s
     * @param w the window
     * @param x row inputs, w.rows values
     * @param d column errors, w.cols values
     * @param bl pulse-train length, 1 to 64
     * @param lr learning rate: microsiemens of change per unit of x * d
     */
    void pulseTrainUpdate(Chip chip, Window w, float[] x, float[] d, int bl, float lr);

    /**
     * The implementation chosen for this JVM: {@code -Dxbar.kernels=name} forces one (and fails if it is missing or
     * unavailable); otherwise the available {@link KernelProvider} with the highest priority. Chosen once.
     *
     * @return the kernels
     * @throws IllegalStateException if the forced implementation is not available
     */
    static CrossbarKernels get() {
        return KernelSelection.selected();
    }

    /**
     * A named implementation, for tests and benchmarks that compare them.
     *
     * @param name e.g. "scalar"
     * @return the kernels
     * @throws IllegalStateException if it is not registered or not available
     */
    static CrossbarKernels named(final String name) {
        return KernelSelection.named(name);
    }
}
