package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.Programming;
import dev.xbar.datasets.ImageDataset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StudyProgrammingTest {
    private static final Study.Training TRAINING = new Study.Training(1, 100, 100);

    private static Study study(final TrialMode mode, final Programming programming) {
        return new Study("cnn", mode, "nmi2019", ChipSpec.preset("nmi2019"), List.of(), 3, 1, TRAINING, programming);
    }

    @Test
    void writeVerifyIsPartOfTheStudyAndOpenLoopLeavesItsJsonAsBefore() {
        final Study open = study(TrialMode.EXSITU, Programming.OPEN_LOOP);
        final Study old =
                new Study("cnn", TrialMode.EXSITU, "nmi2019", ChipSpec.preset("nmi2019"), List.of(), 3, 1, TRAINING);
        assertEquals(old.hash(), open.hash());
        assertFalse(open.canonicalJson().contains("program"), "studies of before keep their hash");
        final Study verify = study(TrialMode.EXSITU, new Programming.WriteVerify(20, 5));
        assertNotEquals(open.hash(), verify.hash());
        final Study back = Study.fromJson(verify.canonicalJson(), "test");
        assertEquals(verify.hash(), back.hash());
        assertEquals(new Programming.WriteVerify(20, 5), back.programming());
        final IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> study(TrialMode.INSITU, new Programming.WriteVerify(20, 5)));
        assertTrue(e.getMessage().contains("ex situ trials only"), e.getMessage());
    }

    @Test
    void writeVerifyParametersSweepLikeSpecFieldsOfAWriteVerifyStudy() {
        final Study study = new Study(
                "cnn",
                TrialMode.EXSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(Sweep.parse("verify_iterations=0,5"), Sweep.parse("verify_tolerance=2,8")),
                1,
                1,
                TRAINING,
                new Programming.WriteVerify(20, 5));
        assertEquals(new Programming.WriteVerify(0, 2), study.point(0).programming());
        assertEquals(new Programming.WriteVerify(5, 8), study.point(3).programming());
        assertEquals(ChipSpec.preset("nmi2019"), study.point(3).spec(), "the chip is the base spec's");
        assertEquals(study.hash(), Study.fromJson(study.canonicalJson(), "test").hash());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> study(TrialMode.EXSITU, Programming.OPEN_LOOP, Sweep.parse("verify_tolerance=2,8")));
        assertTrue(
                e.getMessage()
                        .contains("verify_tolerance=2: sweeps a write-verify parameter: the study needs"
                                + " write-verify"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class,
                () -> study(
                        TrialMode.EXSITU, new Programming.WriteVerify(20, 5), Sweep.parse("verify_iterations=2.5")));
        assertTrue(
                e.getMessage().contains("verify iterations = 2.5 must be a whole number in [0, 1000]"), e.getMessage());
    }

    /**
     * Ex situ trials program with their point's write-verify parameters: no correction rounds at all leave the weights
     * as open loop does plus one verifying read, so fewer pulses than 20 rounds.
     */
    @Test
    void aVerifySweepChangesTheTrials() {
        final Study study = new Study(
                "cnn",
                TrialMode.EXSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                List.of(Sweep.parse("verify_iterations=0,20")),
                1,
                1,
                new Study.Training(1, 200, 100),
                new Programming.WriteVerify(20, 5));
        final NetworkTrial trials = new NetworkTrial(ImageDataset.MNIST, null, true);
        final TrialResult none = trials.execute(study, new TrialId(0, 0));
        final TrialResult twenty = trials.execute(study, new TrialId(1, 0));
        assertTrue(twenty.pulses() > none.pulses(), none + " vs " + twenty);
    }

    private static Study study(final TrialMode mode, final Programming programming, final Sweep sweep) {
        return new Study(
                "cnn", mode, "nmi2019", ChipSpec.preset("nmi2019"), List.of(sweep), 3, 1, TRAINING, programming);
    }
}
