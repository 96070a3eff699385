package dev.xbar.models.study;

import dev.xbar.core.chip.EnergyEstimate;
import dev.xbar.core.chip.EnergyModel;
import dev.xbar.core.chip.ProgrammingStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mean energy and time of a grid point's trials under the point's energy model: the mean counts times the
 * per-operation costs ({@link EnergyEstimate}), the same estimate {@code xbar train} reports.
 *
 * @param work per trial, the training (in situ) or the programming (ex situ)
 * @param inference one test sample
 */
public record PointEnergy(EnergyEstimate work, EnergyEstimate inference) {
    /**
     * The estimate of some trials, or null when there is none or one lacks counts (no network, or a line of a
     * {@code trials.csv} written before counts were kept): a mean over part of a point would mislead.
     *
     * @param results the point's finished trials
     * @param model the point's costs
     * @return the estimate, or null
     */
    public static PointEnergy of(final List<TrialResult> results, final EnergyModel model) {
        if (results.isEmpty() || results.stream().anyMatch(r -> r.counts() == null)) {
            return null;
        }
        ProgrammingStats work = ProgrammingStats.NONE;
        EnergyEstimate inference = null;
        for (final TrialResult r : results) {
            work = work.plus(r.counts().work());
            final EnergyEstimate one = EnergyEstimate.of(r.counts().testPass(), model)
                    .per(r.counts().testSamples());
            inference = inference == null ? one : inference.plus(one);
        }
        return new PointEnergy(EnergyEstimate.of(work, model).per(results.size()), inference.per(results.size()));
    }

    /**
     * The estimate for {@code summary.json}: {@code {"training" or "programming": .., "inference": ..}}, each
     * {@link EnergyEstimate#toMap}.
     *
     * @param mode the study's mode, which names the work
     * @return ordered maps
     */
    public Map<String, Object> toMap(final TrialMode mode) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put(mode.work(), work.toMap());
        m.put("inference", inference.toMap());
        return m;
    }
}
