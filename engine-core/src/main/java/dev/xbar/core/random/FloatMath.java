package dev.xbar.core.random;

/**
 * Float {@code log} and {@code cos(2 pi u)} built only from float add, multiply, fused multiply-add and bit
 * manipulation, so a Vector API twin that performs the same operations in the same order gets bit-identical results
 * (both {@code Math.fma} and {@code FloatVector.fma} round once, exactly as IEEE 754 requires).
 *
 * <p>The exact operation sequences, which a SIMD implementation must copy:
 *
 * <pre>
 * log(x), x a positive normal float:
 *   bits = floatToRawIntBits(x)
 *   e    = (bits - 0x3F2AAAAB) &gt;&gt; 23                 arithmetic shift; exponent such that m is in [2/3, 4/3)
 *   m    = intBitsToFloat(bits - (e &lt;&lt; 23))
 *   f    = m - 1                                       exact (Sterbenz)
 *   q    = L8
 *   q    = fma(q, f, L7) ... q = fma(q, f, L0)          Horner, highest coefficient first
 *   r    = fma(f * f, q, f)                             log1p(f) = f + f^2 q(f)
 *   log  = fma((float) e, LN2, r)
 *
 * cos2pi(u), u in [0, 1):
 *   y    = abs(u - 0.5)                                 cos(2 pi u) = -cos(2 pi y)
 *   w    = 0.25 - y                                     cos(2 pi y) = sin(2 pi w), w in [-0.25, 0.25]
 *   w2   = w * w
 *   p    = S4
 *   p    = fma(p, w2, S3) ... p = fma(p, w2, S0)        Horner
 *   cos  = -(w * p)
 * </pre>
 *
 * The coefficients are weighted least-squares (near minimax) fits made for this class; the measured maximum errors
 * against {@link Math#log} and {@link Math#cos} are checked by the tests: |log error| &lt;= 2e-7 max(1, |ln x|) (half
 * a float ulp of the result), |cos error| &lt; 2e-7.
 */
public final class FloatMath {
    /** ln 2 rounded to float. The constants are public so the Vector API twin uses these very values. */
    public static final float LN2 = 0.6931472f;

    /** log1p's q(f), coefficient of f^0. */
    public static final float L0 = -0.5f;
    /** log1p's q(f), coefficient of f^1. */
    public static final float L1 = 0.3333326f;
    /** log1p's q(f), coefficient of f^2. */
    public static final float L2 = -0.24999678f;
    /** log1p's q(f), coefficient of f^3. */
    public static final float L3 = 0.20008326f;
    /** log1p's q(f), coefficient of f^4. */
    public static final float L4 = -0.16685309f;
    /** log1p's q(f), coefficient of f^5. */
    public static final float L5 = 0.14032976f;
    /** log1p's q(f), coefficient of f^6. */
    public static final float L6 = -0.12115631f;
    /** log1p's q(f), coefficient of f^7. */
    public static final float L7 = 0.13881446f;
    /** log1p's q(f), coefficient of f^8. */
    public static final float L8 = -0.13202503f;

    /** sin(2 pi w) / w, coefficient of w^0. */
    public static final float S0 = 6.2831855f;
    /** sin(2 pi w) / w, coefficient of w^2. */
    public static final float S1 = -41.341682f;
    /** sin(2 pi w) / w, coefficient of w^4. */
    public static final float S2 = 81.602486f;
    /** sin(2 pi w) / w, coefficient of w^6. */
    public static final float S3 = -76.5814f;
    /** sin(2 pi w) / w, coefficient of w^8. */
    public static final float S4 = 39.761616f;

    /** 1.5 * 2^23: adding and subtracting it rounds a float of magnitude below 2^22 to an integer, half to even. */
    public static final float ROUNDING_MAGIC = 0x1.8p23f;

    /** Bits of 2/3: subtracting them centres the mantissa on 1. */
    public static final int TWO_THIRDS_BITS = 0x3F2AAAAB;

    private FloatMath() {}

    /**
     * Natural logarithm of a positive normal float (no checks: zero, negative, subnormal, infinite and NaN arguments
     * give meaningless results).
     *
     * @param x a positive normal float
     * @return ln x, within 2e-7 max(1, |ln x|)
     */
    public static float log(final float x) {
        final int bits = Float.floatToRawIntBits(x);
        final int e = (bits - TWO_THIRDS_BITS) >> 23;
        final float m = Float.intBitsToFloat(bits - (e << 23));
        final float f = m - 1.0f;
        float q = L8;
        q = Math.fma(q, f, L7);
        q = Math.fma(q, f, L6);
        q = Math.fma(q, f, L5);
        q = Math.fma(q, f, L4);
        q = Math.fma(q, f, L3);
        q = Math.fma(q, f, L2);
        q = Math.fma(q, f, L1);
        q = Math.fma(q, f, L0);
        final float r = Math.fma(f * f, q, f);
        return Math.fma((float) e, LN2, r);
    }

    /**
     * cos(2 pi u) for u in [0, 1).
     *
     * @param u a turn fraction in [0, 1)
     * @return cos(2 pi u), within 2e-7
     */
    public static float cos2pi(final float u) {
        final float y = Math.abs(u - 0.5f);
        final float w = 0.25f - y;
        final float w2 = w * w;
        float p = S4;
        p = Math.fma(p, w2, S3);
        p = Math.fma(p, w2, S2);
        p = Math.fma(p, w2, S1);
        p = Math.fma(p, w2, S0);
        return -(w * p);
    }

    /**
     * Rounds to the nearest integer, ties to even, as {@code (x + 1.5 * 2^23) - 1.5 * 2^23} (a form a vector lane can
     * copy exactly).
     *
     * @param x a float of magnitude below 2^22
     * @return the nearest integer, as a float
     */
    public static float rint(final float x) {
        return (x + ROUNDING_MAGIC) - ROUNDING_MAGIC;
    }

    /**
     * Uniform quantisation with saturation, the DAC and ADC model: {@code step * rint(min(max(x / step, minCode),
     * maxCode))}.
     *
     * @param x the value
     * @param step the quantisation step (positive)
     * @param minCode the lowest code (an integer of magnitude below 2^22)
     * @param maxCode the highest code
     * @return the quantised, saturated value
     */
    public static float quantize(final float x, final float step, final float minCode, final float maxCode) {
        return step * rint(Math.min(Math.max(x / step, minCode), maxCode));
    }
}
