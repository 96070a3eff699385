package dev.xbar.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Picks the kernel provider once per JVM, honouring {@code -Dxbar.kernels}; the chip kernels and the matrix kernels
 * come from the same provider.
 */
final class KernelSelection {
    /** The system property that forces an implementation. */
    static final String PROPERTY = "xbar.kernels";

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
        for (final KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
            if (p.isAvailable() && (best == null || p.priority() > best.priority())) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no available CrossbarKernels provider on the class path");
        }
        return best;
    }
}
