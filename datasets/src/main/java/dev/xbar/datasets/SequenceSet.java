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

    public int count() {
        return count;
    }

    public int frames() {
        return frames;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** {@code height * width}. */
    public int pixelsPerFrame() {
        return height * width;
    }

    /** Class of sequence {@code s}. */
    public int label(int s) {
        return labels[Objects.checkIndex(s, count)];
    }

    /** Copies frame {@code t} of sequence {@code s} into {@code dst} at {@code dstOffset}; allocation-free. */
    public void copyFrame(int s, int t, float[] dst, int dstOffset) {
        int n = pixelsPerFrame();
        System.arraycopy(pixels, flat(s, t) * n, dst, dstOffset, n);
    }

    /** A fresh copy of frame {@code t} of sequence {@code s}. */
    public float[] frame(int s, int t) {
        float[] out = new float[pixelsPerFrame()];
        copyFrame(s, t, out, 0);
        return out;
    }

    /** Index, in the source split, of the image shown as frame {@code t} of sequence {@code s}. */
    public int sourceIndex(int s, int t) {
        return sourceIndex[flat(s, t)];
    }

    /** Sequences per class {@code 0..classes-1}. */
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
