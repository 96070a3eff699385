package dev.xbar.core.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import org.junit.jupiter.api.Test;

/**
 * Fails when a Surefire execution demands an implementation ({@code -Dxbar.requireKernels=simd} or {@code scalar})
 * and another one is what {@link CrossbarKernels#get()} and {@link MatrixKernels#get()} hand out, so that a build
 * whose SIMD kernels silently fell back to scalar (module missing, provider not on the class path) cannot pass.
 * jvector's Test_RequireSpecificVectorizationProvider does the same. Each module that runs kernels extends it.
 */
public abstract class RequiredKernelsCheck {
    /** The system property a Surefire execution sets to the implementation its tests must run. */
    public static final String PROPERTY = "xbar.requireKernels";

    @Test
    public void theRequiredKernelsAreTheOnesInUse() {
        final String required = System.getProperty(PROPERTY, "").strip();
        assumeFalse(required.isEmpty(), "no -D" + PROPERTY + " in this run");
        final String why = "-D" + PROPERTY + "=" + required + " (-D" + KernelSelection.PROPERTY + "="
                + System.getProperty(KernelSelection.PROPERTY, "") + ")";
        assertEquals(required, CrossbarKernels.get().name(), why);
        assertEquals(required, MatrixKernels.get().name(), why);
    }
}
