package dev.xbar.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where the pinned Fashion-MNIST hashes come from: Debian's {@code .gz} files are Zalando's with the gzip header
 * normalised by the package build (no file name, the build's time). Given back Zalando's header (file name, the
 * time of 2017-08-31, xfl 0, os 3), each hashes to the MD5 Zalando publishes; the deflate stream and its CRC32 and
 * size trailer are untouched, so the raw content, whose SHA-256 is pinned, is Zalando's. Needs the real files (in
 * the default cache after {@code xbar datasets fetch --dataset fashion-mnist}); skipped, saying so, without them.
 */
class FashionMnistProvenanceTest {
    /** Zalando's MD5 of each published {@code .gz} and the time in its original gzip header. */
    private static final Map<String, Object[]> ZALANDO = Map.of(
            "train-images-idx3-ubyte", new Object[] {"8d4fb7e6c68d591d4c3dfef9ec88bf0d", 1_504_176_606},
            "train-labels-idx1-ubyte", new Object[] {"25c81989df183df01b3e8a0aad5dffbe", 1_504_176_606},
            "t10k-images-idx3-ubyte", new Object[] {"bef4ecab320f06d8554ea6380940ec79", 1_504_176_627},
            "t10k-labels-idx1-ubyte", new Object[] {"bb300cfdad3c16e7a12a480ee83cd310", 1_504_176_627});

    @Test
    void debiansFilesWithZalandosHeaderHaveZalandosMd5() throws Exception {
        Path folder = ImageDataset.FASHION_MNIST.folder(null);
        assumeTrue(
                FashionMnist.verified(folder),
                "skipped: the real Fashion-MNIST files are not in " + folder
                        + " (run 'xbar datasets fetch --dataset fashion-mnist')");
        for (PinnedFile f : FashionMnist.FILES) {
            Path gz = folder.resolve(f.fileName() + Idx.GZIP_SUFFIX);
            assumeTrue(Files.exists(gz), "skipped: " + gz + " is not gzipped as Debian ships it");
            byte[] debian = Files.readAllBytes(gz);
            assertEquals(0, debian[3], f.fileName() + ": Debian's header carries no file name");
            int time = (Integer) ZALANDO.get(f.fileName())[1];
            ByteArrayOutputStream zalando = new ByteArrayOutputStream(debian.length + 32);
            zalando.write(new byte[] {0x1f, (byte) 0x8b, 8, 8});
            zalando.write(new byte[] {(byte) time, (byte) (time >> 8), (byte) (time >> 16), (byte) (time >> 24)});
            zalando.write(new byte[] {0, 3});
            zalando.write((f.fileName() + "\0").getBytes(StandardCharsets.US_ASCII));
            zalando.write(debian, 10, debian.length - 10);
            String md5 =
                    HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(zalando.toByteArray()));
            assertEquals(ZALANDO.get(f.fileName())[0], md5, f.fileName());
        }
    }
}
