package dev.xbar.models.study;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.models.train.InitMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-point statistics of a study's finished trials ({@code summary.json}).
 *
 * @param study the study
 * @param threshold the yield threshold (accuracy at or above it counts as a good chip)
 * @param trials finished trials over all points
 * @param points one summary per grid point, in point order
 */
public record StudySummary(Study study, double threshold, int trials, List<PointSummary> points) {

    /** Copies the points. */
    public StudySummary {
        points = List.copyOf(points);
    }

    /**
     * Summarises results.
     *
     * @param study the study
     * @param results finished trials of the study (each trial at most once)
     * @param threshold the yield threshold, a fraction
     * @return the summary
     */
    public static StudySummary of(final Study study, final Collection<TrialResult> results, final double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold = " + threshold + " is not a fraction in [0, 1]");
        }
        final List<List<TrialResult>> byPoint = new ArrayList<>();
        for (int p = 0; p < study.points().size(); p++) {
            byPoint.add(new ArrayList<>());
        }
        for (final TrialResult r : results) {
            study.globalIndex(r.id());
            byPoint.get(r.point()).add(r);
        }
        final List<PointSummary> points = new ArrayList<>();
        for (final GridPoint p : study.points()) {
            points.add(PointSummary.of(p, byPoint.get(p.index()), threshold, study.ages()));
        }
        return new StudySummary(study, threshold, results.size(), points);
    }

    /**
     * Whether every trial of the study has finished.
     *
     * @return trials == points x chips
     */
    public boolean complete() {
        return trials == study.trialCount();
    }

    /**
     * The summary as pretty-printed JSON: the study's identity and definition, the threshold, the percentile
     * definition, and per point its swept values by name and its statistics (NaN written as null).
     *
     * @return the text
     */
    public String toJson() {
        return toJson(Map.of());
    }

    /**
     * Whether the grid points start their chips differently: with {@link InitMode#AUTO}, a sweep through zero write
     * noise (or across device families) mixes the paper's initialisation and the random one, so its accuracy curve
     * changes initialisation on the way.
     *
     * @return true for in situ trials of a network when not every point uses the same initialisation
     */
    public boolean initMixed() {
        return study.mode() == TrialMode.INSITU
                && !study.model().equals("devices")
                && study.points().stream().map(this::initUsed).distinct().count() > 1;
    }

    private InitMode initUsed(final GridPoint p) {
        return study.training().init().used(p.spec());
    }

    /**
     * The summary as pretty-printed JSON, after the given fields (a command's provenance: version, command line,
     * times, data), with nulls written.
     *
     * @param provenance fields to put first
     * @return the text
     */
    public String toJson(final Map<String, Object> provenance) {
        final Map<String, Object> m = new LinkedHashMap<>(provenance);
        m.put("study", study.hash());
        m.put("model", study.model());
        m.put("mode", study.mode().label());
        m.put("base", study.baseName());
        m.put("sweeps", study.canonicalMap().get("sweeps"));
        m.put("chips", study.chips());
        m.put("seed", study.seed());
        m.put("epochs", study.training().epochs());
        m.put("train_samples", study.training().trainImages());
        m.put("test_samples", study.training().testImages());
        m.put("init", study.training().init().id());
        m.put("init_mixed", initMixed());
        if (!study.ages().labels().isEmpty()) {
            m.put("ages", study.ages().labels());
            m.put("drift_clock", "from the end of each chip's training or ex situ programming, for every device");
        }
        m.put("threshold", threshold);
        m.put("trials", trials);
        m.put("trials_total", study.trialCount());
        m.put("complete", complete());
        m.put("percentiles", "linear interpolation between order statistics (Hyndman-Fan type 7)");
        final List<Object> list = new ArrayList<>();
        for (final PointSummary p : points) {
            final Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("point", p.point());
            final Map<String, Object> values = new LinkedHashMap<>();
            for (int s = 0; s < study.sweeps().size(); s++) {
                values.put(study.sweeps().get(s).name(), p.values().get(s));
            }
            pm.put("values", values);
            pm.put("init_used", initUsed(study.point(p.point())).id());
            pm.put("trials", p.trials());
            pm.put("mean", finite(p.mean()));
            pm.put("sd", finite(p.sd()));
            pm.put("p5", finite(p.p5()));
            pm.put("p50", finite(p.p50()));
            pm.put("p95", finite(p.p95()));
            pm.put("yield", finite(p.yield()));
            pm.put("mean_pulses", finite(p.meanPulses()));
            pm.put("mean_seconds", finite(p.meanSeconds()));
            if (p.energy() != null) {
                pm.put("energy", p.energy().toMap(study.mode()));
            }
            if (!p.ages().isEmpty()) {
                final List<Object> ages = new ArrayList<>();
                for (final PointSummary.AgeSummary a : p.ages()) {
                    final Map<String, Object> am = new LinkedHashMap<>();
                    am.put("age", a.age());
                    am.put("seconds", a.seconds());
                    am.put("mean", finite(a.mean()));
                    am.put("sd", finite(a.sd()));
                    am.put("p5", finite(a.p5()));
                    am.put("p50", finite(a.p50()));
                    am.put("p95", finite(a.p95()));
                    am.put("yield", finite(a.yield()));
                    ages.add(am);
                }
                pm.put("at_ages", ages);
            }
            list.add(pm);
        }
        m.put("points", list);
        try {
            return JSON.std
                            .with(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES)
                            .asString(m)
                    + "\n";
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write a study summary as JSON", e);
        }
    }

    private static Double finite(final double v) {
        return Double.isFinite(v) ? v : null;
    }
}
