package dev.xbar.datasets;

import java.util.Objects;

/**
 * How an {@link ImageSet} holds its pixels. A set read from an IDX file keeps the file's unsigned bytes and decodes a
 * pixel as {@code (b & 0xff) / 255f} when it is read: a 28x28 training split is 47 MB instead of 188 MB of floats,
 * and loading needs no decoding pass over it (most of MNIST is only ever read once, by the 8x8 preprocessing).
 */
sealed interface Pixels {
    /** Number of pixels. */
    int length();

    /** Pixel {@code i}, in [0, 1]. */
    float get(int i);

    /** Copies pixels {@code from .. from + n - 1} as floats into {@code dst[dstOffset..]}. */
    void copy(int from, float[] dst, int dstOffset, int n);

    /** Decoded floats, each checked to lie in [0, 1]. */
    record Floats(float[] values) implements Pixels {
        /** Values checked per call of {@link #check}: xbar runs without on-stack replacement, so one loop over a
         * whole set (4.5 million values) ran interpreted. */
        private static final int CHUNK = 4096;

        public Floats {
            for (int from = 0; from < values.length; from += CHUNK) {
                check(values, from, Math.min(values.length, from + CHUNK));
            }
        }

        private static void check(float[] values, int from, int to) {
            for (int i = from; i < to; i++) {
                float v = values[i];
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException("pixel " + v + " is outside [0, 1]");
                }
            }
        }

        @Override
        public int length() {
            return values.length;
        }

        @Override
        public float get(int i) {
            return values[i];
        }

        @Override
        public void copy(int from, float[] dst, int dstOffset, int n) {
            System.arraycopy(values, from, dst, dstOffset, n);
        }
    }

    /**
     * Unsigned bytes {@code data[offset .. offset + length - 1]} (an IDX file's content after its header, not copied),
     * scaled by 1/255: always in [0, 1].
     */
    record Bytes(byte[] data, int offset, int length) implements Pixels {
        public Bytes {
            Objects.checkFromIndexSize(offset, length, data.length);
        }

        @Override
        public float get(int i) {
            return (data[offset + Objects.checkIndex(i, length)] & 0xff) / 255f;
        }

        @Override
        public void copy(int from, float[] dst, int dstOffset, int n) {
            Objects.checkFromIndexSize(from, n, length);
            Objects.checkFromIndexSize(dstOffset, n, dst.length);
            int at = offset + from;
            for (int i = 0; i < n; i++) {
                dst[dstOffset + i] = (data[at + i] & 0xff) / 255f;
            }
        }
    }
}
