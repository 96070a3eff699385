package dev.xbar.core.chip;

/**
 * Off-heap layout of a chip's state (Aeron descriptor style). One segment, 64-byte aligned, holds the planes of
 * {@link Plane} one after another; each plane is row-major float32 (native byte order) with a row stride padded to a
 * multiple of 16 floats, so every row starts on a 64-byte boundary (one AVX-512 vector, one cache line). Padding
 * cells are zero.
 *
 * <pre>
 *   plane p:  offset p * planeBytes
 *   +---------------------------------------------------------------+
 *   | row 0: cols floats | zero padding up to rowStride floats       |  &lt;- 64-byte aligned
 *   | row 1: ...                                                     |  &lt;- 64-byte aligned
 *   | ...  rows rows                                                 |
 *   +---------------------------------------------------------------+
 *   device (r, c) of plane p: p * planeBytes + (r * rowStride + c) * 4
 * </pre>
 */
public final class ChipLayout {
    /** Alignment of the segment and of every row, bytes. */
    public static final int ALIGNMENT = 64;

    /** Row strides are multiples of this many floats. */
    public static final int STRIDE_FLOATS = ALIGNMENT / Float.BYTES;

    private ChipLayout() {}

    /**
     * The row stride for a number of columns.
     *
     * @param cols columns
     * @return cols rounded up to a multiple of 16, in floats
     */
    public static int rowStride(final int cols) {
        return (cols + STRIDE_FLOATS - 1) / STRIDE_FLOATS * STRIDE_FLOATS;
    }

    /**
     * Bytes of one plane.
     *
     * @param rows rows
     * @param cols columns
     * @return rows * rowStride(cols) * 4
     */
    public static long planeBytes(final int rows, final int cols) {
        return (long) rows * rowStride(cols) * Float.BYTES;
    }

    /**
     * Byte offset of a device inside a plane.
     *
     * @param rowStride the row stride in floats
     * @param row the row
     * @param col the column
     * @return (row * rowStride + col) * 4
     */
    public static long offset(final int rowStride, final int row, final int col) {
        return ((long) row * rowStride + col) * Float.BYTES;
    }
}
