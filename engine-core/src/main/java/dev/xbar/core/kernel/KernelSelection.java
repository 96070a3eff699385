package dev.xbar.core.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Picks the kernels once per JVM, honouring {@code -Dxbar.kernels}. */
final class KernelSelection {
    /** The system property that forces an implementation. */
    static final String PROPERTY = "xbar.kernels";

    private static volatile CrossbarKernels selected;

    private KernelSelection() {}

    static CrossbarKernels selected() {
        CrossbarKernels k = selected;
        if (k == null) {
            synchronized (KernelSelection.class) {
                k = selected;
                if (k == null) {
                    final String forced = System.getProperty(PROPERTY, "").strip();
                    k = forced.isEmpty() ? best() : named(forced);
                    selected = k;
                }
            }
        }
        return k;
    }

    static CrossbarKernels named(final String name) {
        final List<String> seen = new ArrayList<>();
        for (final KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
            if (p.name().equals(name)) {
                if (!p.isAvailable()) {
                    throw new IllegalStateException("kernels '" + name + "' are registered but not available in this"
                            + " JVM (for simd: run with --add-modules=jdk.incubator.vector)");
                }
                return p.create();
            }
            seen.add(p.name());
        }
        throw new IllegalStateException(
                "no kernels named '" + name + "' (-D" + PROPERTY + "); registered: " + String.join(", ", seen));
    }

    private static CrossbarKernels best() {
        KernelProvider best = null;
        for (final KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
            if (p.isAvailable() && (best == null || p.priority() > best.priority())) {
                best = p;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no available CrossbarKernels provider on the class path");
        }
        return best.create();
    }
}
