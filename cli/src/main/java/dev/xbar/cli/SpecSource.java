package dev.xbar.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.io.BoundedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run's chip spec came from: a preset, or a spec file (which may start from a preset with its top-level
 * {@code "preset"} key), and a {@code --device} that replaced its device. Recorded next to the spec's SHA-256 so that
 * two runs on the same chip can be told from two runs on chips that only share a name.
 *
 * @param basePreset the preset the spec starts from, or null for a complete spec file
 * @param file the spec file as given on the command line, or null for a preset
 * @param device the {@code --device} family that replaced the spec's device, or null
 */
record SpecSource(String basePreset, String file, String device) {

    /**
     * The source of a {@code --preset}/{@code --spec}/{@code --device} choice.
     *
     * @param preset the preset name used when there is no file
     * @param specFile the spec file, or null
     * @param device the {@code --device} choice, or null
     * @return the source
     */
    static SpecSource of(final String preset, final Path specFile, final DeviceChoice device) {
        return of(preset, specFile, device, null);
    }

    /** As {@link #of(String, Path, DeviceChoice)}, the device replaced by a measured response table when one is given. */
    static SpecSource of(final String preset, final Path specFile, final DeviceChoice device, final Path deviceTable) {
        final String dev =
                deviceTable != null ? "piecewise-step table " + deviceTable : device == null ? null : device.toString();
        return specFile == null
                ? new SpecSource(preset, null, dev)
                : new SpecSource(filePreset(specFile), specFile.toString(), dev);
    }

    /** The top-level "preset" of a spec file (already validated by {@link ChipSpec#load}), or null. */
    private static String filePreset(final Path file) {
        try {
            final Map<String, Object> map =
                    JSON.std.mapFrom(BoundedFiles.readString(file, ChipSpecJson.MAX_FILE_BYTES, "chip spec"));
            return map != null && map.get("preset") instanceof String s ? s : null;
        } catch (final IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SHA-256 of a spec's canonical JSON (compact, fields in file order): equal for equal specs, whatever file or
     * preset they came from.
     *
     * @param spec the spec
     * @return 64 hex digits
     */
    static String sha256(final ChipSpec spec) {
        try {
            final byte[] text = JSON.std.asString(ChipSpecJson.toMap(spec)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write a chip spec as JSON", e);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * The summary fields.
     *
     * @param spec the spec the run used
     * @return {@code base_preset, spec_file, device_override, spec_sha256}
     */
    Map<String, Object> toMap(final ChipSpec spec) {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_preset", basePreset);
        m.put("spec_file", file);
        m.put("device_override", device);
        m.put("spec_sha256", sha256(spec));
        return m;
    }

    /**
     * Reads the source back from a map {@link #toMap} wrote (a resumed run's first provenance).
     *
     * @param m the map
     * @return the source
     */
    static SpecSource fromMap(final Map<?, ?> m) {
        return new SpecSource(string(m, "base_preset"), string(m, "spec_file"), string(m, "device_override"));
    }

    private static String string(final Map<?, ?> m, final String key) {
        return m.get(key) instanceof String s ? s : null;
    }
}
