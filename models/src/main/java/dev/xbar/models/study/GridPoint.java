package dev.xbar.models.study;

import dev.xbar.core.Check;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.Programming;
import java.util.List;

/**
 * One point of a study's grid: the value of each sweep (in sweep order), the chip spec and the programming they give.
 *
 * @param index the point index (see {@link Study} for the order)
 * @param values one value per sweep
 * @param spec the base spec with every swept spec field set
 * @param programming the study's programming with every swept write-verify parameter set ({@link Sweep#PROGRAM})
 */
public record GridPoint(int index, List<Double> values, ChipSpec spec, Programming programming) {

    /** Copies the values. */
    public GridPoint {
        values = List.copyOf(values);
    }

    /**
     * The point as {@code name=value} pairs, e.g. {@code stuck=0.05 write_noise=4}; empty when nothing is swept.
     *
     * @param sweeps the study's sweeps
     * @return the label
     */
    public String label(final List<Sweep> sweeps) {
        final StringBuilder b = new StringBuilder();
        for (int s = 0; s < sweeps.size(); s++) {
            b.append(s == 0 ? "" : " ").append(sweeps.get(s).name()).append('=').append(Check.format(values.get(s)));
        }
        return b.toString();
    }
}
