package dev.xbar.models.study;

import dev.xbar.core.chip.ChipSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Small studies for the tests. */
final class Studies {
    private Studies() {}

    static Study devices(final int chips, final long seed, final String... sweeps) {
        final List<Sweep> list = new ArrayList<>();
        for (final String s : sweeps) {
            list.add(Sweep.parse(s));
        }
        return new Study(
                "devices",
                TrialMode.EXSITU,
                "nmi2019",
                ChipSpec.preset("nmi2019"),
                list,
                chips,
                seed,
                new Study.Training(1, 0, 0));
    }

    /** The default small study: 2 x 2 points x 5 chips. */
    static Study small() {
        return devices(5, 42, "stuck=0,0.1", "write_noise=4,8");
    }

    /** Results sorted by trial, for comparisons that ignore arrival order. */
    static List<TrialResult> sorted(final Collection<TrialResult> results) {
        final List<TrialResult> list = new ArrayList<>(results);
        list.sort((a, b) -> a.id().compareTo(b.id()));
        return list;
    }

    /** Whether two result sets have the same trials with the same outcomes (timings aside). */
    static boolean sameOutcomes(final Collection<TrialResult> a, final Collection<TrialResult> b) {
        final List<TrialResult> x = sorted(a);
        final List<TrialResult> y = sorted(b);
        if (x.size() != y.size()) {
            return false;
        }
        for (int i = 0; i < x.size(); i++) {
            if (!x.get(i).sameOutcome(y.get(i))) {
                return false;
            }
        }
        return true;
    }
}
