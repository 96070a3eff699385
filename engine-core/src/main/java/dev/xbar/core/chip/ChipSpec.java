package dev.xbar.core.chip;

import dev.xbar.core.Check;
import dev.xbar.core.device.DeviceModel;
import dev.xbar.core.device.GateControlledDevice;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to fabricate a chip: array size, device model, variability, faults and peripherals, and what its
 * operations cost in energy and time. Immutable; JSON form and field overrides by path are in {@link ChipSpecJson}.
 *
 * @param rows number of rows (word lines, inputs of the forward VMM)
 * @param cols number of columns (bit lines, outputs of the forward VMM)
 * @param device the device model
 * @param variability device-to-device spread, read noise and drift
 * @param faults faulty devices
 * @param peripherals DAC, TIA and ADC
 * @param energy the energy and time of each counted operation (it changes no device, only the estimate)
 */
public record ChipSpec(
        int rows,
        int cols,
        DeviceModel device,
        Variability variability,
        FaultModel faults,
        Peripherals peripherals,
        EnergyModel energy) {

    /** The names {@link #preset} accepts. */
    public static final List<String> PRESET_NAMES = List.of("nmi2019", "natcomm2018", "ideal", "nmi2019-sim");

    /** The largest number of rows or columns. */
    public static final int MAX_DIMENSION = 8192;

    /** The most device-state bytes a chip may have, so that every valid spec's chip can be saved and loaded. */
    public static final long MAX_STATE_BYTES = ChipFile.MAX_FILE_BYTES - ChipFile.HEADER_ROOM;

    /** Validates the dimensions and that dead rows and columns lie on the chip. */
    public ChipSpec {
        Check.range("rows", rows, 1, MAX_DIMENSION);
        Check.range("cols", cols, 1, MAX_DIMENSION);
        final long stateBytes = ChipLayout.planeBytes(rows, cols) * Plane.all().length;
        if (stateBytes > MAX_STATE_BYTES) {
            throw new IllegalArgumentException("rows x cols = " + rows + " x " + cols + " needs " + stateBytes
                    + " bytes of device state, more than a chip file holds (" + MAX_STATE_BYTES + "; "
                    + Plane.all().length * Float.BYTES + " bytes per device): use fewer rows or columns");
        }
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(variability, "variability");
        Objects.requireNonNull(faults, "faults");
        Objects.requireNonNull(peripherals, "peripherals");
        Objects.requireNonNull(energy, "energy");
        for (int i = 0; i < faults.deadRows().size(); i++) {
            Check.range("faults.deadRows[" + i + "]", faults.deadRows().get(i), 0, rows - 1);
        }
        for (int i = 0; i < faults.deadColumns().size(); i++) {
            Check.range("faults.deadColumns[" + i + "]", faults.deadColumns().get(i), 0, cols - 1);
        }
    }

    /**
     * A spec whose operations cost what the authors' measurement system spends ({@link EnergyModel#dpe2018()}, the
     * presets' model).
     *
     * @param rows number of rows
     * @param cols number of columns
     * @param device the device model
     * @param variability device-to-device spread, read noise and drift
     * @param faults faulty devices
     * @param peripherals DAC, TIA and ADC
     */
    public ChipSpec(
            final int rows,
            final int cols,
            final DeviceModel device,
            final Variability variability,
            final FaultModel faults,
            final Peripherals peripherals) {
        this(rows, cols, device, variability, faults, peripherals, EnergyModel.dpe2018());
    }

    /**
     * A named preset on the paper's 128 x 64 array: {@code nmi2019} (the 2019 CNN chip as the spec models it),
     * {@code natcomm2018} (the 2018 MLP chip) or {@code ideal} (the 2019 device without noise, spread or faults; the
     * DAC and ADC still quantise) or {@code nmi2019-sim} (exactly the authors' published simulation of the 2019 CNN:
     * their device curve and 8 uS write noise, no upper conductance bound, no spread, read noise, faults or dead
     * columns, gate voltages, inputs and outputs unquantised). Each constant's source: {@link PresetSources}.
     *
     * @param name the preset name
     * @return the spec
     * @throws IllegalArgumentException for an unknown name
     */
    public static ChipSpec preset(final String name) {
        return switch (name) {
            case "nmi2019" ->
                new ChipSpec(
                        128,
                        64,
                        GateControlledDevice.nmi2019(),
                        Variability.measuredChip(),
                        FaultModel.nmi2019(),
                        Peripherals.dpe2018());
            case "natcomm2018" ->
                new ChipSpec(
                        128,
                        64,
                        GateControlledDevice.natcomm2018(),
                        Variability.measuredChip(),
                        FaultModel.natcomm2018(),
                        Peripherals.dpe2018());
            case "ideal" ->
                new ChipSpec(
                        128,
                        64,
                        GateControlledDevice.ideal(),
                        Variability.none(),
                        FaultModel.none(),
                        Peripherals.dpe2018());
            case "nmi2019-sim" ->
                new ChipSpec(
                        128,
                        64,
                        new GateControlledDevice(200.0 / 1.1, 0, 8, 0, 0, 10_000, 0.5, 2.5, 1e-6),
                        Variability.none(),
                        FaultModel.none(),
                        new Peripherals(24, 0.2, 0.2, 10_000, 24, 100, 0));
            default ->
                throw new IllegalArgumentException(
                        "unknown chip preset '" + name + "' (expected " + String.join(", ", PRESET_NAMES) + ")");
        };
    }

    /**
     * This spec with one field replaced, by its JSON path (e.g. {@code "faults.stuckRandomFraction"}), validated like
     * a loaded file. Yield studies sweep any field this way.
     *
     * @param path dot-separated JSON path of an existing field
     * @param value the new value (a number, string, boolean or list, as JSON would give)
     * @return the new spec
     * @throws IllegalArgumentException naming the path if it does not exist or the value is invalid
     */
    public ChipSpec with(final String path, final Object value) {
        return ChipSpecJson.with(this, path, value);
    }

    /**
     * This spec with another device model: the way to try a device family or a measured device on an otherwise
     * unchanged chip, e.g. {@code preset("nmi2019").withDevice(PiecewiseStep.readTable(table, steps))}. The spread,
     * faults, peripherals and energy model stay; the spread fields that do not apply to the new family are ignored by it, as in a
     * spec file.
     *
     * @param newDevice the device model
     * @return the new spec
     */
    public ChipSpec withDevice(final DeviceModel newDevice) {
        return new ChipSpec(rows, cols, newDevice, variability, faults, peripherals, energy);
    }

    /**
     * The JSON paths of every field of this spec that {@link #with} accepts, e.g. {@code device.slopeMicroSiemensPerVolt}.
     *
     * @return the leaf paths, in file order
     */
    public List<String> fieldPaths() {
        return ChipSpecJson.fieldPaths(this);
    }

    /**
     * This spec as JSON text.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        return ChipSpecJson.toJson(this);
    }

    /**
     * Parses a spec from JSON text.
     *
     * @param json the text
     * @return the spec
     * @throws IllegalArgumentException naming the field path of an unknown, missing or out-of-range field
     */
    public static ChipSpec fromJson(final String json) {
        return ChipSpecJson.fromJson(json, "spec");
    }

    /**
     * Loads a spec from a JSON file.
     *
     * @param file the file
     * @return the spec
     * @throws IllegalArgumentException naming the file and field on invalid content
     */
    public static ChipSpec load(final Path file) {
        return ChipSpecJson.load(file);
    }

    /**
     * Saves this spec as JSON, atomically (temp file in the same folder, then a move).
     *
     * @param file the file
     */
    public void save(final Path file) {
        ChipSpecJson.save(this, file);
    }
}
