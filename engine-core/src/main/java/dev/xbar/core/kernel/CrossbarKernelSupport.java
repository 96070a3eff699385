package dev.xbar.core.kernel;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;

/**
 * The service-provider side of {@link CrossbarKernels}: arithmetic only, on arguments the front has already checked,
 * with the events taken, the stream keys derived, the read path built and the counting done by the front. Each method
 * is the operation of the same name on the front; its Javadoc there is the contract (physics, draw indices, order of
 * sums). Implementations: the scalar reference in this package and the Vector API kernels of engine-simd.
 *
 * <p>Tail rule: arrays may be exactly as long as the contract needs (no slack past the last value a call reads or
 * writes), and an implementation never touches an element outside them. The Vector API kernels finish a row's partial
 * last vector with masked loads and stores; where the whole vector would cross the array's end, C2 still compiles
 * them to predicated moves (measured on the project's AVX-512 machine: no allocation, no slow-down), so callers never
 * pad their buffers.
 */
public interface CrossbarKernelSupport {
    /**
     * The scalar reference, for an implementation to hand it the rare shapes it does not vectorise (the answer is
     * then the reference's by definition).
     *
     * @return the reference implementation
     */
    static CrossbarKernelSupport reference() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The implementation's name, as {@code -Dxbar.kernels} names it.
     *
     * @return e.g. "scalar" or "simd"
     */
    String name();

    /**
     * Rows [firstRow, firstRow + rowCount) of a forward VMM ({@link CrossbarKernels#vmm(Chip, Window, float[],
     * float[], int, int, long)}).
     *
     * @param chip the chip
     * @param w the window, inside the chip
     * @param volts input voltages, row b at b * w.rows
     * @param currentsMicroAmps output currents, row b at b * w.cols
     * @param firstRow the first batch row
     * @param rowCount batch rows
     * @param read the call's read path
     */
    void vmm(Chip chip, Window w, float[] volts, float[] currentsMicroAmps, int firstRow, int rowCount, ReadPath read);

    /**
     * Rows of a driven VMM ({@link CrossbarKernels#vmmDriven}).
     *
     * @param chip the chip
     * @param w the window, with drive.rows() rows
     * @param drive which input and sign drives each window row
     * @param x inputs, row b at b * inputs
     * @param inputs values per input row
     * @param scales volts per unit input, per batch row
     * @param currentsMicroAmps output currents, row b at b * w.cols
     * @param firstRow the first batch row
     * @param rowCount batch rows
     * @param read the call's read path
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
            ReadPath read);

    /**
     * Rows of a driven VMM of im2col rows read in place ({@link CrossbarKernels#vmmPatches}).
     *
     * @param chip the chip
     * @param w the window, with drive.rows() rows
     * @param drive which input and sign drives each window row
     * @param patches the rows
     * @param image the samples the rows read
     * @param volts the voltage each row's largest input is scaled to
     * @param scales per batch row, written
     * @param currentsMicroAmps output currents, row b at b * w.cols
     * @param firstRow the first batch row
     * @param rowCount batch rows
     * @param read the call's read path
     */
    void vmmPatches(
            Chip chip,
            Window w,
            RowDrive drive,
            Patches patches,
            float[] image,
            float volts,
            float[] scales,
            float[] currentsMicroAmps,
            int firstRow,
            int rowCount,
            ReadPath read);

    /**
     * A transposed VMM ({@link CrossbarKernels#vmmTransposed}).
     *
     * @param chip the chip
     * @param w the window
     * @param volts input voltages, [batch x w.cols]
     * @param currentsMicroAmps output currents, [batch x w.rows]
     * @param batch input vectors
     * @param read the call's read path
     */
    void vmmTransposed(Chip chip, Window w, float[] volts, float[] currentsMicroAmps, int batch, ReadPath read);

    /**
     * A conductance read-back ({@link CrossbarKernels#readConductances(Chip, Window, float[], long)}).
     *
     * @param chip the chip
     * @param w the window
     * @param microSiemens output, [w.rows x w.cols]
     * @param readVolts the read voltage
     * @param read the call's read path
     */
    void readConductances(Chip chip, Window w, float[] microSiemens, float readVolts, ReadPath read);

    /**
     * The two-pulse programming of gate devices ({@link CrossbarKernels#programGate(Chip, Window, float[], long)}).
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's gate device
     * @param deltaGateVolts gate-voltage changes, [w.rows x w.cols]
     * @param writeKey the call's WRITE_NOISE key
     */
    void programGate(Chip chip, Window w, GateControlledDevice device, float[] deltaGateVolts, long writeKey);

    /**
     * RESET of every device of the window ({@link CrossbarKernels#resetAll}).
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's gate device
     * @param writeKey the call's WRITE_NOISE key
     */
    void resetAll(Chip chip, Window w, GateControlledDevice device, long writeKey);

    /**
     * SET of every device of the window at one gate voltage ({@link CrossbarKernels#setAll}).
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's gate device
     * @param gateVolts the gate voltage, already clipped to the device's range
     * @param writeKey the call's WRITE_NOISE key
     */
    void setAll(Chip chip, Window w, GateControlledDevice device, float gateVolts, long writeKey);

    /**
     * Signed pulse counts applied to step devices ({@link CrossbarKernels#applyPulses(Chip, Window, int[], long)}),
     * each device through {@link StepDevice#afterPulses}.
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's step device
     * @param signedPulseCounts pulse counts, [w.rows x w.cols]
     * @param noiseKey the call's STEP_NOISE key
     * @return the pulses issued, sum |n|
     */
    long applyPulses(Chip chip, Window w, StepDevice device, int[] signedPulseCounts, long noiseKey);

    /**
     * A stochastic pulse-train update ({@link CrossbarKernels#pulseTrainUpdate}) with its scales worked out: row i
     * fires in slot t when PULSE_TRAIN_ROWS uniform(i bl + t) &lt; min(scaleX |x_i|, 1), column j likewise with
     * scaleD, and each coincidence applies one pulse in direction sign(x_i d_j).
     *
     * @param chip the chip
     * @param w the window
     * @param device the chip's step device
     * @param x row inputs
     * @param d column errors
     * @param bl pulse-train length, 1 to 64
     * @param scaleX the row probability per unit |x|
     * @param scaleD the column probability per unit |d|
     * @param rowKey the call's PULSE_TRAIN_ROWS key
     * @param colKey the call's PULSE_TRAIN_COLUMNS key
     * @param noiseKey the call's STEP_NOISE key
     * @return the pulses issued
     */
    long pulseTrain(
            Chip chip,
            Window w,
            StepDevice device,
            float[] x,
            float[] d,
            int bl,
            float scaleX,
            float scaleD,
            long rowKey,
            long colKey,
            long noiseKey);
}
