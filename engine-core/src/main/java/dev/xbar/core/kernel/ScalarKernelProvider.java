package dev.xbar.core.kernel;

/** Registers {@link ScalarKernels}, always available, lowest priority. */
public final class ScalarKernelProvider implements KernelProvider {
    /** Creates the provider (ServiceLoader needs a public constructor). */
    public ScalarKernelProvider() {}

    @Override
    public String name() {
        return ScalarKernels.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public CrossbarKernelSupport create() {
        return ScalarKernels.INSTANCE;
    }
}
