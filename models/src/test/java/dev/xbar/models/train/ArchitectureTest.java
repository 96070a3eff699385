package dev.xbar.models.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.models.layer.FloatMatrix;
import dev.xbar.models.layer.Identity;
import dev.xbar.models.layer.Network;
import dev.xbar.models.layer.Parallel;
import dev.xbar.models.layer.Shape;
import dev.xbar.models.mapping.BlockSpec;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    private static Network build(final Architecture arch, final Parallel parallel) {
        return arch.build(
                (index, block) ->
                        new FloatMatrix(block.inputs(), block.outputs(), new float[block.inputs() * block.outputs()]),
                parallel);
    }

    @Test
    void weightCountsMatchThePapers() {
        try (Parallel p = new Parallel(1)) {
            final Network cnn = build(Architecture.CNN, p);
            assertEquals(135 + 240 + 640, cnn.weightCount());
            assertEquals(1015, cnn.weightCount());
            assertEquals(64, cnn.inputSize());
            assertEquals(10, cnn.outputSize());
            assertEquals(new Shape(4, 4, 4), cnn.layers().get(4).outputShape());
            assertTrue(cnn.layers().get(3) instanceof Identity, "conv2 is linear in the final script");
            final Network mlp = build(Architecture.MLP, p);
            assertEquals(64 * 54 + 54 * 10, mlp.weightCount());
            assertEquals(3996, mlp.weightCount());
        }
    }

    @Test
    void blocksCoverEveryWeightWithThePapersCopies() {
        int devices = 0;
        for (final BlockSpec b : Architecture.CNN.blocks()) {
            devices += b.rows() * b.cols();
        }
        assertEquals(4080, devices, "4080 memristors in the final 2019 mapping (paper-spec.md 3.2)");
        assertEquals(86, Architecture.CNN.blocks().get(2).rows());
        assertEquals(30, Architecture.CNN.blocks().get(2).cols());
    }

    @Test
    void unknownModelNamesAreRejected() {
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Architecture.named("resnet"));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("cnn"), e.getMessage());
    }
}
