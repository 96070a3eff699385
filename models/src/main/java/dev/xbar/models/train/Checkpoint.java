package dev.xbar.models.train;

import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ProgrammingStats;
import dev.xbar.core.io.AtomicFiles;
import dev.xbar.core.io.BoundedFiles;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.datasets.MnistSequence;
import dev.xbar.models.layer.Network;
import dev.xbar.models.layer.WeightLayer;
import dev.xbar.models.layer.WeightMatrix;
import dev.xbar.models.mapping.UpdateScheme;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * A trainer's state at the end of an epoch. The checkpoint folder holds generations {@code gen-<n>}, each a folder of
 * two files, and the file {@value #CURRENT_FILE} naming the valid one. A save writes the next generation's two files
 * (each to a temp file, then moved into place), then switches {@value #CURRENT_FILE} to it by one atomic move, then
 * deletes the older generations: a process killed at any point leaves {@value #CURRENT_FILE} naming a complete,
 * consistent pair (the previous generation until the switch). A generation holds:
 *
 * <ul>
 *   <li>{@value #CHIP_FILE}: the chip (engine-core's chip file: planes, event counter, stats), in situ only;
 *   <li>{@value #STATE_FILE}, written last (so it commits the checkpoint): magic "XBARTRNR", version, the config, the
 *       epochs done, the chip's event counter (checked against the chip file on load), every batch and epoch metric so
 *       far (with the per-step test accuracies), then per weight layer the weights the backward pass uses (float weights, or those last read back from
 *       the chip, which must not be re-read since a read draws noise) and the optimizer state; then a CRC32C of all
 *       bytes before it. Big-endian (Java data streams).
 * </ul>
 *
 * Nothing else is needed: shuffles and initial weights are functions of the seed and epoch, and the chip's noise of
 * its event counter.
 */
final class Checkpoint {
    /** The chip file's name. */
    static final String CHIP_FILE = "chip.xbarchip";
    /** The state file's name. */
    static final String STATE_FILE = "trainer.state";
    /** The file naming the current generation. */
    static final String CURRENT_FILE = "CURRENT";

    private static final String GENERATION_PREFIX = "gen-";
    /** The largest state file read: far above any real one (weights and per-batch metrics). */
    private static final long MAX_STATE_BYTES = 256L << 20;

    private static final byte[] MAGIC = "XBARTRNR".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 4;
    /** Version 2 had no MNIST-sequence task: its runs trained on the default one, and still resume. */
    private static final int VERSION_WITHOUT_TASK = 2;
    /**
     * Version 3 had no dataset (its runs trained on MNIST) and five event counts per epoch (no VMM devices or
     * conversions, which resume at 0), and still resumes.
     */
    private static final int VERSION_WITHOUT_DATASET = 3;

    private Checkpoint() {}

    /**
     * What a checkpoint saves: a trainer's state at the end of an epoch.
     *
     * @param config the run
     * @param chip the chip of an in situ run, empty in software
     * @param batches every batch's metrics so far
     * @param epochs every epoch's metrics so far (one per epoch done)
     * @param weights per weight layer, the weights the backward pass uses ({@link WeightMatrix#weights()})
     * @param optimizerState per weight layer, the optimizer's state ({@link Optimizer#state()})
     */
    record State(
            TrainConfig config,
            Optional<Chip> chip,
            List<BatchMetrics> batches,
            List<EpochMetrics> epochs,
            float[][] weights,
            float[][] optimizerState) {}

    /**
     * A loaded checkpoint; {@link #restore} puts it into a network and optimizer built from its config.
     *
     * @param file the state file, for messages
     * @param state what it holds
     */
    record Loaded(Path file, State state) {
        /**
         * Restores the weights and optimizer state.
         *
         * @param network the network, built for {@code state.config()}
         * @param optimizer its optimizer
         * @throws IllegalArgumentException naming the file if the layers do not match the network's
         */
        void restore(final Network network, final Optimizer optimizer) {
            final float[][] weights = state.weights();
            final float[][] optimizerState = state.optimizerState();
            final List<WeightLayer> layers = network.weightLayers();
            if (layers.size() != weights.length) {
                throw new IllegalArgumentException(file + ": holds " + weights.length + " weight layers, the "
                        + state.config().model() + " network has " + layers.size());
            }
            for (int l = 0; l < layers.size(); l++) {
                final WeightMatrix m = layers.get(l).matrix();
                final int size = m.inputs() * m.outputs();
                if (weights[l].length != size
                        || optimizerState[l].length != optimizer.state()[l].length) {
                    throw new IllegalArgumentException(file + ": weight layer " + l + " holds " + weights[l].length
                            + " weights, the network's has " + size);
                }
                m.restore(weights[l]);
                System.arraycopy(optimizerState[l], 0, optimizer.state()[l], 0, optimizerState[l].length);
            }
        }
    }

    /**
     * Writes a checkpoint as a new generation ({@code gen-<n>/}: the chip file, then the state file), then switches
     * {@code CURRENT} to it with one atomic move and deletes the older generations: a kill at any point leaves a
     * consistent pair.
     *
     * @param checkpoints the checkpoint folder (created if needed)
     * @param state what to save
     * @throws UncheckedIOException naming the folder if it cannot be written
     */
    static void save(final Path checkpoints, final State state) {
        final Path folder;
        try {
            Files.createDirectories(checkpoints);
            folder = checkpoints.resolve(
                    GENERATION_PREFIX + (generation(checkpoints).orElse(0L) + 1));
            deleteTree(folder);
            Files.createDirectories(folder);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + checkpoints + ": " + e.getMessage(), e);
        }
        writeGeneration(folder, state);
        AtomicFiles.writeString(checkpoints.resolve(CURRENT_FILE), folder.getFileName() + "\n");
        deleteOlderGenerations(checkpoints, folder);
    }

    /** The number of the current generation, empty when the folder holds no checkpoint. */
    private static Optional<Long> generation(final Path checkpoints) {
        final Path current = checkpoints.resolve(CURRENT_FILE);
        if (!Files.exists(current)) {
            return Optional.empty();
        }
        final String name =
                BoundedFiles.readString(current, 64, "checkpoint pointer").strip();
        if (!name.matches(GENERATION_PREFIX + "[0-9]{1,18}")) {
            throw new IllegalArgumentException(
                    current + " is damaged: it holds '" + name + "', expected " + GENERATION_PREFIX + "<number>");
        }
        return Optional.of(Long.parseLong(name.substring(GENERATION_PREFIX.length())));
    }

    private static void deleteOlderGenerations(final Path checkpoints, final Path keep) {
        try (DirectoryStream<Path> generations = Files.newDirectoryStream(checkpoints, GENERATION_PREFIX + "*")) {
            for (final Path g : generations) {
                if (!g.getFileName().equals(keep.getFileName())) {
                    deleteTree(g);
                }
            }
        } catch (final IOException e) {
            // an old generation left behind is never read: CURRENT names the new one
        }
    }

    private static void deleteTree(final Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (final Path f : files) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    private static void writeGeneration(final Path folder, final State state) {
        try {
            final long events = state.chip().map(Chip::eventCounter).orElse(-1L);
            state.chip().ifPresent(c -> c.save(folder.resolve(CHIP_FILE)));
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                writeConfig(out, state.config());
                out.writeInt(state.epochs().size());
                out.writeLong(events);
                out.writeInt(state.batches().size());
                for (final BatchMetrics m : state.batches()) {
                    out.writeInt(m.epoch());
                    out.writeInt(m.batch());
                    out.writeInt(m.batchesPerEpoch());
                    out.writeInt(m.samples());
                    out.writeDouble(m.loss());
                    out.writeDouble(m.accuracy());
                    out.writeLong(m.pulses());
                }
                out.writeInt(state.epochs().size());
                for (final EpochMetrics m : state.epochs()) {
                    out.writeInt(m.epoch());
                    out.writeDouble(m.testAccuracy());
                    out.writeDouble(m.meanTrainLoss());
                    out.writeDouble(m.trainAccuracy());
                    final ProgrammingStats s = m.stats();
                    for (final long v : new long[] {
                        s.setPulses(),
                        s.resetPulses(),
                        s.stepPulses(),
                        s.reads(),
                        s.vmms(),
                        s.vmmDevices(),
                        s.dacConversions(),
                        s.adcConversions()
                    }) {
                        out.writeLong(v);
                    }
                    out.writeInt(m.testAccuracyPerStep().size());
                    for (final double a : m.testAccuracyPerStep()) {
                        out.writeDouble(a);
                    }
                }
                out.writeInt(state.weights().length);
                for (int l = 0; l < state.weights().length; l++) {
                    writeFloats(out, state.weights()[l]);
                    writeFloats(out, state.optimizerState()[l]);
                }
            }
            final CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            final byte[] body = bytes.toByteArray();
            final byte[] file = Arrays.copyOf(body, body.length + Integer.BYTES);
            ByteBuffer.wrap(file, body.length, Integer.BYTES).putInt((int) crc.getValue());
            AtomicFiles.writeBytes(folder.resolve(STATE_FILE), file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint in " + folder, e);
        }
    }

    static Loaded load(final Path checkpoints) {
        final Optional<Long> generation = generation(checkpoints);
        if (generation.isEmpty()) {
            throw new IllegalArgumentException(
                    checkpoints + " holds no checkpoint (no " + CURRENT_FILE + "): no epoch of this run finished");
        }
        final Path folder = checkpoints.resolve(GENERATION_PREFIX + generation.get());
        final Path file = folder.resolve(STATE_FILE);
        final byte[] all = BoundedFiles.read(file, MAX_STATE_BYTES, "checkpoint");
        if (all.length < MAGIC.length + 8 || !Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new IllegalArgumentException(file + " is not a trainer checkpoint (bad magic or too short)");
        }
        final CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - Integer.BYTES);
        if ((int) crc.getValue()
                != ByteBuffer.wrap(all, all.length - Integer.BYTES, Integer.BYTES)
                        .getInt()) {
            throw new IllegalArgumentException(file + " is damaged (checksum mismatch)");
        }
        Chip chip = null;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - Integer.BYTES))) {
            in.skipNBytes(MAGIC.length);
            final int version = in.readInt();
            if (version < VERSION_WITHOUT_TASK || version > VERSION) {
                throw new IllegalArgumentException(file + " has checkpoint version " + version + ", this build reads "
                        + VERSION_WITHOUT_TASK + " to " + VERSION);
            }
            final boolean conversions = version == VERSION;
            final TrainConfig config = readConfig(in, version);
            final int done = in.readInt();
            final long events = in.readLong();
            final List<BatchMetrics> batches = new ArrayList<>();
            for (int i = count(in, 40, "batch metrics", file); i > 0; i--) {
                batches.add(new BatchMetrics(
                        in.readInt(),
                        in.readInt(),
                        in.readInt(),
                        in.readInt(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readLong()));
            }
            final List<EpochMetrics> epochs = new ArrayList<>();
            for (int i = count(in, 72, "epoch metrics", file); i > 0; i--) {
                epochs.add(new EpochMetrics(
                        in.readInt(),
                        in.readDouble(),
                        in.readDouble(),
                        in.readDouble(),
                        new ProgrammingStats(
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                conversions ? in.readLong() : 0,
                                conversions ? in.readLong() : 0,
                                conversions ? in.readLong() : 0),
                        readDoubles(in)));
            }
            if (epochs.size() != done) {
                throw new IllegalArgumentException(
                        file + " says " + done + " epochs are done but holds " + epochs.size() + " epoch metrics");
            }
            final int layers = count(in, 8, "weight layers", file);
            final float[][] weights = new float[layers][];
            final float[][] state = new float[layers][];
            for (int l = 0; l < layers; l++) {
                weights[l] = readFloats(in);
                state[l] = readFloats(in);
            }
            if (!config.software()) {
                chip = Chip.load(folder.resolve(CHIP_FILE));
                if (chip.eventCounter() != events) {
                    throw new IllegalArgumentException(folder.resolve(CHIP_FILE) + " is at chip event "
                            + chip.eventCounter() + " but " + file + " was written at event " + events
                            + ": the two files are from different checkpoints");
                }
            }
            return new Loaded(file, new State(config, Optional.ofNullable(chip), batches, epochs, weights, state));
        } catch (final IOException | RuntimeException e) {
            if (chip != null) {
                chip.close();
            }
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(file + " is malformed: " + e, e);
        }
    }

    private static void writeConfig(final DataOutputStream out, final TrainConfig c) throws IOException {
        out.writeUTF(c.model());
        writeBytes(out, c.spec().toJson().getBytes(StandardCharsets.UTF_8));
        out.writeBoolean(c.software());
        out.writeLong(c.seed());
        out.writeInt(c.epochs());
        out.writeInt(c.batch());
        switch (c.optimizer()) {
            case OptimizerConfig.RmsProp p -> {
                out.writeByte(0);
                out.writeDouble(p.learningRate());
                out.writeDouble(p.decay());
                out.writeDouble(p.epsilon());
            }
            case OptimizerConfig.Sgd s -> {
                out.writeByte(1);
                out.writeDouble(s.learningRate());
            }
        }
        switch (c.scheme()) {
            case UpdateScheme.TwoPulse p -> {
                out.writeByte(0);
                out.writeDouble(p.voltsPerUnitWeight());
                out.writeDouble(p.initialGateVolts());
            }
            case UpdateScheme.PulseCounts p -> {
                out.writeByte(1);
                out.writeInt(p.maxPulses());
            }
            case UpdateScheme.Stochastic(PulseTrain train) -> {
                out.writeByte(2);
                out.writeInt(train.bl());
                out.writeBoolean(train.management());
                out.writeBoolean(train.blManagement());
            }
        }
        out.writeByte(c.init().ordinal());
        out.writeInt(c.trainSamples());
        out.writeInt(c.testSamples());
        out.writeDouble(c.microSiemensPerWeight());
        out.writeByte(c.lossSteps().ordinal());
        final MnistSequence.Config q = c.sequences();
        out.writeByte(q.digits().size());
        for (final int d : q.digits()) {
            out.writeByte(d);
        }
        out.writeInt(q.frames());
        out.writeBoolean(q.repeats());
        out.writeUTF(q.task().id());
        out.writeInt(q.trainCount());
        out.writeInt(q.testCount());
        out.writeLong(q.seed());
        out.writeUTF(c.dataset().id());
    }

    private static TrainConfig readConfig(final DataInputStream in, final int version) throws IOException {
        final String model = in.readUTF();
        final ChipSpec spec = ChipSpec.fromJson(new String(readBytes(in), StandardCharsets.UTF_8));
        final boolean software = in.readBoolean();
        final long seed = in.readLong();
        final int epochs = in.readInt();
        final int batch = in.readInt();
        final OptimizerConfig optimizer = switch (in.readByte()) {
            case 0 -> new OptimizerConfig.RmsProp(in.readDouble(), in.readDouble(), in.readDouble());
            case 1 -> new OptimizerConfig.Sgd(in.readDouble());
            default -> throw new IllegalArgumentException("unknown optimizer code");
        };
        final UpdateScheme scheme = switch (in.readByte()) {
            case 0 -> new UpdateScheme.TwoPulse(in.readDouble(), in.readDouble());
            case 1 -> new UpdateScheme.PulseCounts(in.readInt());
            case 2 -> new UpdateScheme.Stochastic(new PulseTrain(in.readInt(), in.readBoolean(), in.readBoolean()));
            default -> throw new IllegalArgumentException("unknown update scheme code");
        };
        final int init = in.readByte();
        if (init < 0 || init >= InitMode.values().length) {
            throw new IllegalArgumentException("unknown init mode code " + init);
        }
        final int trainSamples = in.readInt();
        final int testSamples = in.readInt();
        final double microSiemensPerWeight = in.readDouble();
        final int lossSteps = in.readByte();
        if (lossSteps < 0 || lossSteps >= LossSteps.values().length) {
            throw new IllegalArgumentException("unknown loss steps code " + lossSteps);
        }
        return new TrainConfig(
                model,
                spec,
                software,
                seed,
                epochs,
                batch,
                optimizer,
                scheme,
                InitMode.values()[init],
                trainSamples,
                testSamples,
                microSiemensPerWeight,
                LossSteps.values()[lossSteps],
                version == VERSION_WITHOUT_TASK ? MnistSequence.Config.DEFAULT : readSequences(in),
                version < VERSION ? ImageDataset.MNIST : ImageDataset.named(in.readUTF()));
    }

    private static MnistSequence.Config readSequences(final DataInputStream in) throws IOException {
        final List<Integer> digits = new ArrayList<>();
        for (int i = in.readUnsignedByte(); i > 0; i--) {
            digits.add(in.readUnsignedByte());
        }
        final int frames = in.readInt();
        final boolean repeats = in.readBoolean();
        final MnistSequence.Task task = MnistSequence.Task.named(in.readUTF());
        return new MnistSequence.Config(digits, frames, repeats, task, in.readInt(), in.readInt(), in.readLong());
    }

    /** A count read from the file, refused when its entries of {@code bytesEach} cannot fit in what is left. */
    private static int count(final DataInputStream in, final int bytesEach, final String what, final Path file)
            throws IOException {
        final int n = in.readInt();
        if (n < 0 || (long) n * bytesEach > in.available()) {
            throw new IllegalArgumentException(
                    file + " is malformed: a count of " + n + " " + what + " runs past the end");
        }
        return n;
    }

    private static void writeBytes(final DataOutputStream out, final byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IllegalArgumentException("a length of " + n + " bytes runs past the end");
        }
        return in.readNBytes(n);
    }

    private static List<Double> readDoubles(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        if (n < 0 || (long) n * Double.BYTES > in.available()) {
            throw new IllegalArgumentException("a list of " + n + " doubles runs past the end");
        }
        final List<Double> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readDouble());
        }
        return values;
    }

    private static void writeFloats(final DataOutputStream out, final float[] values) throws IOException {
        out.writeInt(values.length);
        for (final float v : values) {
            out.writeFloat(v);
        }
    }

    private static float[] readFloats(final DataInputStream in) throws IOException {
        final int n = in.readInt();
        if (n < 0 || (long) n * Float.BYTES > in.available()) {
            throw new IllegalArgumentException("an array of " + n + " floats runs past the end");
        }
        final float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }
}
