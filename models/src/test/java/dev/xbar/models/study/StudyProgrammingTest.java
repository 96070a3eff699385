package dev.xbar.models.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.kernel.Programming;
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
}
