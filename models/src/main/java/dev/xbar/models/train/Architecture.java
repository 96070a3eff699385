package dev.xbar.models.train;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepDevice;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.datasets.TrainTest;
import dev.xbar.models.layer.Conv2d;
import dev.xbar.models.layer.ConvLstm;
import dev.xbar.models.layer.Dense;
import dev.xbar.models.layer.Flatten;
import dev.xbar.models.layer.Identity;
import dev.xbar.models.layer.Im2col;
import dev.xbar.models.layer.Layer;
import dev.xbar.models.layer.MaxPool2d;
import dev.xbar.models.layer.Network;
import dev.xbar.models.layer.Parallel;
import dev.xbar.models.layer.Relu;
import dev.xbar.models.layer.Shape;
import dev.xbar.models.layer.TimeDistributed;
import dev.xbar.models.layer.WeightMatrix;
import dev.xbar.models.mapping.BlockSpec;
import dev.xbar.models.mapping.NetworkLayout;
import dev.xbar.models.mapping.Placement;
import dev.xbar.models.mapping.UpdateScheme;
import java.util.ArrayList;
import java.util.Arrays;
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
 *   <li>{@code convlstm} (Wang et al. 2019, paper-spec.md 4.2), on MNIST-sequence: 3 frames of 8x8x1 (other tasks:
 *       their frames, and one dense output per class); a {@link
 *       ConvLstm} of 5 channels (input kernels 3 x 3 'valid', recurrent kernels 2 x 2 'same'; 29 x 20 = 580 weights,
 *       block 58 x 40 with horizontal copies); then at every step max-pool 2 (3 x 3 x 5 = 45) and dense 45 -&gt; 6
 *       (270 weights, block 90 x 12). 850 weights. Blocks at the authors' corners (rows 67 and 31, columns 1 and 45,
 *       1-based).
 * </ul>
 */
public enum Architecture {
    /** The paper's five-level CNN. */
    CNN("cnn"),
    /** The 2018 64-54-10 MLP. */
    MLP("mlp"),
    /** The paper's ConvLSTM on MNIST-sequence. */
    CONVLSTM("convlstm");

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
     * @return "cnn", "mlp" or "convlstm"
     */
    public String id() {
        return id;
    }

    /**
     * The chip preset the network's paper trained it on: the 2018 MLP on the 2018 chip (its 64 columns
     * all in use, which the 2019 chip's dead columns cannot offer), the 2019 networks on the 2019 chip.
     *
     * @return "natcomm2018" or "nmi2019"
     */
    public String paperPreset() {
        return this == MLP ? "natcomm2018" : "nmi2019";
    }

    /**
     * The names {@link #named} accepts.
     *
     * @return the ids, in declaration order
     */
    public static List<String> ids() {
        return Arrays.stream(values()).map(Architecture::id).toList();
    }

    /**
     * Looks a network up by name.
     *
     * @param name "cnn", "mlp" or "convlstm"
     * @return the architecture
     * @throws IllegalArgumentException for another name
     */
    public static Architecture named(final String name) {
        for (final Architecture a : values()) {
            if (a.id.equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "' (expected " + String.join(", ", ids()) + ")");
    }

    /**
     * The analog blocks of the weight layers, in layer order, with the papers' copies (the convlstm's on the default
     * MNIST-sequence task).
     *
     * @return the blocks
     */
    public List<BlockSpec> blocks() {
        return blocks(MnistSequence.Config.DEFAULT);
    }

    /**
     * The analog blocks of the weight layers for a MNIST-sequence task: the convlstm's dense block has one output per
     * class of the task; the other networks ignore it.
     *
     * @param sequences the task
     * @return the blocks
     */
    public List<BlockSpec> blocks(final MnistSequence.Config sequences) {
        return switch (this) {
            case CNN ->
                List.of(
                        new BlockSpec("conv1", 9, 15, 2, 1, 1),
                        new BlockSpec("conv2", 60, 4, 1, 2, 1),
                        new BlockSpec("dense", 64, 10, 2, 1, 3));
            case MLP -> List.of(new BlockSpec("dense1", 64, 54, 1, 1, 1), new BlockSpec("dense2", 54, 10, 1, 1, 1));
            case CONVLSTM -> List.of(new BlockSpec("convlstm", 29, 20, 1, 2, 1), denseBlock(sequences.classes()));
        };
    }

    /**
     * The convlstm's dense block: the authors' two horizontal copies for up to the default task's 6 classes (90 x 12);
     * one copy for more, since two copies of 10 outputs do not fit between the 2019 chip's dead columns at the
     * authors' corner (one copy fits up to 15 classes there).
     */
    private static BlockSpec denseBlock(final int classes) {
        return new BlockSpec("dense", 45, classes, 1, classes <= MnistSequence.CLASSES ? 2 : 1, 1);
    }

    /**
     * The update scheme that suits this network on a device family: for gate devices the settings of the paper that
     * trained it ({@link UpdateScheme.TwoPulse#paper()} for the CNN and ConvLSTM, {@link
     * UpdateScheme.TwoPulse#natcomm2018()} for the MLP), {@link UpdateScheme.PulseCounts#defaults()} for step devices.
     *
     * @param device the chip's device model
     * @return the scheme
     */
    UpdateScheme scheme(final DeviceModel device) {
        return switch (device) {
            case GateControlledDevice g ->
                this == MLP ? UpdateScheme.TwoPulse.natcomm2018() : UpdateScheme.TwoPulse.paper();
            case StepDevice s -> UpdateScheme.PulseCounts.defaults();
        };
    }

    /**
     * Time steps per sample: the network gives logits at every step.
     *
     * @param sequences the MNIST-sequence task
     * @return the task's frames for the ConvLSTM, 1 for the feed-forward networks
     */
    public int steps(final MnistSequence.Config sequences) {
        return this == CONVLSTM ? sequences.frames() : 1;
    }

    /**
     * Where the blocks sit on a chip: the ConvLSTM's at the authors' corners (paper-spec.md 4.2), the others packed
     * side by side ({@link NetworkLayout#packed}); dead rows and columns are skipped either way.
     *
     * @param spec the chip spec
     * @return the layout (the convlstm's on the default MNIST-sequence task)
     * @throws IllegalArgumentException naming the block that does not fit
     */
    public NetworkLayout layout(final ChipSpec spec) {
        return layout(spec, MnistSequence.Config.DEFAULT);
    }

    /**
     * Where the blocks sit on a chip for a MNIST-sequence task (see {@link #layout(ChipSpec)}).
     *
     * @param spec the chip spec
     * @param sequences the task
     * @return the layout
     * @throws IllegalArgumentException naming the block that does not fit
     */
    public NetworkLayout layout(final ChipSpec spec, final MnistSequence.Config sequences) {
        return this == CONVLSTM
                ? NetworkLayout.place(spec, blocks(sequences), List.of(new Placement(66, 0), new Placement(30, 44)))
                : NetworkLayout.packed(spec, blocks(sequences));
    }

    /**
     * The training data from 8x8 MNIST: the images themselves, or for the ConvLSTM the MNIST-sequence set of the task
     * (by default {@link MnistSequence.Config#DEFAULT}: digits 3, 5, 8, 12,000 train and 2,000 test sequences, its own
     * seed 1, so every run sees the same data, as with MNIST) with each sequence's frames stacked into one image.
     *
     * @param mnist 8x8 MNIST, pixels in [0, 1]
     * @param sequences the MNIST-sequence task (ignored by the feed-forward networks)
     * @return the images the network takes
     */
    public TrainTest data(final TrainTest mnist, final MnistSequence.Config sequences) {
        return this == CONVLSTM ? SequenceImages.stacked(MnistSequence.build(mnist, sequences)) : mnist;
    }

    /**
     * How many training and test images {@link #data} gives for a given MNIST, without building them.
     *
     * @param mnist 8x8 MNIST
     * @param sequences the MNIST-sequence task (ignored by the feed-forward networks)
     * @return {training images, test images}
     */
    public int[] imageCounts(final TrainTest mnist, final MnistSequence.Config sequences) {
        return this == CONVLSTM
                ? new int[] {sequences.trainCount(), sequences.testCount()}
                : new int[] {mnist.train().count(), mnist.test().count()};
    }

    /**
     * Builds the network (the convlstm for the default MNIST-sequence task).
     *
     * @param matrices makes each weight layer's matrix
     * @param parallel the runner for the network's passes
     * @return the network
     */
    public Network build(final MatrixFactory matrices, final Parallel parallel) {
        return build(matrices, parallel, MnistSequence.Config.DEFAULT);
    }

    /**
     * Builds the network for a MNIST-sequence task.
     *
     * @param matrices makes each weight layer's matrix
     * @param parallel the runner for the network's passes
     * @param sequences the MNIST-sequence task (frames and classes of the convlstm; ignored by the others)
     * @return the network
     */
    public Network build(final MatrixFactory matrices, final Parallel parallel, final MnistSequence.Config sequences) {
        final List<BlockSpec> blocks = blocks(sequences);
        final List<Layer> layers = new ArrayList<>();
        switch (this) {
            case CNN -> {
                final Im2col g1 = Im2col.same(new Shape(8, 8, 1), 3, 3);
                final Conv2d conv1 = new Conv2d(g1, matrices.create(0, blocks.get(0)));
                layers.add(conv1);
                layers.add(new Relu(conv1.outputShape()));
                final Im2col g2 = Im2col.same(conv1.outputShape(), 2, 2);
                final Conv2d conv2 = new Conv2d(g2, matrices.create(1, blocks.get(1)));
                layers.add(conv2);
                layers.add(new Identity(conv2.outputShape()));
                final MaxPool2d pool = new MaxPool2d(conv2.outputShape(), 2);
                layers.add(pool);
                final Flatten flatten = new Flatten(pool.outputShape());
                layers.add(flatten);
                layers.add(new Dense(matrices.create(2, blocks.get(2))));
            }
            case MLP -> {
                final Dense hidden = new Dense(matrices.create(0, blocks.get(0)));
                layers.add(hidden);
                layers.add(new Relu(hidden.outputShape()));
                layers.add(new Dense(matrices.create(1, blocks.get(1))));
            }
            case CONVLSTM -> {
                final int steps = steps(sequences);
                final ConvLstm cell = new ConvLstm(
                        new Im2col(new Shape(8, 8, 1), 3, 3, 0, 0, 0, 0),
                        Im2col.same(new Shape(6, 6, 5), 2, 2),
                        steps,
                        matrices.create(0, blocks.get(0)));
                layers.add(cell);
                final MaxPool2d pool = new MaxPool2d(cell.stateGeometry().input(), 2);
                layers.add(new TimeDistributed(pool, steps));
                layers.add(new TimeDistributed(new Flatten(pool.outputShape()), steps));
                layers.add(new TimeDistributed(new Dense(matrices.create(1, blocks.get(1))), steps));
            }
        }
        return new Network(id, layers, parallel);
    }
}
