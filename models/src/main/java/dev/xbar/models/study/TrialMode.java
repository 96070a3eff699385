package dev.xbar.models.study;

import java.util.Locale;

/** How a trial gets its weights onto the chip. */
public enum TrialMode {
    /** Fabricate the chip, train the network on it through its update scheme, test. */
    INSITU,
    /** Train once in software, program those weights onto each chip through its write scheme, test. */
    EXSITU;

    /**
     * The mode's name as users type it.
     *
     * @return {@code insitu} or {@code exsitu}
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What a trial of this mode does to the chip before testing, as energy reports name it.
     *
     * @return {@code training} in situ, {@code programming} ex situ
     */
    public String work() {
        return this == INSITU ? "training" : "programming";
    }

    /**
     * Parses {@code insitu} or {@code exsitu} (any case).
     *
     * @param text the text
     * @return the mode
     * @throws IllegalArgumentException naming the text and the choices
     */
    public static TrialMode parse(final String text) {
        for (final TrialMode m : values()) {
            if (m.label().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode '" + text + "' is not one of insitu, exsitu");
    }
}
