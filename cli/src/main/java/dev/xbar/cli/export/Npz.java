package dev.xbar.cli.export;

import dev.xbar.core.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A NumPy {@code .npz} archive: a zip of {@code NAME.npy} files, each an NPY version 1.0 array (magic, a Python dict
 * literal header padded to 64 bytes, little-endian C-order data), as {@code numpy.load} reads without pickles.
 */
public final class Npz {

    private final Map<String, byte[]> arrays = new LinkedHashMap<>();

    /** Adds float32 data of the given shape. */
    public Npz put(String name, float[] data, int... shape) {
        ByteBuffer b = buffer(data.length * 4L, shape, data.length);
        b.asFloatBuffer().put(data);
        return add(name, "<f4", shape, b);
    }

    /** Adds float64 data of the given shape. */
    public Npz put(String name, double[] data, int... shape) {
        ByteBuffer b = buffer(data.length * 8L, shape, data.length);
        b.asDoubleBuffer().put(data);
        return add(name, "<f8", shape, b);
    }

    /** Adds int32 data of the given shape. */
    public Npz put(String name, int[] data, int... shape) {
        ByteBuffer b = buffer(data.length * 4L, shape, data.length);
        b.asIntBuffer().put(data);
        return add(name, "<i4", shape, b);
    }

    /** Adds int64 data of the given shape. */
    public Npz put(String name, long[] data, int... shape) {
        ByteBuffer b = buffer(data.length * 8L, shape, data.length);
        b.asLongBuffer().put(data);
        return add(name, "<i8", shape, b);
    }

    /** Adds a 0-d unicode string ({@code str(npz[name])} in Python), e.g. a JSON document. */
    public Npz putString(String name, String text) {
        int[] codePoints = text.codePoints().toArray();
        ByteBuffer b = ByteBuffer.allocate(Math.max(4, codePoints.length * 4)).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(codePoints);
        return add(name, "<U" + Math.max(1, codePoints.length), new int[0], b);
    }

    /** Adds every array of another .npz file, its names prefixed. */
    public Npz putAll(Path file, String prefix) {
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                String name = e.getName();
                if (!name.endsWith(".npy")) {
                    throw new IllegalArgumentException(file + ": entry " + name + " is not an .npy array");
                }
                String key = prefix + name.substring(0, name.length() - 4);
                if (arrays.putIfAbsent(key, zip.readAllBytes()) != null) {
                    throw new IllegalArgumentException(file + ": entry " + key + " twice");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The names added so far, in order. */
    public java.util.Set<String> names() {
        return arrays.keySet();
    }

    /** Writes the archive atomically. */
    public void write(Path file) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : arrays.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setTime(0);
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.writeBytes(file, bytes.toByteArray());
    }

    private static ByteBuffer buffer(long bytes, int[] shape, int length) {
        long count = Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b);
        if (count != length) {
            throw new IllegalArgumentException(length + " values do not fill shape " + Arrays.toString(shape));
        }
        return ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private Npz add(String name, String descr, int[] shape, ByteBuffer data) {
        if (!name.matches("[A-Za-z0-9_.-]+") || arrays.containsKey(name)) {
            throw new IllegalArgumentException("npz entry name '" + name + "' is not a new plain name");
        }
        arrays.put(name, npy(descr, shape, data.array()));
        return this;
    }

    /** One NPY 1.0 file: header length padded so the data starts on a 64-byte boundary. */
    static byte[] npy(String descr, int[] shape, byte[] data) {
        String dims = Arrays.stream(shape).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims
                + (shape.length == 1 ? "," : "") + "), }";
        int unpadded = 10 + header.length() + 1;
        String padded = header + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        byte[] h = padded.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0);
        out.putShort((short) h.length).put(h).put(data);
        return out.array();
    }
}
