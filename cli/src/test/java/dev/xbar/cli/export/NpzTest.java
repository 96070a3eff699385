package dev.xbar.cli.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @Test
    void npyHeaderIsTheVersionOneDictPaddedToSixtyFourBytes() {
        byte[] npy = Npz.npy("<f4", new int[] {2, 3}, new byte[24]);
        assertEquals((byte) 0x93, npy[0]);
        assertEquals("NUMPY", new String(npy, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, npy[6]);
        int headerLength =
                ByteBuffer.wrap(npy, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(0, (10 + headerLength) % 64, "data aligned");
        String header = new String(npy, 10, headerLength, StandardCharsets.US_ASCII);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", header.strip());
        assertEquals('\n', header.charAt(header.length() - 1));
        assertEquals(10 + headerLength + 24, npy.length);
        byte[] vector = Npz.npy("<i4", new int[] {5}, new byte[20]);
        int length =
                ByteBuffer.wrap(vector, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
        assertEquals(
                "{'descr': '<i4', 'fortran_order': False, 'shape': (5,), }",
                new String(vector, 10, length, StandardCharsets.US_ASCII).strip(),
                "a 1-tuple");
    }

    @Test
    void archiveHoldsOneNpyPerArrayWithLittleEndianData(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.npz");
        new Npz().put("w", new float[] {1.5f, -2f}, 2).putString("s", "µS").write(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            assertEquals(
                    List.of("w.npy", "s.npy"),
                    zip.stream().map(e -> e.getName()).toList());
            byte[] w = zip.getInputStream(zip.getEntry("w.npy")).readAllBytes();
            ByteBuffer data = ByteBuffer.wrap(w, w.length - 8, 8).order(ByteOrder.LITTLE_ENDIAN);
            assertArrayEquals(new float[] {1.5f, -2f}, new float[] {data.getFloat(), data.getFloat()});
            byte[] s = zip.getInputStream(zip.getEntry("s.npy")).readAllBytes();
            assertEquals(
                    0xb5,
                    ByteBuffer.wrap(s, s.length - 8, 4)
                            .order(ByteOrder.LITTLE_ENDIAN)
                            .getInt());
        }
    }

    @Test
    void aShapeThatDoesNotFitTheDataIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Npz().put("w", new float[3], 2, 2));
        assertEquals("3 values do not fill shape [2, 2]", e.getMessage());
    }
}
