package dev.xbar.models.mapping;

import dev.xbar.core.kernel.PulseTrain;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a weight change becomes programming events on a block. All copies of a weight get the same events; the pair's
 * G+ device moves up and its G- device down for a positive change.
 */
public sealed interface UpdateScheme permits UpdateScheme.TwoPulse, UpdateScheme.PulseCounts, UpdateScheme.Stochastic {
    /**
     * The scheme as JSON fields for result files: its {@code name} and its parameters, snake_case with units.
     *
     * @return an ordered map
     */
    Map<String, Object> toMap();

    /**
     * Whether the scheme programs the samples of a mini-batch one by one, with the SGD learning rate and no optimizer
     * ({@link dev.xbar.models.layer.WeightLayer#updateBySamples}), rather than the optimizer's weight change.
     *
     * @return true for the stochastic pulse-train scheme
     */
    default boolean programsSamples() {
        return false;
    }

    /**
     * The paper's blind two-pulse scheme for gate devices (paper-spec.md 2.10): each device's gate voltage moves by
     * +-voltsPerUnitWeight * dW (clipped by the device to its [vgMin, vgMax], 0.5-2.5 V for nmi2019); a device that
     * must decrease is RESET then SET, one that must increase is only SET; a zero change sends no pulse.
     *
     * @param voltsPerUnitWeight gate-voltage change per unit weight change (1.5 V in the final 2019 scripts)
     * @param initialGateVolts the SET gate voltage of the initialisation (1.6 V)
     */
    record TwoPulse(double voltsPerUnitWeight, double initialGateVolts) implements UpdateScheme {
        /** Validates the voltages. */
        public TwoPulse {
            if (!(voltsPerUnitWeight > 0 && voltsPerUnitWeight <= 100)) {
                throw new IllegalArgumentException(
                        "voltsPerUnitWeight = " + voltsPerUnitWeight + " must be in (0, 100]");
            }
            if (!(initialGateVolts >= 0 && initialGateVolts <= 5)) {
                throw new IllegalArgumentException("initialGateVolts = " + initialGateVolts + " must be in [0, 5]");
            }
        }

        @Override
        public Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", "two-pulse");
            m.put("volts_per_unit_weight", voltsPerUnitWeight);
            m.put("initial_gate_volts", initialGateVolts);
            return m;
        }

        /**
         * The final 2019 scripts: 1.5 V per unit weight, initial SET at 1.6 V.
         *
         * @return the scheme
         */
        public static TwoPulse paper() {
            return new TwoPulse(1.5, 1.6);
        }

        /**
         * The 2018 MLP/LSTM code (memNN xbar): 1.02 V per unit weight (98 uS/V), initial SET at 1.0 V, the middle of
         * that chip's 0.7-1.6 V gate range.
         *
         * @return the scheme
         */
        public static TwoPulse natcomm2018() {
            return new TwoPulse(1.02, 1.0);
        }
    }

    /**
     * Rounded pulse counts for step devices: a weight change dW asks each device of a pair for dW * uS-per-weight / 2
     * of conductance change, sent as round(that / dwMin) pulses (at most {@code maxPulses} per update), so any step
     * device model trains in situ with any optimizer.
     *
     * @param maxPulses the most pulses one device gets per update
     */
    record PulseCounts(int maxPulses) implements UpdateScheme {
        /** Validates the limit. */
        public PulseCounts {
            if (maxPulses < 1 || maxPulses > 1_000_000) {
                throw new IllegalArgumentException("maxPulses = " + maxPulses + " must be in [1, 1000000]");
            }
        }

        @Override
        public Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", "pulse-counts");
            m.put("max_pulses", maxPulses);
            return m;
        }

        /**
         * At most 1000 pulses per device per update.
         *
         * @return the scheme
         */
        public static PulseCounts defaults() {
            return new PulseCounts(1000);
        }
    }

    /**
     * The stochastic pulse-train update of IBM's aihwkit for step devices (PulseType.StochasticCompressed with its
     * {@code UpdateParameters}): plain SGD with no optimizer, applied sample by sample as the analog tile sees it. For
     * each row r of a layer's gradient (a sample, or an im2col patch: dLoss/dW = sum_r x_r^T d_r) every tile fires
     * its rows with probabilities from the x_r it carries and its columns from -d_r, and each coincidence sends one
     * pulse ({@link dev.xbar.core.kernel.CrossbarKernels#pulseTrainUpdate}), so a device's mean change is the SGD step
     * lr x d * uS-per-weight / 2 while no probability is clipped. The weights are read back once per layer and batch.
     *
     * @param train the train length (aihwkit desired_bl) and the management switches (update_management,
     *     update_bl_management)
     */
    record Stochastic(PulseTrain train) implements UpdateScheme {
        /** Checks the train. */
        public Stochastic {
            Objects.requireNonNull(train, "train");
        }

        @Override
        public Map<String, Object> toMap() {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", "stochastic");
            m.put("desired_bl", train.bl());
            m.put("update_management", train.management());
            m.put("bl_management", train.blManagement());
            return m;
        }

        @Override
        public boolean programsSamples() {
            return true;
        }

        /**
         * aihwkit's defaults: BL 31, update management and BL management on.
         *
         * @return the scheme
         */
        public static Stochastic defaults() {
            return new Stochastic(PulseTrain.defaults());
        }
    }
}
