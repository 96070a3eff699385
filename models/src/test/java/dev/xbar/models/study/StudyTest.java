package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.device.ConstantStep;
import dev.xbar.core.device.GateControlledDevice;
import dev.xbar.core.device.StepParameters;
import dev.xbar.core.kernel.Programming;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.models.mapping.UpdateScheme;
import dev.xbar.models.train.InitMode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StudyTest {

    @Test
    void pointsCountWithTheLastSweepFastest() {
        final Study study = Studies.small();
        assertEquals(4, study.points().size());
        assertEquals(List.of(0.0, 4.0), study.point(0).values());
        assertEquals(List.of(0.0, 8.0), study.point(1).values());
        assertEquals(List.of(0.1, 4.0), study.point(2).values());
        assertEquals(List.of(0.1, 8.0), study.point(3).values());
        assertEquals(0.1, study.point(3).spec().faults().stuckRandomFraction());
        assertEquals(8.0, ((GateControlledDevice) study.point(3).spec().device()).writeNoiseMicroSiemens());
        assertEquals("stuck=0.1 write_noise=8", study.point(3).label(study.sweeps()));
        assertEquals(20, study.trialCount());
        assertEquals(new TrialId(2, 3), study.trialId(13));
        assertEquals(13, study.globalIndex(new TrialId(2, 3)));
    }

    /** A study on Fashion-MNIST names its dataset and hashes apart; an MNIST study's JSON and hash are as before. */
    @Test
    void theDatasetIsPartOfAStudyOnlyWhenItIsNotMnist() {
        final Study mnist = new Study(
                "cnn",
                TrialMode.INSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(),
                2,
                1,
                new Study.Training(1, 0, 0));
        final Study fashion = new Study(
                "cnn",
                TrialMode.INSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(),
                2,
                1,
                new Study.Training(1, 0, 0, InitMode.AUTO, ImageDataset.FASHION_MNIST));
        assertFalse(mnist.canonicalMap().containsKey("dataset"));
        assertEquals("fashion-mnist", fashion.canonicalMap().get("dataset"));
        assertNotEquals(mnist.hash(), fashion.hash());
        final Study back = Study.fromJson(fashion.canonicalJson(), "test");
        assertEquals(fashion, back);
        assertEquals(ImageDataset.FASHION_MNIST, back.training().dataset());
        assertEquals(
                ImageDataset.MNIST,
                Study.fromJson(mnist.canonicalJson(), "test").training().dataset());
    }

    @Test
    void aStudyWithoutSweepsHasTheBaseSpecAsItsOnePoint() {
        final Study study = Studies.devices(3, 1);
        assertEquals(1, study.points().size());
        assertEquals(study.base(), study.point(0).spec());
    }

    @Test
    void theSeedOfATrialDependsOnlyOnMasterSeedPointAndTrial() {
        final Study a = Studies.small();
        final Study b = Studies.devices(50, 42, "adc_bits=4,5,6,7,8");
        assertNotEquals(a.hash(), b.hash());
        for (int p = 0; p < 4; p++) {
            for (int t = 0; t < 5; t++) {
                final long expected = Study.trialSeed(42, p, t);
                assertEquals(expected, a.trialSeed(new TrialId(p, t)));
                assertEquals(expected, b.trialSeed(new TrialId(p, t)));
            }
        }
        final Set<Long> seeds = new HashSet<>();
        for (long master = 0; master < 3; master++) {
            for (int p = 0; p < 30; p++) {
                for (int t = 0; t < 30; t++) {
                    seeds.add(Study.trialSeed(master, p, t));
                }
            }
        }
        assertEquals(3 * 30 * 30, seeds.size(), "(master, point, trial) triples must get distinct seeds");
    }

    @Test
    void theCanonicalFormRoundTripsAndTheHashSeesEveryTrialDefiningField() {
        final Study study = Studies.small();
        final Study back = Study.fromJson(study.canonicalJson(), "test");
        assertEquals(study.hash(), back.hash());
        assertEquals(study, back);
        assertEquals(64, study.hash().length());
        final Set<String> hashes = new HashSet<>();
        hashes.add(study.hash());
        hashes.add(Studies.devices(6, 42, "stuck=0,0.1", "write_noise=4,8").hash());
        hashes.add(Studies.devices(5, 43, "stuck=0,0.1", "write_noise=4,8").hash());
        hashes.add(Studies.devices(5, 42, "stuck=0,0.2", "write_noise=4,8").hash());
        hashes.add(Studies.devices(5, 42, "write_noise=4,8", "stuck=0,0.1").hash());
        hashes.add(
                new Study("devices", TrialMode.INSITU, "nmi2019", study.base(), study.sweeps(), 5, 42, study.training())
                        .hash());
        hashes.add(new Study(
                        "devices",
                        TrialMode.EXSITU,
                        "nmi2019",
                        study.base().with("rows", 64),
                        study.sweeps(),
                        5,
                        42,
                        study.training())
                .hash());
        hashes.add(new Study(
                        "devices",
                        TrialMode.EXSITU,
                        "nmi2019",
                        study.base(),
                        study.sweeps(),
                        5,
                        42,
                        new Study.Training(1, 0, 0, InitMode.PAPER))
                .hash());
        assertEquals(8, hashes.size());
    }

    @Test
    void aStochasticUpdateRoundTripsChangesTheHashAndNeedsInSituTrainingOnStepDevices() {
        final ChipSpec step = ChipSpec.preset("nmi2019").withDevice(new ConstantStep(StepParameters.defaults()));
        final Study.Training training = new Study.Training(1, 0, 0);
        final Optional<UpdateScheme.Stochastic> update =
                Optional.of(new UpdateScheme.Stochastic(new PulseTrain(12, false, true)));
        final Study rounded = new Study("cnn", TrialMode.INSITU, "x", step, List.of(), 1, 1, training);
        final Study stochastic =
                new Study("cnn", TrialMode.INSITU, "x", step, List.of(), 1, 1, training, Programming.OPEN_LOOP, update);
        final Study back = Study.fromJson(stochastic.canonicalJson(), "test");
        assertEquals(stochastic, back);
        assertEquals(update, back.stochasticUpdate());
        assertNotEquals(rounded.hash(), stochastic.hash());
        assertFalse(rounded.canonicalJson().contains("update"), "the default study's JSON and hash are unchanged");
        final ChipSpec gate = ChipSpec.preset("nmi2019");
        for (final Runnable bad : List.<Runnable>of(
                () -> new Study(
                        "cnn", TrialMode.EXSITU, "x", step, List.of(), 1, 1, training, Programming.OPEN_LOOP, update),
                () -> new Study(
                        "cnn", TrialMode.INSITU, "x", gate, List.of(), 1, 1, training, Programming.OPEN_LOOP, update),
                () -> new Study(
                        "devices",
                        TrialMode.INSITU,
                        "x",
                        step,
                        List.of(),
                        1,
                        1,
                        training,
                        Programming.OPEN_LOOP,
                        update))) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::run);
            assertTrue(e.getMessage().startsWith("the stochastic update trains a network"), e.getMessage());
        }
    }

    @Test
    void aStudyOfTheFirstFormatReadsAsTheSameStudyWithTheAutomaticInitialisation() {
        final Study study = Studies.small();
        final String v1 = study.canonicalJson()
                .replace("xbar-study-2", "xbar-study-1")
                .replace("\"train_samples\"", "\"trainImages\"")
                .replace("\"test_samples\"", "\"testImages\"")
                .replace(",\"init\":\"auto\"", "");
        assertFalse(v1.contains("init"), v1);
        final Study back = Study.fromJson(v1, "old/study.json");
        assertEquals(study.hash(), back.hash(), "an old study folder resumes under the new format");
        assertEquals(InitMode.AUTO, back.training().init());
    }

    @Test
    void aSweepThroughZeroWriteNoiseUnderAutoMixesInitialisationsAndTheSummarySaysSo() {
        final List<Sweep> throughZero = List.of(Sweep.parse("write_noise=0,8"));
        final ChipSpec base = ChipSpec.preset("nmi2019");
        final Study auto =
                new Study("cnn", TrialMode.INSITU, "nmi2019", base, throughZero, 1, 1, new Study.Training(1, 0, 0));
        final StudySummary mixed = StudySummary.of(auto, List.of(), 0.9);
        assertTrue(mixed.initMixed());
        assertTrue(mixed.toJson().contains("\"init_mixed\" : true"), mixed.toJson());
        assertTrue(mixed.toJson().contains("\"init_used\" : \"random\""), mixed.toJson());
        final Study paper = new Study(
                "cnn",
                TrialMode.INSITU,
                "nmi2019",
                base,
                throughZero,
                1,
                1,
                new Study.Training(1, 0, 0, InitMode.PAPER));
        assertFalse(StudySummary.of(paper, List.of(), 0.9).initMixed());
        final Study noisy = new Study(
                "cnn",
                TrialMode.INSITU,
                "nmi2019",
                base,
                List.of(Sweep.parse("write_noise=4,8")),
                1,
                1,
                new Study.Training(1, 0, 0));
        assertFalse(StudySummary.of(noisy, List.of(), 0.9).initMixed(), "write noise 4 and 8: paper throughout");
        assertFalse(
                StudySummary.of(Studies.devices(1, 1, "write_noise=0,8"), List.of(), 0.9)
                        .initMixed(),
                "no network, no initialisation");
    }

    @Test
    void aStudyJsonWithAnUnknownFieldIsRefusedNamingIt() {
        final String json = Studies.small().canonicalJson().replaceFirst("\\{", "{\"colour\":1,");
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Study.fromJson(json, "x/study.json"));
        assertTrue(e.getMessage().startsWith("x/study.json: colour is not a study field"), e.getMessage());
    }

    @Test
    void everyAliasNamesAFieldOfAGateOrAStepDeviceSpec() {
        final ChipSpec gate = ChipSpec.preset("nmi2019");
        final ChipSpec step = new ChipSpec(
                128,
                64,
                new ConstantStep(StepParameters.defaults()),
                gate.variability(),
                gate.faults(),
                gate.peripherals());
        final Programming.WriteVerify verify = new Programming.WriteVerify(20, 5);
        for (final var alias : Sweep.ALIASES.entrySet()) {
            if (alias.getValue().startsWith(Sweep.PROGRAM)) {
                final String name = alias.getValue().substring(Sweep.PROGRAM.length());
                assertEquals(
                        verify, verify.with(name, ((Number) verify.toMap().get(name)).doubleValue()), alias.getKey());
                continue;
            }
            final ChipSpec base = alias.getValue().equals("device.dwMinStd") ? step : gate;
            final Object value = valueAt(ChipSpecJson.toMap(base), alias.getValue());
            assertEquals(base, base.with(alias.getValue(), value), alias.getKey());
        }
        assertEquals(
                Sweep.parse("stuck=0,0.05").path(),
                Sweep.parse("faults.stuckRandomFraction=0,0.05").path());
        assertEquals("stuck=0,0.05", Sweep.parse("stuck=0,0.05").text());
    }

    private static Object valueAt(final Map<String, Object> root, final String path) {
        Object node = root;
        for (final String part : path.split("\\.")) {
            node = ((Map<?, ?>) node).get(part);
        }
        return node;
    }

    @Test
    void badSweepSyntaxNamesTheTokenAndWhatWasExpected() {
        assertMessage("stuck", "--sweep 'stuck': no '='", "expected NAME=V1,V2,...");
        assertMessage("stuck=", "no values after '='", "expected NAME=V1,V2,...");
        assertMessage("stuck=0,abc", "'abc' is not a number", "expected NAME=V1,V2,...");
        assertMessage("stuck=0,,0.1", "'' is not a number", "numbers as values");
        assertMessage("=0.1", "'' is not a field name", "stuck, stuck_low");
        assertMessage("stuck=0.1,0.1", "value 0.1 is given twice", "distinct");
    }

    @Test
    void aSweepOfAnUnknownFieldOrAnInvalidValueIsRefusedWithThePath() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Studies.devices(1, 1, "faults.stuckFraction=0.1"));
        assertTrue(e.getMessage().contains("'faults.stuckFraction' is not a chip spec field"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Studies.devices(1, 1, "stuck=0,1.5"));
        assertTrue(e.getMessage().startsWith("sweep stuck=1.5: "), e.getMessage());
        assertTrue(e.getMessage().contains("stuckRandomFraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Studies.devices(1, 1, "adc_bits=6.5"));
        assertTrue(e.getMessage().contains("adcBits"), e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> Studies.devices(1, 1, "stuck=0", "faults.stuckRandomFraction=0.1"));
        assertTrue(e.getMessage().contains("swept twice"), e.getMessage());
    }

    @Test
    void shardsPartitionTheTrials() {
        final Study study = Studies.devices(7, 1, "stuck=0,0.1,0.2");
        final Set<TrialId> seen = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            for (final TrialId id : StudyRun.pending(study, new Shard(i, 4), Map.of())) {
                assertTrue(seen.add(id), id + " is in two shards");
                assertEquals(i, study.globalIndex(id) % 4);
            }
        }
        assertEquals(study.trialCount(), seen.size());
        assertEquals(new Shard(2, 8), Shard.parse("2/8"));
        for (final String bad : List.of("8/8", "-1/2", "1", "a/b", "1/0", "1/2/3")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(
                    e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("expected i/k"), bad);
        }
    }

    private static void assertMessage(final String sweep, final String... parts) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.parse(sweep));
        for (final String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
