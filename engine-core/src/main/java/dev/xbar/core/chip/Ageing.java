package dev.xbar.core.chip;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import dev.xbar.core.Check;
import java.lang.foreign.MemorySegment;

/**
 * A chip's programmed state held aside, so that the chip can be tested at several ages, each from that same state: no
 * compounding, and the same noise draws at every age (the event counter is rewound too), so two ages differ by drift
 * only. Ages up to the spec's t0 give the programmed state back; later ones are {@link Drift#age} from it. Only the
 * conductances and the event counter are restored: the pulse, read and VMM counters keep counting.
 */
public final class Ageing {
    private final Chip chip;
    private final float[] programmed;
    private final long events;

    private Ageing(final Chip chip) {
        this.chip = chip;
        this.programmed = chip.conductance().toArray(JAVA_FLOAT);
        this.events = chip.eventCounter();
    }

    /**
     * Holds the chip's present state as its programmed state: the drift clock's start.
     *
     * @param chip the chip, just programmed
     * @return the ageing of that state
     */
    public static Ageing of(final Chip chip) {
        return new Ageing(chip);
    }

    /**
     * Puts the chip in its programmed state aged by {@code seconds}: G = G(t0) (max(t, t0) / t0)^-nu for working
     * devices, as programmed for stuck and dead ones, and the event counter as it was at programming.
     *
     * @param seconds the time since programming, at least 0
     */
    public void at(final double seconds) {
        Check.range("seconds", seconds, 0, Double.MAX_VALUE);
        MemorySegment.copy(programmed, 0, chip.conductance(), JAVA_FLOAT, 0, programmed.length);
        chip.restore(events, chip.stats());
        final double t0 = chip.spec().variability().driftT0Seconds();
        if (seconds > t0) {
            Drift.age(chip, Window.of(chip), seconds);
        }
    }
}
