package dev.xbar.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.JavaFlightRecorderProfiler;

/**
 * Where a training step's time goes: a post-processor for JMH's JFR profiler that sorts the measurement iterations'
 * CPU samples ({@code jdk.ExecutionSample}) by pass (forward, loss, backward, update) and by stage (im2col, DAC,
 * VMM, noise draws, noise and ADC, output sums and scaling, backward products, read-back, programming, ...), and writes the
 * table as markdown beside the recording ({@code stages.md}) and to standard output. Run it as
 *
 * <pre>
 * bench/run 'TrainingStepBenchmark.trainStep' -p impl=simd -p mode=insitu -p threads=1 \
 *     -prof 'jfr:postProcessor=dev.xbar.bench.StageBreakdown'
 * </pre>
 *
 * <p>A sample's stage is that of the frame nearest the leaf that a rule names (so a Gaussian drawn inside the VMM
 * counts as noise, not as VMM); its pass comes from the outermost frame that names one (the caller and the helper
 * threads of a parallel region alike run a sample range through {@code Network.forward} and {@code Network.backward},
 * and the weight gradients' slices under {@code Network.weightGradients}, counted as backward).
 * The layer is the outermost model class on the stack ({@code Conv2d}, {@code Dense}, ...; {@code AnalogMatrix} for
 * the update and for a helper thread's share of a VMM): the two conv layers share a class, so the table tells layer
 * types, not layer instances. Samples whose leaf-most Xbar frame is {@code Parallel} are a region's spinning and
 * waiting; samples no rule names are the calling code itself ("glue"). Sampling is statistical: with the defaults (5 x 1 s)
 * a few hundred samples per thread, so shares below 2% are noise.
 */
public final class StageBreakdown implements JavaFlightRecorderProfiler.PostProcessor {
    /** Stage rules, first match from the leaf: a frame "Class.method" that starts with the prefix. */
    private static final List<Rule> STAGES = List.of(
            new Rule("VectorRandom.", "noise draws"),
            new Rule("RandomStreams.", "noise draws"),
            new Rule("FloatMath.gaussian", "noise draws"),
            new Rule("ReadChain.epilogue", "noise + ADC"),
            new Rule("ReadChain.finish", "noise + ADC"),
            new Rule("ReadPath.finish", "noise + ADC"),
            new Rule("ReadChain.dac", "DAC"),
            new Rule("NarrowVmm.transpose", "DAC"),
            new Rule("NarrowVmm.sums", "DAC"),
            new Rule("ReadBack.", "read-back"),
            new Rule("ReadChain.readBack", "read-back"),
            new Rule("ScalarKernels.readConductances", "read-back"),
            new Rule("GateProgramming.", "programming"),
            new Rule("PulseUpdates.", "programming"),
            new Rule("ScalarKernels.programGate", "programming"),
            new Rule("ScalarKernels.applyPulses", "programming"),
            new Rule("ScalarKernels.pulseTrain", "programming"),
            new Rule("EffectiveConductances.", "VMM"),
            new Rule("ForwardVmm.", "VMM"),
            new Rule("NarrowVmm.", "VMM"),
            new Rule("TransposedVmm.", "VMM"),
            // the in-place im2col VMM: its maximum pass and DAC, its copy into channel planes, the rest VMM
            new Rule("PatchVmm.quantise", "DAC"),
            new Rule("PatchVmm$Layout.fill", "im2col"),
            new Rule("PatchVmm.", "VMM"),
            // a multi-copy tile's columns summed onto the layer's outputs
            new Rule("MatrixKernels.addColumns", "output sums"),
            new Rule("PanamaMatrixKernels.addColumns", "output sums"),
            new Rule("ScalarMatrixKernels.addColumns", "output sums"),
            new Rule("AnalogMatrix.sense", "output sums"),
            new Rule("ScalarKernels.vmm", "VMM"),
            new Rule("MatrixKernels.scaleRows", "input scaling"),
            new Rule("PanamaMatrixKernels.scaleRows", "input scaling"),
            new Rule("ScalarMatrixKernels.scaleRows", "input scaling"),
            new Rule("MatrixKernels.unscaleRows", "output scaling"),
            new Rule("PanamaMatrixKernels.unscaleRows", "output scaling"),
            new Rule("ScalarMatrixKernels.unscaleRows", "output scaling"),
            // the im2col and col2im kernels, before the other matrix kernels of their classes
            new Rule("PanamaMatrixKernels.copyRuns", "im2col"),
            // copyRuns' loops of its own: runsOfOneVector, runsOfSeveralVectors
            new Rule("PanamaMatrixKernels.runsOf", "im2col"),
            new Rule("ScalarMatrixKernels.copyRuns", "im2col"),
            new Rule("MatrixKernels.copyRuns", "im2col"),
            new Rule("MatrixKernels.checkRuns", "im2col"),
            new Rule("PanamaMatrixKernels.sumRuns", "col2im"),
            new Rule("ScalarMatrixKernels.sumRuns", "col2im"),
            new Rule("MatrixKernels.sumRuns", "col2im"),
            new Rule("Im2col.gather", "im2col"),
            new Rule("Im2col.scatter", "col2im"),
            new Rule("MatrixKernels.maxRuns", "ReLU, pooling"),
            new Rule("PanamaMatrixKernels.maxRuns", "ReLU, pooling"),
            new Rule("ScalarMatrixKernels.maxRuns", "ReLU, pooling"),
            new Rule("MatrixKernels.reluGradient", "ReLU, pooling"),
            new Rule("PanamaMatrixKernels.reluGradient", "ReLU, pooling"),
            new Rule("ScalarMatrixKernels.reluGradient", "ReLU, pooling"),
            new Rule("PanamaMatrixKernels.", "matrix products"),
            new Rule("ScalarMatrixKernels.", "matrix products"),
            new Rule("Relu.", "ReLU, pooling"),
            new Rule("MaxPool2d.", "ReLU, pooling"),
            new Rule("SoftmaxCrossEntropy.", "loss"),
            new Rule("Optimizer.", "optimizer"));

    /** Pass rules, first match from the root. */
    private static final List<Rule> PASSES = List.of(
            new Rule("Trainer$BatchStep.update", "update"),
            new Rule("AnalogMatrix.update", "update"),
            new Rule("Network.forward", "forward"),
            new Rule("Network.backward", "backward"),
            new Rule("Network.weightGradients", "backward"),
            new Rule("Network.lambda$weightGradients", "backward"),
            new Rule("SoftmaxCrossEntropy.", "loss"));

    /**
     * Model classes that name a layer: the outermost on the stack wins (a Conv2d calls its AnalogMatrix; the update
     * pass and a helper thread's VMM have only the AnalogMatrix).
     */
    private static final List<String> LAYERS =
            List.of("Conv2d", "Dense", "ConvLstm", "Relu", "MaxPool2d", "SoftmaxCrossEntropy", "AnalogMatrix");

    private record Rule(String prefix, String name) {}

    /** Public no-argument constructor: JMH instantiates the post-processor by name. */
    public StageBreakdown() {}

    @Override
    public List<File> postProcess(final BenchmarkParams params, final File jfrFile) {
        try {
            final String table = table(
                    jfrFile.toPath(),
                    params.getBenchmark() + " " + params.getParam("impl") + " " + params.getParam("mode") + " threads="
                            + params.getParam("threads"));
            final Path out = jfrFile.toPath().resolveSibling("stages.md");
            Files.writeString(out, table, StandardCharsets.UTF_8);
            System.out.println(table);
            return List.of(out.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException("reading " + jfrFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * The breakdown of one recording.
     *
     * @param recording a JFR file
     * @param title the table's caption
     * @return markdown: samples by pass and stage, then by layer
     * @throws IOException if the file cannot be read
     */
    static String table(final Path recording, final String title) throws IOException {
        final Map<String, Integer> byStage = new TreeMap<>();
        final Map<String, Integer> byLayer = new TreeMap<>();
        int total = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                final RecordedEvent event = file.readEvent();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName())) {
                    continue;
                }
                final List<String> frames = frames(event.getStackTrace());
                if (frames.stream().noneMatch(f -> f.startsWith("dev.xbar."))) {
                    continue; // JMH's own threads
                }
                total++;
                final String stage = stage(frames);
                byStage.merge(pass(frames) + "\t" + stage, 1, Integer::sum);
                byLayer.merge(layer(frames) + "\t" + stage, 1, Integer::sum);
            }
        }
        final StringBuilder md = new StringBuilder();
        md.append("CPU samples of ").append(title).append(": ").append(total).append("\n\n");
        md.append(section("Pass", byStage, total)).append('\n');
        md.append(section("Layer", byLayer, total));
        return md.toString();
    }

    private static String section(final String first, final Map<String, Integer> counts, final int total) {
        final List<Map.Entry<String, Integer>> rows = new ArrayList<>(counts.entrySet());
        rows.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()));
        final Map<String, Integer> firstTotals = new LinkedHashMap<>();
        for (final Map.Entry<String, Integer> row : rows) {
            firstTotals.merge(row.getKey().split("\t")[0], row.getValue(), Integer::sum);
        }
        final StringBuilder md = new StringBuilder();
        md.append("| ").append(first).append(" | Stage | Share of samples |\n| --- | --- | ---: |\n");
        for (final Map.Entry<String, Integer> row : rows) {
            final String[] key = row.getKey().split("\t");
            md.append("| ")
                    .append(key[0])
                    .append(" (")
                    .append(percent(firstTotals.get(key[0]), total))
                    .append(") | ")
                    .append(key[1])
                    .append(" | ")
                    .append(percent(row.getValue(), total))
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String percent(final int n, final int total) {
        return String.format("%.1f%%", 100.0 * n / Math.max(1, total));
    }

    /** "Class.method" of each frame, leaf first (the class without its package). */
    private static List<String> frames(final RecordedStackTrace stack) {
        final List<String> names = new ArrayList<>();
        if (stack == null) {
            return names;
        }
        for (final RecordedFrame frame : stack.getFrames()) {
            final String type = frame.getMethod().getType().getName();
            names.add(type + "." + frame.getMethod().getName());
        }
        return names;
    }

    private static String simple(final String frame) {
        final int method = frame.lastIndexOf('.');
        final int pkg = frame.lastIndexOf('.', method - 1);
        return frame.substring(pkg + 1);
    }

    static String stage(final List<String> frames) {
        final String ours = frames.stream()
                .filter(f -> f.startsWith("dev.xbar."))
                .findFirst()
                .orElse("");
        if (simple(ours).startsWith("Parallel")) {
            return "parallel: waiting"; // the region's own code nearest the leaf: spinning, yielding, parking
        }
        for (final String frame : frames) {
            final String name = simple(frame);
            for (final Rule rule : STAGES) {
                if (name.startsWith(rule.prefix())) {
                    return rule.name();
                }
            }
        }
        return "glue";
    }

    static String pass(final List<String> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            final String name = simple(frames.get(i));
            for (final Rule rule : PASSES) {
                if (name.startsWith(rule.prefix())) {
                    return rule.name();
                }
            }
        }
        return "other";
    }

    static String layer(final List<String> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            final String name = simple(frames.get(i));
            for (final String layer : LAYERS) {
                if (name.startsWith(layer + ".")) {
                    return layer;
                }
            }
        }
        return "other";
    }
}
