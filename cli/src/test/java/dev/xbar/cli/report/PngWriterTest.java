package dev.xbar.cli.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class PngWriterTest {

    @Test
    void imageIoReadsBackEveryPixel() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        // odd sizes, a single pixel, a row wider than the deflater's output buffer, and noise that does not compress
        int[][] sizes = {{1, 1}, {3, 5}, {37, 11}, {30_000, 2}, {641, 383}};
        for (int[] size : sizes) {
            BufferedImage image = new BufferedImage(size[0], size[1], BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < size[1]; y++) {
                for (int x = 0; x < size[0]; x++) {
                    // flat runs and noise, as a figure has both
                    image.setRGB(x, y, (x / 7 + y) % 3 == 0 ? 0xffffff : random.nextInt(1 << 24));
                }
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(PngWriter.encode(image)));
            assertEquals(size[0], back.getWidth());
            assertEquals(size[1], back.getHeight());
            assertArrayEquals(
                    image.getRGB(0, 0, size[0], size[1], null, 0, size[0]),
                    back.getRGB(0, 0, size[0], size[1], null, 0, size[0]),
                    size[0] + "x" + size[1]);
        }
    }

    @Test
    void chunksAreIhdrIdatIendWithTheirCrcs() {
        BufferedImage image = new BufferedImage(13, 4, BufferedImage.TYPE_INT_RGB);
        image.setRGB(5, 2, 0x123456);
        ByteBuffer png = ByteBuffer.wrap(PngWriter.encode(image));
        byte[] signature = new byte[8];
        png.get(signature);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, signature);
        List<String> types = new ArrayList<>();
        while (png.hasRemaining()) {
            int length = png.getInt();
            byte[] typeAndData = new byte[4 + length];
            png.get(typeAndData);
            CRC32 crc = new CRC32();
            crc.update(typeAndData);
            String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), png.getInt(), "CRC of " + type);
            if (type.equals("IHDR")) {
                ByteBuffer h = ByteBuffer.wrap(typeAndData, 4, length);
                assertEquals(13, h.getInt());
                assertEquals(4, h.getInt());
                assertEquals(8, h.get()); // bit depth
                assertEquals(2, h.get()); // truecolour
            }
            types.add(type);
        }
        assertEquals(List.of("IHDR", "IDAT", "IEND"), types);
    }

    @Test
    void refusesOtherImageTypes() {
        BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        assertThrows(IllegalArgumentException.class, () -> PngWriter.encode(argb));
    }
}
