package dev.xbar.core.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class InputScalingTest {
    @Test
    void eachVectorPeaksAtTheReadVoltageAndZeroVectorsKeepScaleOne() {
        final float[] x = {0.1f, -0.4f, 0.2f, 0, 0, 0};
        final float[] volts = new float[6];
        final float[] scales = new float[2];
        InputScaling.toReadVoltage(x, 3, 2, 0.2f, volts, scales);
        assertArrayEquals(new float[] {0.5f, 1.0f}, scales);
        assertArrayEquals(new float[] {0.05f, -0.2f, 0.1f, 0, 0, 0}, volts, 1e-7f);
    }
}
