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
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A block of trials of one study run, executed on whichever member owns the task. It carries only data: the study as
 * its canonical JSON (the one wire form of a study), the run id, the SHA-256 of the coordinator's data and the trial
 * ids. No path and no code travel: the member picks the trial function from its own {@link TrialSource} and reads its
 * own data, refusing the block when that data's SHA-256 differs. Results go into the run's map (named by the study's
 * hash and the run id, both checked here) as soon as they are known; trials already there are skipped, so a block that
 * the durable executor re-runs after a member's death only runs what was lost.
 */
final class TrialBlockTask implements Callable<Integer>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 2L;

    /** Parsed studies by canonical JSON: a member parses each study once, not once per block. */
    private static final Map<String, Study> STUDIES = new ConcurrentHashMap<>();

    private static final int MAX_CACHED_STUDIES = 8;

    private final String studyJson;
    private final String runId;
    private final String dataSha256;
    private final int[] points;
    private final int[] trials;
    private transient HazelcastInstance member;

    TrialBlockTask(
            final String studyJson,
            final String runId,
            final String dataSha256,
            final int[] points,
            final int[] trials) {
        this.studyJson = studyJson;
        this.runId = runId;
        this.dataSha256 = dataSha256;
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
        final IMap<TrialId, TrialResult> results = member.getMap(ClusterRunner.mapName(study, UUID.fromString(runId)));
        final TrialFunction function = function(study);
        int ran = 0;
        for (int i = 0; i < points.length; i++) {
            final TrialId id = new TrialId(points[i], trials[i]);
            if (id.point() >= study.points().size() || id.trial() >= study.chips()) {
                throw new IllegalArgumentException("cluster task: " + id + " is not a trial of the study ("
                        + study.points().size() + " points of " + study.chips() + " chips)");
            }
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

    /** This member's own trial function for the study, on data that must match the coordinator's. */
    private TrialFunction function(final Study study) {
        final Object source = member.getUserContext().get(TrialSource.KEY);
        if (!(source instanceof TrialSource trialSource)) {
            throw new IllegalStateException("cluster member "
                    + member.getCluster().getLocalMember().getAddress() + " has no trial source (not an xbar member)");
        }
        final TrialFunction function = trialSource.forStudy(study);
        function.prepare(study);
        if (!function.dataSha256().equals(dataSha256)) {
            throw new IllegalStateException("cluster member "
                    + member.getCluster().getLocalMember().getAddress() + " refuses the study: its data has SHA-256 '"
                    + function.dataSha256() + "', the coordinator's '" + dataSha256
                    + "' (give every member the same data, e.g. --data)");
        }
        return function;
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
