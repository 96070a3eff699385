package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PixelsTest {
    /** Every byte value decodes to the float the old eager decoding stored: {@code (b & 0xff) / 255f}, bit for bit. */
    @Test
    void bytesDecodeEveryValueAsTheEagerDecodingDid() {
        byte[] data = new byte[3 + 256];
        for (int v = 0; v < 256; v++) {
            data[3 + v] = (byte) v;
        }
        Pixels.Bytes px = new Pixels.Bytes(data, 3, 256);
        float[] copied = new float[258];
        px.copy(0, copied, 2, 256);
        for (int v = 0; v < 256; v++) {
            float eager = v / 255f;
            assertEquals(Float.floatToRawIntBits(eager), Float.floatToRawIntBits(px.get(v)));
            assertEquals(Float.floatToRawIntBits(eager), Float.floatToRawIntBits(copied[2 + v]));
        }
    }

    @Test
    void bytesStayInsideTheirWindow() {
        Pixels.Bytes px = new Pixels.Bytes(new byte[10], 2, 5);
        assertThrows(IndexOutOfBoundsException.class, () -> px.get(5));
        assertThrows(IndexOutOfBoundsException.class, () -> px.copy(1, new float[5], 0, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> new Pixels.Bytes(new byte[10], 6, 5));
    }

    @Test
    void floatsOutsideTheUnitIntervalAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pixels.Floats(new float[] {0f, 1.5f}));
        assertThrows(IllegalArgumentException.class, () -> new Pixels.Floats(new float[] {Float.NaN}));
        // the check runs in chunks: a bad value at each chunk edge and in the short last chunk is still found
        for (int at : new int[] {4095, 4096, 8191, 9000}) {
            float[] values = new float[9001];
            values[at] = -0.5f;
            assertThrows(IllegalArgumentException.class, () -> new Pixels.Floats(values), "at " + at);
        }
        new Pixels.Floats(new float[9001]);
    }
}
