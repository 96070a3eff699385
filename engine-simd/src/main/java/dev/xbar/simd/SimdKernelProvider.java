package dev.xbar.simd;

import dev.xbar.core.kernel.CrossbarKernelSupport;
import dev.xbar.core.kernel.KernelProvider;
import dev.xbar.core.kernel.MatrixKernelSupport;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Registers the Vector API kernels as {@code simd} (priority 100, so they win over {@code scalar} whenever they can
 * run). This class touches no Vector API type: without {@code jdk.incubator.vector} in the boot layer it still loads,
 * reports itself unavailable and logs one warning, and selection falls back to the scalar reference; the Panama
 * class is loaded reflectively only once the module is known to be there (Lucene's VectorizationProvider pattern).
 */
public final class SimdKernelProvider implements KernelProvider {
    /** The name {@code -Dxbar.kernels=simd} selects. */
    public static final String NAME = "simd";

    /** The JDK module the kernels need. */
    public static final String VECTOR_MODULE = "jdk.incubator.vector";

    /**
     * The system property that narrows the vector width, in bits (128, 256 or 512; a width above the machine's
     * preferred one means the preferred one). Unset: the preferred width. For tests that must run the lane-count
     * dependent code at other machines' widths.
     */
    public static final String VECTOR_BITS = "xbar.vectorBits";

    private static final System.Logger LOG = System.getLogger(SimdKernelProvider.class.getName());
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    /** Creates the provider (ServiceLoader needs a public constructor). */
    public SimdKernelProvider() {}

    /**
     * Whether {@code jdk.incubator.vector} is in the boot layer (the JVM ran with
     * {@code --add-modules=jdk.incubator.vector}).
     *
     * @return true if the Vector API can be used
     */
    public static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean isAvailable() {
        final boolean present = vectorModulePresent();
        if (!present && WARNED.compareAndSet(false, true)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "the simd kernels need " + VECTOR_MODULE + " (run java with --add-modules=" + VECTOR_MODULE
                            + "); the scalar kernels will run, several times slower");
        }
        return present;
    }

    @Override
    public CrossbarKernelSupport create() {
        return (CrossbarKernelSupport) newPanama("PanamaKernels");
    }

    /** Four vectors at the widest shape: every masked tail of the kernels stays inside the array. */
    @Override
    public int tailRoom() {
        return 64;
    }

    @Override
    public MatrixKernelSupport createMatrixKernels() {
        return (MatrixKernelSupport) newPanama("PanamaMatrixKernels");
    }

    /**
     * The widest vector {@code -Dxbar.vectorBits} allows, checked here (no Vector API type involved) so that a bad
     * value fails with a message naming the property rather than inside a class initialiser.
     *
     * @return the requested bits, or {@link Integer#MAX_VALUE} if the property is unset
     * @throws IllegalStateException if the property is not 128, 256 or 512
     */
    static int requestedVectorBits() {
        final String value = System.getProperty(VECTOR_BITS, "").strip();
        return switch (value) {
            case "" -> Integer.MAX_VALUE;
            case "128", "256", "512" -> Integer.parseInt(value);
            default ->
                throw new IllegalStateException("-D" + VECTOR_BITS + "=" + value
                        + ": expected 128, 256 or 512 (vector bits for the simd kernels)");
        };
    }

    /** Loads a Vector API class of this package by name once the module is known to be there, and creates it. */
    private static Object newPanama(final String simpleName) {
        if (!vectorModulePresent()) {
            throw new IllegalStateException(
                    "the simd kernels need " + VECTOR_MODULE + ": run java with --add-modules=" + VECTOR_MODULE);
        }
        requestedVectorBits();
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            final Class<?> panama = lookup.findClass(SimdKernelProvider.class.getPackageName() + "." + simpleName);
            return lookup.findConstructor(panama, MethodType.methodType(void.class))
                    .invoke();
        } catch (final RuntimeException | Error e) {
            throw e;
        } catch (final Throwable e) {
            throw new IllegalStateException("cannot create the simd kernels: " + e, e);
        }
    }
}
