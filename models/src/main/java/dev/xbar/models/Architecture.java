package dev.xbar.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The networks by name, each with the analog blocks its weight layers need (no biases anywhere, as in the papers).
 *
 * <ul>
 *   <li>{@code cnn} (Wang et al. 2019, paper-spec.md 3.2): 8x8x1 input; conv 15 @ 3x3 'same' + ReLU; conv 4 @ 2x2x15
 *       'same' (pad 0 before, 1 after) + identity; max-pool 2; flatten; dense 64 -&gt; 10. 135 + 240 + 640 = 1015
 *       weights. Blocks: conv1 36 x 15 (vertical copy), conv2 120 x 8 (horizontal copy), dense 86 x 30 (two copies,
 *       stacked and folded into three tiles as the authors' final script does; 128 x 20 unfolded would also fit).
 *   <li>{@code mlp} (Li et al. 2018): 64 -&gt; 54 ReLU -&gt; 10, 3996 weights, no copies; blocks 128 x 54 and 108 x 10
 *       fill all 64 columns of a 128 x 64 chip.
 * </ul>
 */
public enum Architecture {
    /** The paper's five-level CNN. */
    CNN("cnn"),
    /** The 2018 64-54-10 MLP. */
    MLP("mlp");

    /** Makes the weight matrix of one analog block. */
    @FunctionalInterface
    public interface MatrixFactory {
        /**
         * Makes one layer's weights.
         *
         * @param index the weight layer's index (0 = first)
         * @param block what the layer needs
         * @return the weights
         */
        WeightMatrix create(int index, BlockSpec block);
    }

    private final String id;

    Architecture(final String id) {
        this.id = id;
    }

    /**
     * The name the CLI uses.
     *
     * @return "cnn" or "mlp"
     */
    public String id() {
        return id;
    }

    /**
     * Looks a network up by name.
     *
     * @param name "cnn" or "mlp"
     * @return the architecture
     * @throws IllegalArgumentException for another name
     */
    public static Architecture named(final String name) {
        for (final Architecture a : values()) {
            if (a.id.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "' (expected cnn or mlp)");
    }

    /**
     * The analog blocks of the weight layers, in layer order, with the papers' copies.
     *
     * @return the blocks
     */
    public List<BlockSpec> blocks() {
        return switch (this) {
            case CNN ->
                List.of(
                        new BlockSpec("conv1", 9, 15, 2, 1, 1),
                        new BlockSpec("conv2", 60, 4, 1, 2, 1),
                        new BlockSpec("dense", 64, 10, 2, 1, 3));
            case MLP -> List.of(new BlockSpec("dense1", 64, 54, 1, 1, 1), new BlockSpec("dense2", 54, 10, 1, 1, 1));
        };
    }

    /**
     * Builds the network.
     *
     * @param matrices makes each weight layer's matrix
     * @param parallel the runner for the software products
     * @return the network
     */
    public Network build(final MatrixFactory matrices, final Parallel parallel) {
        final List<BlockSpec> blocks = blocks();
        final List<Layer> layers = new ArrayList<>();
        switch (this) {
            case CNN -> {
                final Im2col g1 = Im2col.same(new Shape(8, 8, 1), 3, 3);
                final Conv2d conv1 = new Conv2d(g1, matrices.create(0, blocks.get(0)), parallel);
                layers.add(conv1);
                layers.add(new Relu(conv1.outputShape()));
                final Im2col g2 = Im2col.same(conv1.outputShape(), 2, 2);
                final Conv2d conv2 = new Conv2d(g2, matrices.create(1, blocks.get(1)), parallel);
                layers.add(conv2);
                layers.add(new Identity(conv2.outputShape()));
                final MaxPool2d pool = new MaxPool2d(conv2.outputShape(), 2);
                layers.add(pool);
                final Flatten flatten = new Flatten(pool.outputShape());
                layers.add(flatten);
                layers.add(new Dense(matrices.create(2, blocks.get(2)), parallel));
            }
            case MLP -> {
                final Dense hidden = new Dense(matrices.create(0, blocks.get(0)), parallel);
                layers.add(hidden);
                layers.add(new Relu(hidden.outputShape()));
                layers.add(new Dense(matrices.create(1, blocks.get(1)), parallel));
            }
        }
        return new Network(id, layers);
    }
}
