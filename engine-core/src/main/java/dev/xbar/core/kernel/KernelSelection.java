package dev.xbar.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Picks the kernel provider once per JVM, honouring {@code -Dxbar.kernels}; the chip kernels and the matrix kernels
 * come from the same provider.
 */
final class KernelSelection {
    /** The system property that forces an implementation. */
    static final String PROPERTY = "xbar.kernels";

    private static final System.Logger LOG = System.getLogger(KernelSelection.class.getName());
    private static final AtomicBoolean TOLD = new AtomicBoolean();

    private static volatile CrossbarKernels selected;
    private static volatile MatrixKernels selectedMatrix;

    private KernelSelection() {}

    static CrossbarKernels selected() {
        CrossbarKernels k = selected;
        if (k == null) {
            synchronized (KernelSelection.class) {
                k = selected;
                if (k == null) {
                    k = new CrossbarKernels(chosen().create());
                    selected = k;
                }
            }
        }
        return k;
    }

    static MatrixKernels selectedMatrix() {
        MatrixKernels k = selectedMatrix;
        if (k == null) {
            synchronized (KernelSelection.class) {
                k = selectedMatrix;
                if (k == null) {
                    k = new MatrixKernels(chosen());
                    selectedMatrix = k;
                }
            }
        }
        return k;
    }

    /** The provider {@code -Dxbar.kernels} forces, or the best available one. */
    private static KernelProvider chosen() {
        final String forced = System.getProperty(PROPERTY, "").strip();
        return forced.isEmpty() ? best() : provider(forced);
    }

    static KernelProvider provider(final String name) {
        final List<String> seen = new ArrayList<>();
        for (final KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
            if (p.name().equals(name)) {
                if (!p.isAvailable()) {
                    throw new IllegalStateException("kernels '" + name + "' are registered but not available in this"
                            + " JVM (for simd: run with --add-modules=jdk.incubator.vector)");
                }
                return p;
            }
            seen.add(p.name());
        }
        throw new IllegalStateException(
                "no kernels named '" + name + "' (-D" + PROPERTY + "); registered: " + String.join(", ", seen));
    }

    private static KernelProvider best() {
        KernelProvider best = null;
        int registered = 0;
        for (final KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
            registered++;
            if (p.isAvailable() && (best == null || p.priority() > best.priority())) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no available CrossbarKernels provider on the class path");
        }
        if (registered == 1 && TOLD.compareAndSet(false, true)) {
            // engine-simd warns itself when it is there without its module; here it is missing altogether
            LOG.log(
                    System.Logger.Level.INFO,
                    "the scalar kernels will run: xbar-engine-simd is not on the class path (add it and run java"
                            + " with --add-modules=jdk.incubator.vector for the SIMD kernels, or set -D" + PROPERTY
                            + "=scalar to choose the scalar ones quietly)");
        }
        return best;
    }
}
