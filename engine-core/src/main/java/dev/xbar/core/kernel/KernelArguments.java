package dev.xbar.core.kernel;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.Window;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import java.util.Objects;

/**
 * The entry checks and pulse-train maxima of the {@link CrossbarKernels} front, kept apart so the front reads as
 * the sequence of its steps. Nothing here allocates unless it throws.
 */
final class KernelArguments {
    private KernelArguments() {}

    /**
     * The chip's gate device, for the two-pulse operations.
     *
     * @param chip the chip
     * @return its device
     * @throws IllegalArgumentException if the chip holds another device family
     */
    static GateControlledDevice gateDevice(final Chip chip) {
        if (chip.spec().device() instanceof GateControlledDevice device) {
            return device;
        }
        throw new IllegalArgumentException("gate programming needs a GateControlledDevice chip, this chip has "
                + chip.spec().device().getClass().getSimpleName());
    }

    /**
     * The chip's step device, for the pulse operations.
     *
     * @param chip the chip
     * @return its device
     * @throws IllegalArgumentException if the chip holds another device family
     */
    static StepDevice stepDevice(final Chip chip) {
        if (chip.spec().device() instanceof StepDevice device) {
            return device;
        }
        throw new IllegalArgumentException("pulse updates need a StepDevice chip, this chip has "
                + chip.spec().device().getClass().getSimpleName());
    }

    /**
     * Checks a batched product's window and buffers.
     *
     * @param chip the chip
     * @param w the window
     * @param in inputs, at least batch x inWidth
     * @param out outputs, at least batch x outWidth
     * @param batch input vectors
     * @param inWidth values per input vector
     * @param outWidth values per output vector
     */
    static void checkBatch(
            final Chip chip,
            final Window w,
            final float[] in,
            final float[] out,
            final int batch,
            final int inWidth,
            final int outWidth) {
        if (batch < 0) {
            throw new IllegalArgumentException("batch = " + batch + " must be non-negative");
        }
        checkRows(chip, w, in, out, 0, batch, inWidth, outWidth);
    }

    /**
     * Checks the arguments of a VMM over batch rows [firstRow, firstRow + rowCount).
     *
     * @param chip the chip
     * @param w the window
     * @param in inputs, row b at b * inWidth
     * @param out outputs, row b at b * outWidth
     * @param firstRow first batch row, non-negative
     * @param rowCount batch rows, non-negative
     * @param inWidth inputs per row
     * @param outWidth outputs per row
     */
    static void checkRows(
            final Chip chip,
            final Window w,
            final float[] in,
            final float[] out,
            final int firstRow,
            final int rowCount,
            final int inWidth,
            final int outWidth) {
        checkRange(chip, w, firstRow, rowCount);
        Objects.checkFromIndexSize((long) firstRow * inWidth, (long) rowCount * inWidth, in.length);
        Objects.checkFromIndexSize((long) firstRow * outWidth, (long) rowCount * outWidth, out.length);
    }

    /** The window inside the chip, and a non-negative row range. */
    private static void checkRange(final Chip chip, final Window w, final int firstRow, final int rowCount) {
        w.checkFits(chip);
        if (firstRow < 0 || rowCount < 0) {
            throw new IllegalArgumentException(
                    "firstRow = " + firstRow + ", rowCount = " + rowCount + ": both must be non-negative");
        }
    }

    /** A drive entry for every window row. */
    private static void checkDrive(final Window w, final RowDrive drive) {
        if (drive.rows() != w.rows()) {
            throw new IllegalArgumentException(
                    "the row drive " + drive + " has " + drive.rows() + " rows, the window " + w + " " + w.rows());
        }
    }

    /**
     * Checks the arguments of a driven VMM ({@link CrossbarKernels#vmmDriven}) over batch rows [firstRow, firstRow +
     * rowCount).
     *
     * @param chip the chip
     * @param w the window
     * @param drive its row drive, one entry per window row
     * @param x inputs, row b at b * inputs
     * @param inputs values per input row, more than the drive's largest input
     * @param scales one per batch row
     * @param out outputs, row b at b * w.cols
     * @param firstRow first batch row, non-negative
     * @param rowCount batch rows, non-negative
     */
    static void checkDriven(
            final Chip chip,
            final Window w,
            final RowDrive drive,
            final float[] x,
            final int inputs,
            final float[] scales,
            final float[] out,
            final int firstRow,
            final int rowCount) {
        checkDrive(w, drive);
        if (inputs <= drive.maxInput()) {
            throw new IllegalArgumentException(
                    "inputs = " + inputs + " per row, but the drive reads input " + drive.maxInput());
        }
        checkRows(chip, w, x, out, firstRow, rowCount, inputs, w.cols());
        Objects.checkFromIndexSize(firstRow, rowCount, scales.length);
    }

    /**
     * Checks the arguments of a driven VMM of im2col rows ({@link CrossbarKernels#vmmPatches}) over batch rows
     * [firstRow, firstRow + rowCount).
     *
     * @param chip the chip
     * @param w the window
     * @param drive its row drive, one entry per window row
     * @param patches the rows
     * @param image the samples, holding every sample the rows read
     * @param scales per batch row
     * @param out currents, row b at b * w.cols
     * @param firstRow the first batch row
     * @param rowCount batch rows
     */
    static void checkPatches(
            final Chip chip,
            final Window w,
            final RowDrive drive,
            final Patches patches,
            final float[] image,
            final float[] scales,
            final float[] out,
            final int firstRow,
            final int rowCount) {
        checkDrive(w, drive);
        if (patches.inputs() <= drive.maxInput()) {
            throw new IllegalArgumentException(
                    "patches have " + patches.inputs() + " inputs, but the drive reads input " + drive.maxInput());
        }
        checkRange(chip, w, firstRow, rowCount);
        if (rowCount > 0) {
            final long samples = (firstRow + rowCount - 1) / patches.perSample() + 1;
            Objects.checkFromIndexSize(0, samples * patches.sampleSize(), image.length);
        }
        Objects.checkFromIndexSize((long) firstRow * w.cols(), (long) rowCount * w.cols(), out.length);
        Objects.checkFromIndexSize(firstRow, rowCount, scales.length);
    }

    /**
     * Checks a stochastic pulse-train update's arguments.
     *
     * @param chip the chip
     * @param w the window
     * @param x row inputs, at least w.rows
     * @param d column errors, at least w.cols
     * @param bl pulse-train length, 1 to 64
     * @param lr learning rate, finite and non-negative
     * @return the chip's step device
     */
    static StepDevice checkPulseTrain(
            final Chip chip, final Window w, final float[] x, final float[] d, final int bl, final float lr) {
        final StepDevice device = stepDevice(chip);
        w.checkFits(chip);
        Objects.checkFromIndexSize(0, w.rows(), x.length);
        Objects.checkFromIndexSize(0, w.cols(), d.length);
        if (bl < 1 || bl > Long.SIZE) {
            throw new IllegalArgumentException("bl = " + bl + " is out of range [1, 64]");
        }
        if (!(lr >= 0.0f) || Float.isInfinite(lr)) {
            throw new IllegalArgumentException("lr = " + lr + " must be finite and non-negative");
        }
        return device;
    }

    /**
     * The largest magnitude among the first n values (the pulse-train scaling needs it).
     *
     * @param values the values
     * @param n how many
     * @return max |values[i]|, 0 when n is 0
     */
    static float maxAbs(final float[] values, final int n) {
        float max = 0.0f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(values[i]));
        }
        return max;
    }
}
