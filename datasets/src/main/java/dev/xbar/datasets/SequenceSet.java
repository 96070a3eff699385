package dev.xbar.datasets;

import java.util.Objects;

/**
 * Labelled sequences of images: {@code count} sequences of {@code frames} frames, each frame {@code height x width}
 * floats in [0, 1]. Flat layout: frame {@code t} of sequence {@code s} starts at {@code (s * frames + t) *
 * pixelsPerFrame}, row-major. Each frame remembers which image of its source split it is, so provenance can be
 * checked. Immutable.
 */
public final class SequenceSet {
    private final int count;
    private final int frames;
    private final int height;
    private final int width;
    private final float[] pixels;
    private final int[] labels;
    private final int[] sourceIndex;

    SequenceSet(int frames, int height, int width, float[] pixels, int[] labels, int[] sourceIndex) {
        this.count = labels.length;
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.sourceIndex = sourceIndex;
        if (pixels.length != (long) count * frames * height * width || sourceIndex.length != count * frames) {
            throw new IllegalArgumentException("inconsistent sequence arrays");
        }
    }

    /**
     * The number of sequences.
     *
     * @return sequences
     */
    public int count() {
        return count;
    }

    /**
     * Frames per sequence.
     *
     * @return frames
     */
    public int frames() {
        return frames;
    }

    /**
     * Rows per frame.
     *
     * @return rows
     */
    public int height() {
        return height;
    }

    /**
     * Columns per frame.
     *
     * @return columns
     */
    public int width() {
        return width;
    }

    /**
     * The length of one frame in the flat layout.
     *
     * @return {@code height * width}
     */
    public int pixelsPerFrame() {
        return height * width;
    }

    /**
     * The class of one sequence.
     *
     * @param s the sequence index
     * @return its label
     */
    public int label(int s) {
        return labels[Objects.checkIndex(s, count)];
    }

    /**
     * Copies frame {@code t} of sequence {@code s} into {@code dst} at {@code dstOffset}; allocation-free.
     *
     * @param s the sequence index
     * @param t the frame index
     * @param dst the destination
     * @param dstOffset where the frame starts in {@code dst}
     */
    public void copyFrame(int s, int t, float[] dst, int dstOffset) {
        int n = pixelsPerFrame();
        System.arraycopy(pixels, flat(s, t) * n, dst, dstOffset, n);
    }

    /**
     * A fresh copy of one frame.
     *
     * @param s the sequence index
     * @param t the frame index
     * @return frame {@code t} of sequence {@code s}, row-major
     */
    public float[] frame(int s, int t) {
        float[] out = new float[pixelsPerFrame()];
        copyFrame(s, t, out, 0);
        return out;
    }

    /**
     * Where a frame came from.
     *
     * @param s the sequence index
     * @param t the frame index
     * @return the index, in the source split, of the image shown as frame {@code t} of sequence {@code s}
     */
    public int sourceIndex(int s, int t) {
        return sourceIndex[flat(s, t)];
    }

    /**
     * How many sequences carry each label.
     *
     * @param classes the number of classes
     * @return sequences per class {@code 0..classes-1}
     */
    public int[] classCounts(int classes) {
        int[] out = new int[classes];
        for (int label : labels) {
            out[label]++;
        }
        return out;
    }

    private int flat(int s, int t) {
        Objects.checkIndex(t, frames);
        return Objects.checkIndex(s, count) * frames + t;
    }
}
