package dev.xbar.models.train;

/**
 * Which time steps of a recurrent network carry loss (feed-forward networks have one step, so both mean the same).
 */
public enum LossSteps {
    /** Only the last step, as the authors' ConvLSTM code trains ({@code recurrent_mode 'last'}, paper-spec.md 2.5). */
    LAST("last"),
    /** Every step, each against the sequence's label; the losses and gradients are summed over the steps. */
    ALL("all");

    private final String id;

    LossSteps(final String id) {
        this.id = id;
    }

    /**
     * The name the CLI uses.
     *
     * @return "last" or "all"
     */
    public String id() {
        return id;
    }

    /**
     * Looks a mode up by name.
     *
     * @param name "last" or "all"
     * @return the mode
     * @throws IllegalArgumentException for another name
     */
    public static LossSteps named(final String name) {
        for (final LossSteps s : values()) {
            if (s.id.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown loss steps '" + name + "' (expected last or all)");
    }
}
