package dev.xbar.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import dev.xbar.core.chip.Chip;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.Window;
import dev.xbar.core.kernel.CrossbarKernels;
import dev.xbar.core.kernel.MatrixKernels;
import dev.xbar.core.kernel.Patches;
import dev.xbar.core.kernel.RowDrive;
import dev.xbar.core.kernel.RunTable;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The forward VMM allocates nothing once compiled, on the paper CNN's conv1 and conv2 windows (rows written out, and
 * read in place from the images), after the Vector API's
 * shared methods have also seen a second species (as the random streams' 256-bit floats make them see in a real run):
 * a vector whose species C2 cannot prove is boxed, a few hundred bytes per vector, which no result shows. The build
 * runs it once more under the launcher's JIT flags (engine-simd's pom, execution {@code launcher-jit-flags}), where
 * the row stores of {@code NarrowVmm.untranspose} had been boxed: about 50 KB per call of 640 rows, 1.36 GB in a
 * default run; and a third time with the JDK's Vector API methods profiled late (execution
 * {@code launcher-jit-flags-unprofiled-jdk}), where the helper form {@code x.fma(g, acc)} left the dispatch virtual
 * and boxed the accumulators: 127 KB per conv1 VMM every time, and 480 KB once in CI when timing did the same. Bound:
 * far below one boxed vector per block of rows.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotPathAllocationTest {
    private static CrossbarKernels simd;

    @BeforeAll
    static void needsTheVectorModule() {
        assumeTrue(SimdKernelProvider.vectorModulePresent(), "runs with --add-modules=jdk.incubator.vector");
        simd = CrossbarKernels.named(SimdKernelProvider.NAME);
    }

    /** Loads and stores at both float species the kernels use: FloatVector.intoArray's profile then holds two. */
    private static float otherSpecies() {
        final float[] a = new float[64];
        float sum = 0;
        for (final VectorSpecies<Float> s : List.of(Lanes.FL, Lanes.F)) {
            for (int k = 0; k < 20_000; k++) {
                FloatVector.fromArray(s, a, k % 16).intoArray(a, 16 + k % 16);
            }
            sum += a[20] + 1;
        }
        return sum;
    }

    /**
     * The least a call allocated over warm-up rounds: the driven VMM of written-out rows, or with patches the VMM of
     * rows read in place from 10 images (640 rows either way).
     */
    private static long allocatedPerCall(final int rows, final int cols, final int copies, final Patches patches) {
        final int inputs = rows / copies;
        final int[] rowInput = new int[rows];
        final int[] rowSign = new int[rows];
        for (int i = 0; i < rows; i++) {
            rowInput[i] = (i / 2) % inputs;
            rowSign[i] = i % 2 == 0 ? 1 : -1;
        }
        final RowDrive drive = new RowDrive(rowInput, rowSign);
        final Window w = new Window(0, 0, rows, cols);
        final int batch = 640;
        final SplittableRandom random = new SplittableRandom(71);
        final float[] x =
                new float[patches == null ? batch * inputs : batch / patches.perSample() * patches.sampleSize()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        final float[] scales = new float[batch];
        if (patches == null) {
            MatrixKernels.named("scalar").scaleRows(x, inputs, 0.2f, scales, 0, batch);
        }
        final float[] out = new float[batch * cols];
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Chip chip = Chip.fabricate(ChipSpec.preset("nmi2019"), 72, 0)) {
            long best = Long.MAX_VALUE;
            // warm-up rounds until C2 has the kernels: the least a round of calls allocated
            for (int round = 0; round < 400 && best > 0; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int k = 0; k < 20; k++) {
                    if (patches == null) {
                        simd.vmmDriven(chip, w, drive, x, inputs, scales, out, 0, batch, chip.nextEvent());
                    } else {
                        simd.vmmPatches(chip, w, drive, patches, x, 0.2f, scales, out, 0, batch, chip.nextEvent());
                    }
                }
                best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
            }
            return best;
        }
    }

    @Test
    void theForwardVmmOfTheCnnWindowsAllocatesNothingOnceCompiled() {
        assertTrue(otherSpecies() > 0);
        final long conv1 = allocatedPerCall(36, 15, 4, null);
        final long conv2 = allocatedPerCall(120, 8, 2, null);
        assertTrue(conv1 < 256, "conv1 window: " + conv1 + " bytes allocated per call");
        assertTrue(conv2 < 256, "conv2 window: " + conv2 + " bytes allocated per call");
    }

    @Test
    void theUnscalingOfTheCnnOutputsAllocatesNothingOnceCompiled() {
        assertTrue(otherSpecies() > 0);
        final MatrixKernels kernels = MatrixKernels.named(SimdKernelProvider.NAME);
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final SplittableRandom random = new SplittableRandom(73);
        for (final int width : new int[] {15, 4, 10}) {
            final float[] y = new float[640 * width];
            final float[] scales = new float[640];
            for (int r = 0; r < scales.length; r++) {
                scales[r] = (float) random.nextDouble(0.1, 2);
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 400 && best > 0; round++) {
                final long before = threads.getCurrentThreadAllocatedBytes();
                for (int k = 0; k < 20; k++) {
                    Arrays.fill(y, 1.0f);
                    kernels.unscaleRows(y, width, scales, 200.0f, 1.0f, 0, 640);
                }
                best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
            }
            assertTrue(best < 64, "width " + width + ": " + best + " bytes allocated per call");
        }
    }

    @Test
    void theSumOfConv2sCopiesAllocatesNothingOnceCompiled() {
        assertTrue(otherSpecies() > 0);
        final MatrixKernels kernels = MatrixKernels.named(SimdKernelProvider.NAME);
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        final float[] currents = new float[640 * 8];
        final float[] y = new float[640 * 4];
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 400 && best > 0; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20; k++) {
                kernels.addColumns(currents, 8, 0, y, 4, 0, 4, 0, 640);
                kernels.addColumns(currents, 8, 4, y, 4, 0, 4, 0, 640);
            }
            best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
        }
        assertTrue(best < 64, best + " bytes allocated per pair of calls");
    }

    @Test
    void theInputGradientOfConv2AllocatesNothingOnceCompiled() {
        // the col2im of dy W^T for 10 samples of conv2 (8 x 8 x 15 images, 2 x 2 kernel padded after, 4 outputs): the
        // kernel's 16 weight vectors held in registers must stay unboxed
        assertTrue(otherSpecies() > 0);
        final MatrixKernels kernels = MatrixKernels.named(SimdKernelProvider.NAME);
        final Patches conv2 = new Patches(8, 8, 15, 2, 2, 0, 1, 0, 1);
        final RunTable rowTable = conv2.coveringRows();
        final RunTable elementTable = conv2.coveringElements();
        final SplittableRandom rng = new SplittableRandom(3);
        final float[] dOut = new float[640 * 4];
        final float[] w = new float[60 * 4];
        for (int k = 0; k < dOut.length; k++) {
            dOut[k] = (float) rng.nextGaussian();
        }
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) rng.nextGaussian();
        }
        final float[] dIn = new float[640 * 15];
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 400 && best > 0; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20; k++) {
                kernels.sumProductRuns(dOut, 4, w, 60, rowTable, elementTable, 4, 64, 64, dIn, 15, 0, 10);
            }
            best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
        }
        assertTrue(best < 64, best + " bytes allocated per call");
    }

    /** Next to last, after the cases of the kernels that were here before it, for the reason the last gives. */
    @Test
    @Order(Integer.MAX_VALUE - 1)
    void theIm2colOfConv2AllocatesNothingOnceCompiled() {
        // copyRuns of 10 samples of conv2's 8 x 8 x 15 images: each run one vector, loaded and stored; a default run
        // (./xbar train) allocated 2.2 GB there, each vector boxed on its way to the store (JFR allocation samples)
        assertTrue(otherSpecies() > 0);
        final MatrixKernels kernels = MatrixKernels.named(SimdKernelProvider.NAME);
        final Patches conv2 = new Patches(8, 8, 15, 2, 2, 0, 1, 0, 1);
        final RunTable runs = conv2.sources();
        final SplittableRandom rng = new SplittableRandom(4);
        final float[] image = new float[10 * conv2.sampleSize()];
        for (int k = 0; k < image.length; k++) {
            image[k] = (float) rng.nextGaussian();
        }
        final float[] patches = new float[10 * conv2.perSample() * conv2.inputs()];
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 400 && best > 0; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20; k++) {
                for (int b = 0; b < 10; b++) {
                    kernels.copyRuns(
                            image, b * conv2.sampleSize(), runs, 0, runs.length(), patches, b * runs.length() * 15, 15);
                }
            }
            best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
        }
        assertTrue(best < 64, best + " bytes allocated per 10 samples");
    }

    /**
     * Last of the class: run before the VMM cases, this case's calls and {@link
     * #theIm2colOfConv2AllocatesNothingOnceCompiled}'s left C2 compiling conv1's VMMs with every vector boxed (512 KB
     * per call) under the launcher's flags now and then (this one every time, the im2col's in one fresh-clone run of
     * several), in this JVM only; default and ConvLSTM training runs, which call the VMMs and these kernels, allocated
     * nothing in either (JFR allocation samples). So the cases of the kernels that were here before them run first,
     * in the order they ran in before.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theCol2imOfTheConvLstmStateAllocatesNothingOnceCompiled() {
        // sumRuns over 10 samples of the ConvLSTM's state (6 x 6 x 5, 2 x 2 'same'), a row of pixels per call as
        // Im2col.scatter calls it: each pixel's 5 channels one vector, the sum of up to 4 terms; under the launcher's
        // flags the ConvLSTM's training allocated about 400 MB a second there (JFR)
        assertTrue(otherSpecies() > 0);
        final MatrixKernels kernels = MatrixKernels.named(SimdKernelProvider.NAME);
        final Patches state = new Patches(6, 6, 5, 2, 2, 0, 1, 0, 1);
        final RunTable covering = state.coveringOffsets();
        final SplittableRandom rng = new SplittableRandom(5);
        final int sampleSize = state.perSample() * state.inputs();
        final float[] dPatches = new float[10 * sampleSize];
        for (int k = 0; k < dPatches.length; k++) {
            dPatches[k] = (float) rng.nextGaussian();
        }
        final float[] dIn = new float[10 * state.sampleSize()];
        final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 400 && best > 0; round++) {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 20; k++) {
                for (int row = 0; row < 10 * 6; row++) {
                    kernels.sumRuns(
                            dPatches, row / 6 * sampleSize, covering, row % 6 * 6 * 4, 4, dIn, row * 6 * 5, 5, 6);
                }
            }
            best = Math.min(best, (threads.getCurrentThreadAllocatedBytes() - before) / 20);
        }
        assertTrue(best < 64, best + " bytes allocated per 10 samples");
    }

    @Test
    void theVmmOfTheCnnPatchesReadInPlaceAllocatesNothingOnceCompiled() {
        // PatchVmm: its DAC, the epilogue's noise and ADC, and the conductance broadcasts of the current kernels were
        // each boxed in some compilation before they were written out (0.3-0.9 MB per call in JMH forks)
        assertTrue(otherSpecies() > 0);
        final long conv1 = allocatedPerCall(36, 15, 4, new Patches(8, 8, 1, 3, 3, 1, 1, 1, 1));
        final long conv2 = allocatedPerCall(120, 8, 2, new Patches(8, 8, 15, 2, 2, 0, 1, 0, 1));
        assertTrue(conv1 < 256, "conv1 patches: " + conv1 + " bytes allocated per call");
        assertTrue(conv2 < 256, "conv2 patches: " + conv2 + " bytes allocated per call");
    }
}
