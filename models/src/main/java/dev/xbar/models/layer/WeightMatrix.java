package dev.xbar.models.layer;

import dev.xbar.core.kernel.Programming;

/**
 * A layer's weight matrix W [inputs x outputs]: float weights in software, or a block of devices on a chip. A weight
 * layer only asks it for products, for the weights its backward pass uses, and to move by a change; a trainer also
 * programs it, saves and restores it through these methods, so what differs between a chip and software lives here
 * and nowhere else.
 */
public sealed interface WeightMatrix permits FloatMatrix, AnalogMatrix {
    /**
     * Rows of W.
     *
     * @return inputs
     */
    int inputs();

    /**
     * Columns of W.
     *
     * @return outputs
     */
    int outputs();

    /**
     * Makes ready for {@code products} forward products of {@code rows} input vectors each (a ConvLSTM makes one per
     * time step), once, on the calling thread: grows scratch and, on a chip, takes their events, product after product
     * and tile after tile. Their rows may then run on any threads ({@link #multiply(float[], float[], int, int, int)}).
     *
     * @param rows input vectors per product
     * @param products products
     */
    void beginProducts(int rows, int products);

    /**
     * Rows [from, to) of forward product {@code product} of the last {@link #beginProducts}: y = x W. Writes only
     * those rows of y and of its own scratch, so row ranges may run at the same time; on a chip the draws depend on the
     * global row index, so the result is the same however the rows are split.
     *
     * @param x inputs, [rows x inputs]
     * @param y outputs, [rows x outputs]
     * @param from first row
     * @param to one past the last row
     * @param product 0 to products - 1
     */
    void multiply(float[] x, float[] y, int from, int to, int product);

    /**
     * {@link #multiply(float[], float[], int, int, int)} of im2col rows [from, to) of {@code image}: a matrix that
     * multiplies written-out rows writes them into {@code patches} first (the default), one that reads them in place
     * (a chip's kernels, {@link AnalogMatrix}) leaves patches alone. The outputs are the same bits either way.
     *
     * @param geometry the convolution's mapping
     * @param image the layer's inputs, [samples x geometry.input().size()]
     * @param patches the rows' buffer, [rows x inputs]
     * @param y outputs, [rows x outputs]
     * @param from first row
     * @param to one past the last row
     * @param product 0 to products - 1
     * @return whether rows [from, to) of patches were written
     */
    default boolean multiplyPatches(
            final Im2col geometry,
            final float[] image,
            final float[] patches,
            final float[] y,
            final int from,
            final int to,
            final int product) {
        geometry.gather(image, patches, from, to);
        multiply(patches, y, from, to, product);
        return true;
    }

    /**
     * The forward products y = x W for a batch of input vectors, on the calling thread.
     *
     * @param x inputs, [rows x inputs]
     * @param rows input vectors
     * @param y outputs, [rows x outputs]
     */
    default void multiply(final float[] x, final int rows, final float[] y) {
        beginProducts(rows, 1);
        multiply(x, y, 0, rows, 0);
    }

    /**
     * The weights the backward pass uses: for a chip, those read back after the last update (a read draws noise, so a
     * checkpoint saves these rather than reading again). A live view, [inputs x outputs] row-major; do not modify.
     *
     * @return the weights
     */
    float[] weights();

    /**
     * Puts back the {@link #weights()} a checkpoint saved, without touching a chip (a read would take chip events and
     * change the noise that follows); the chip's devices come back with the chip file.
     *
     * @param saved the weights, [inputs x outputs]
     */
    void restore(float[] saved);

    /**
     * Sets the weights ex situ: software takes them as they are, a chip block is programmed to them from its initial
     * state (open loop, or write-verify), then read back.
     *
     * @param target the weights, [inputs x outputs]
     * @param programming open loop or write-verify (ignored in software)
     * @return devices still out of tolerance after write-verify (0 in software and open loop)
     */
    int program(float[] target, Programming programming);

    /**
     * Reserves the randomness one {@link #update(float[], long)} draws (a chip block's events; nothing in software).
     * Reserving for every layer in layer order, then updating them at the same time, draws what a sequential update
     * would.
     *
     * @return the reservation, for {@link #update(float[], long)}
     */
    long reserveUpdate();

    /**
     * Moves the weights by {@code delta} (in software exactly; on a chip by programming pulses, then reading back),
     * drawing from a reservation.
     *
     * @param delta the change, [inputs x outputs]
     * @param reservation what {@link #reserveUpdate()} returned, used once
     */
    void update(float[] delta, long reservation);

    /**
     * Moves the weights sample by sample: for each segment and each of its rows r in order, by -learningRate x_r^T
     * d_r, the rank-one change one sample (or im2col patch) asks for. In software that is exact SGD; on a chip each
     * row is programmed as the stochastic pulse-train scheme does ({@link
     * dev.xbar.models.mapping.UpdateScheme.Stochastic}), which draws its chip events as it goes, and the weights are
     * read back once at the end.
     *
     * @param inputs per segment, the rows x_r, [rows x inputs]
     * @param deltas per segment, the rows d_r (dLoss/dy), [rows x outputs]
     * @param rows rows per segment
     * @param learningRate the SGD learning rate
     * @throws IllegalStateException on a chip whose update scheme is not the stochastic one
     */
    void updateRows(float[][] inputs, float[][] deltas, int rows, float learningRate);

    /**
     * Moves the weights by {@code delta} with a fresh reservation.
     *
     * @param delta the change, [inputs x outputs]
     */
    default void update(final float[] delta) {
        update(delta, reserveUpdate());
    }
}
