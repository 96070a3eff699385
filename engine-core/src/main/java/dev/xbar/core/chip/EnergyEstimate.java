package dev.xbar.core.chip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Energy and time of a chip's counted events under an {@link EnergyModel}, split by {@link CostedOperation}. Only
 * the array and its converters are costed: no digital logic, buffers or host.
 *
 * @param costs one per operation, in {@link CostedOperation} order
 */
public record EnergyEstimate(List<Cost> costs) {
    /**
     * One operation's share.
     *
     * @param operation the operation
     * @param joules its energy
     * @param seconds its time
     */
    public record Cost(CostedOperation operation, double joules, double seconds) {}

    /** Copies the list. */
    public EnergyEstimate {
        costs = List.copyOf(costs);
    }

    /**
     * The estimate for some counted events.
     *
     * @param counts the events, e.g. {@link Chip#stats()} or the difference of two snapshots
     * @param model the costs
     * @return the estimate
     */
    public static EnergyEstimate of(final ProgrammingStats counts, final EnergyModel model) {
        final List<Cost> costs = new ArrayList<>();
        for (final CostedOperation op : CostedOperation.values()) {
            costs.add(new Cost(op, op.joules(counts, model), op.seconds(counts, model)));
        }
        return new EnergyEstimate(costs);
    }

    /**
     * This estimate shared among {@code n} equal parts, e.g. a test pass per image.
     *
     * @param n the parts, at least 1
     * @return each part's estimate
     */
    public EnergyEstimate per(final long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n = " + n + " must be >= 1");
        }
        return new EnergyEstimate(costs.stream()
                .map(c -> new Cost(c.operation(), c.joules() / n, c.seconds() / n))
                .toList());
    }

    /**
     * This estimate and another of the same operations added, e.g. to average several chips' estimates.
     *
     * @param other the other estimate
     * @return the sums, operation by operation
     */
    public EnergyEstimate plus(final EnergyEstimate other) {
        final List<Cost> sums = new ArrayList<>();
        for (int i = 0; i < costs.size(); i++) {
            final Cost a = costs.get(i);
            final Cost b = other.costs.get(i);
            if (a.operation() != b.operation()) {
                throw new IllegalArgumentException(b.operation() + " where " + a.operation() + " was expected");
            }
            sums.add(new Cost(a.operation(), a.joules() + b.joules(), a.seconds() + b.seconds()));
        }
        return new EnergyEstimate(sums);
    }

    /**
     * The total energy.
     *
     * @return joules
     */
    public double joules() {
        return costs.stream().mapToDouble(Cost::joules).sum();
    }

    /**
     * The total time.
     *
     * @return seconds
     */
    public double seconds() {
        return costs.stream().mapToDouble(Cost::seconds).sum();
    }

    /**
     * The estimate for a report: {@code {"joules": total, "seconds": total, "by_operation": {"set": {"joules": ..,
     * "seconds": ..}, ...}}}.
     *
     * @return ordered maps
     */
    public Map<String, Object> toMap() {
        final Map<String, Object> byOperation = new LinkedHashMap<>();
        for (final Cost c : costs) {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("joules", c.joules());
            m.put("seconds", c.seconds());
            byOperation.put(c.operation().id(), m);
        }
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("joules", joules());
        m.put("seconds", seconds());
        m.put("by_operation", byOperation);
        return m;
    }
}
