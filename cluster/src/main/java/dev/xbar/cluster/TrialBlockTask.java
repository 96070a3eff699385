package dev.xbar.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.IMap;
import dev.xbar.models.study.Study;
import dev.xbar.models.study.TrialFailedException;
import dev.xbar.models.study.TrialFunction;
import dev.xbar.models.study.TrialId;
import dev.xbar.models.study.TrialResult;
import java.io.Serializable;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block of trials of one study, run on whichever member owns the task. It carries the study as its canonical JSON
 * (the one wire form of a study) and the trial function; each result goes into the study's result map as soon as it
 * is known, and trials already in the map are skipped, so a block that the durable executor re-runs after a member's
 * death only runs what was lost.
 */
final class TrialBlockTask implements Callable<Integer>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    /** Parsed studies by canonical JSON: a member parses each study once, not once per block. */
    private static final Map<String, Study> STUDIES = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_STUDIES = 8;

    private final String studyJson;
    private final String mapName;
    private final TrialFunction function;
    private final int[] points;
    private final int[] trials;
    private transient HazelcastInstance member;

    TrialBlockTask(
            final String studyJson,
            final String mapName,
            final TrialFunction function,
            final int[] points,
            final int[] trials) {
        this.studyJson = studyJson;
        this.mapName = mapName;
        this.function = function;
        this.points = points.clone();
        this.trials = trials.clone();
    }

    @Override
    public void setHazelcastInstance(final HazelcastInstance instance) {
        this.member = instance;
    }

    /** Runs the block's unfinished trials; returns how many it ran. */
    @Override
    public Integer call() {
        final Study study = study(studyJson);
        final IMap<TrialId, TrialResult> results = member.getMap(mapName);
        function.prepare(study);
        int ran = 0;
        for (int i = 0; i < points.length; i++) {
            final TrialId id = new TrialId(points[i], trials[i]);
            if (results.containsKey(id)) {
                continue;
            }
            final TrialResult result;
            try {
                result = function.execute(study, id);
            } catch (final RuntimeException | Error e) {
                throw new TrialFailedException(id, e);
            }
            results.set(id, result);
            ran++;
        }
        return ran;
    }

    private static Study study(final String json) {
        final Study cached = STUDIES.get(json);
        if (cached != null) {
            return cached;
        }
        if (STUDIES.size() >= MAX_CACHED_STUDIES) {
            STUDIES.clear();
        }
        final Study study = Study.fromJson(json, "cluster task");
        STUDIES.put(json, study);
        return study;
    }
}
