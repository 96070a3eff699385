package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.awt.image.BufferedImage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YieldCommandTest {

    private static CliRun run(final String... args) {
        return CliRun.of(args);
    }

    /** A small devices study; options in {@code extra} replace the defaults of the same name. */
    private static String[] study(final Path out, final String... extra) {
        final List<String> defaults = List.of(
                "--model",
                "devices",
                "--chips",
                "6",
                "--sweep",
                "stuck=0,0.2",
                "--sweep",
                "adc_bits=6,8",
                "--threads",
                "2",
                "--seed",
                "5",
                "--out",
                out.toString());
        final List<String> given = List.of(extra);
        final List<String> args = new ArrayList<>(List.of("yield"));
        for (int i = 0; i < defaults.size(); i += 2) {
            if (!given.contains(defaults.get(i)) || defaults.get(i).equals("--sweep")) {
                args.addAll(defaults.subList(i, i + 2));
            }
        }
        args.addAll(given);
        return args.toArray(String[]::new);
    }

    @Test
    void theOldSampleSpellingsStillSetTheSampleCounts(@TempDir final Path dir) throws Exception {
        final Path out = dir.resolve("old");
        final CliRun r = run(
                "yield",
                "--model",
                "cnn",
                "--mode",
                "exsitu",
                "--chips",
                "1",
                "--epochs",
                "1",
                "--train-images",
                "200",
                "--test-images",
                "100",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        final String study = Files.readString(out.resolve("study.json"));
        assertTrue(study.contains("\"train_samples\" : 200"), study);
        final List<String> lines = Files.readAllLines(out.resolve("trials.csv"));
        assertTrue(lines.get(1).endsWith(",100"), "test_samples: " + lines.get(1));
    }

    @Test
    void convLstmTrialsRecordTheAccuracyAfterEachFrame(@TempDir final Path dir) throws Exception {
        for (final String mode : List.of("insitu", "exsitu")) {
            final Path out = dir.resolve(mode);
            final CliRun r = run(
                    "yield",
                    "--model",
                    "convlstm",
                    "--mode",
                    mode,
                    "--chips",
                    "1",
                    "--epochs",
                    "1",
                    "--train-samples",
                    "120",
                    "--test-samples",
                    "60",
                    "--threads",
                    "1",
                    "--out",
                    out.toString());
            assertEquals(0, r.code(), r.err());
            final List<String> lines = Files.readAllLines(out.resolve("trials.csv"));
            assertEquals(
                    "point,trial,seed,accuracy,pulses,seconds,step_accuracy,counts,test_pass_counts,test_samples",
                    lines.get(0));
            final String[] fields = lines.get(1).split(",", -1);
            final String[] steps = fields[6].split(";");
            assertEquals(3, steps.length, mode + ": one accuracy per frame: " + lines.get(1));
            assertEquals(fields[3], steps[2], mode + ": the trial's accuracy is the last frame's");
            final Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
            final Map<?, ?> energy =
                    (Map<?, ?>) ((Map<?, ?>) ((List<?>) summary.get("points")).getFirst()).get("energy");
            assertEquals(
                    List.of(mode.equals("insitu") ? "training" : "programming", "inference"),
                    List.copyOf(energy.keySet()),
                    mode + ": " + energy);
            assertTrue(((Number) ((Map<?, ?>) energy.get("inference")).get("joules")).doubleValue() > 0, mode);
        }
    }

    @Test
    void inSituTrialsTrainWithTheStochasticUpdateWhenAsked(@TempDir final Path dir) throws Exception {
        final Path out = dir.resolve("stochastic");
        final CliRun r = run(
                "yield",
                "--model",
                "cnn",
                "--device",
                "soft-bounds",
                "--update",
                "stochastic",
                "--pulse-bl",
                "15",
                "--chips",
                "1",
                "--epochs",
                "1",
                "--train-samples",
                "200",
                "--test-samples",
                "100",
                "--threads",
                "1",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        final Map<String, Object> expected =
                Map.of("name", "stochastic", "desired_bl", 15, "update_management", true, "bl_management", true);
        final Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
        assertEquals(expected, summary.get("update_scheme"));
        final Map<String, Object> study = JSON.std.mapFrom(Files.readString(out.resolve("study.json")));
        assertEquals(expected, study.get("update"));

        final CliRun exSitu = run(
                "yield",
                "--model",
                "cnn",
                "--mode",
                "exsitu",
                "--device",
                "soft-bounds",
                "--update",
                "stochastic",
                "--out",
                dir.resolve("x").toString());
        assertEquals(2, exSitu.code(), exSitu.err());
        assertTrue(exSitu.err().contains("it needs --mode insitu"), exSitu.err());
        final CliRun gate = run(
                "yield",
                "--model",
                "cnn",
                "--update",
                "stochastic",
                "--out",
                dir.resolve("g").toString());
        assertEquals(2, gate.code(), gate.err());
        assertTrue(gate.err().contains("--update is for step devices"), gate.err());
    }

    @Test
    void aStudyWritesItsFilesAndARerunResumesWithoutRunningAgain(@TempDir final Path dir) throws Exception {
        final Path out = dir.resolve("study");
        final CliRun first = run(study(out));
        assertEquals(0, first.code(), first.err());
        assertTrue(first.out().contains("24 of 24 trials done;"), first.out());
        assertTrue(first.out().contains("stuck=0.2 adc_bits=8"), first.out());
        for (final String f : List.of("study.json", "trials.csv", "summary.json", "yield.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        final String csv = Files.readString(out.resolve("trials.csv"));
        assertEquals(25, csv.lines().count());

        final Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
        assertEquals(Boolean.TRUE, summary.get("complete"));
        assertEquals(0.9, ((Number) summary.get("threshold")).doubleValue());
        final List<?> points = (List<?>) summary.get("points");
        assertEquals(4, points.size());
        final Map<?, ?> last = (Map<?, ?>) points.get(3);
        assertEquals(Map.of("stuck", 0.2, "adc_bits", 8.0), last.get("values"));
        final double mean = ((Number) last.get("mean")).doubleValue();
        assertTrue(Math.abs(mean - 0.8 * 59 / 64) < 0.01, "working devices " + mean + " vs (1 - 0.2) 59/64");

        final CliRun again = run(study(out, "--threshold", "0.5"));
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("24 of 24 trials done;"), again.out());
        assertEquals(csv, Files.readString(out.resolve("trials.csv")));
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"threshold\" : 0.5"));
    }

    @Test
    void userMistakesGiveOneLineNamingTheProblem(@TempDir final Path dir) {
        CliRun r = run("yield", "--model", "devices", "--sweep", "stuck=0,x", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(
                r.err().startsWith("xbar: --sweep 'stuck=0,x': 'x' is not a number (expected NAME=V1,V2,..."), r.err());
        assertEquals(2, r.err().lines().count(), r.err());
        assertTrue(r.err().lines().toList().get(1).startsWith("Try 'xbar yield --help'"), r.err());

        r = run("yield", "--model", "devices", "--sweep", "stuck=0,2", "--out", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("sweep stuck=2: ") && r.err().contains("stuckRandomFraction"), r.err());

        r = run("yield", "--model", "resnet", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(
                r.err().contains("model 'resnet' has no yield trials (expected one of cnn, mlp, convlstm, devices)"),
                r.err());

        r = run("yield", "--model", "convlstm", "--dataset", "fashion-mnist", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("xbar: --dataset fashion-mnist is for --model cnn or mlp"), r.err());
        r = run("yield", "--model", "cnn", "--dataset", "svhn", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("xbar: 'svhn' is not a dataset (expected mnist, fashion-mnist)"), r.err());

        r = run("yield", "--model", "devices", "--shard", "3/3", "--out", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--shard '3/3' is not valid"), r.err());

        final Path out = dir.resolve("study");
        assertEquals(0, run(study(out)).code());
        r = run(study(out, "--chips", "7"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("holds a different study: chips (6 vs 7)"), r.err());
    }

    @Test
    void agesGiveAColumnPerAgeAndTheirStatisticsAndAResumeRefusesOtherAges(@TempDir final Path dir) throws Exception {
        final Path spec = dir.resolve("drift.json");
        Files.writeString(spec, "{\"preset\": \"nmi2019\", \"variability\": {\"driftNuSpread\": 0.02}}");
        final Path out = dir.resolve("study");
        final List<String> args = List.of(
                "yield",
                "--model",
                "cnn",
                "--mode",
                "exsitu",
                "--spec",
                spec.toString(),
                "--sweep",
                "variability.driftNu=0,0.05",
                "--chips",
                "2",
                "--epochs",
                "1",
                "--train-samples",
                "300",
                "--test-samples",
                "100",
                "--threads",
                "2",
                "--out",
                out.toString());
        final List<String> aged = new ArrayList<>(args);
        aged.addAll(List.of("--age", "0,1h,1y"));
        final CliRun r = run(aged.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("at each age after programming ended"), r.out());
        final List<String> lines = Files.readAllLines(out.resolve("trials.csv"));
        assertEquals(
                "point,trial,seed,accuracy,pulses,seconds,step_accuracy,accuracy_at_0,accuracy_at_1h,accuracy_at_1y,"
                        + "variability.driftNu,counts,test_pass_counts,test_samples",
                lines.getFirst());
        assertEquals(5, lines.size());
        final Map<String, Object> summary = JSON.std.mapFrom(Files.readString(out.resolve("summary.json")));
        assertEquals(List.of("0", "1h", "1y"), summary.get("ages"));
        final List<?> points = (List<?>) summary.get("points");
        final List<?> atAges = (List<?>) ((Map<?, ?>) points.get(1)).get("at_ages");
        assertEquals(3, atAges.size());
        final Map<?, ?> year = (Map<?, ?>) atAges.get(2);
        assertEquals("1y", year.get("age"));
        assertTrue(year.containsKey("yield") && year.containsKey("p5"), year.toString());
        assertTrue(ExportCommand.study(out)
                .names()
                .containsAll(List.of("ages", "age_seconds", "trial_accuracy_at_age", "point_yield_at_age")));

        final List<String> other = new ArrayList<>(args);
        other.addAll(List.of("--age", "0,1d"));
        CliRun again = run(other.toArray(String[]::new));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("holds a different study: ages ([0, 1h, 1y] vs [0, 1d])"), again.err());
        assertEquals(1, again.err().lines().count(), again.err());
        again = run(args.toArray(String[]::new));
        assertEquals(2, again.code(), "a drift sweep without ages");
        assertTrue(
                again.err().contains("drift acts only on an aged chip")
                        && again.err().contains("add --age"),
                again.err());
        final CliRun devices = run(
                "yield",
                "--model",
                "devices",
                "--age",
                "1h",
                "--out",
                dir.resolve("d").toString());
        assertEquals(2, devices.code());
        assertTrue(devices.err().contains("--model devices has none"), devices.err());
        final CliRun twice =
                run("yield", "--age", "1h,1h", "--out", dir.resolve("t").toString());
        assertEquals(2, twice.code());
        assertTrue(twice.err().contains("names an age twice"), twice.err());
    }

    @Test
    void withoutASweepTheWhiskersStandOnTheirPoint(@TempDir final Path dir) throws Exception {
        final Path out = dir.resolve("base");
        final CliRun r = run("yield", "--model", "devices", "--chips", "6", "--seed", "5", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        // the left panel's blue (the yield point and its whiskers, Charts.COLOURS[0]) lies in one narrow column band;
        // the whiskers were drawn well left of the point
        final BufferedImage png = ImageIO.read(out.resolve("yield.png").toFile());
        int low = Integer.MAX_VALUE;
        int high = Integer.MIN_VALUE;
        final int legendTop = png.getHeight() * 84 / 100; // the plots, above the legends
        for (int x = 0; x < png.getWidth() / 2; x++) {
            for (int y = 0; y < legendTop; y++) {
                if ((png.getRGB(x, y) & 0xffffff) == 0x0072B2) {
                    low = Math.min(low, x);
                    high = Math.max(high, x);
                }
            }
        }
        assertTrue(low <= high, "the yield point is drawn");
        assertTrue(high - low < 40, "point and whiskers within " + (high - low) + " pixels of each other");
    }

    @Test
    void shardsRunApartAndMergeIntoTheWholeStudy(@TempDir final Path dir) throws Exception {
        assertEquals(0, run(study(dir.resolve("whole"))).code());
        for (int i = 0; i < 2; i++) {
            final CliRun r = run(study(dir.resolve("s" + i), "--shard", i + "/2"));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("12 of 24 trials done (incomplete"), r.out());
        }
        final CliRun merged = run(
                "yield",
                "merge",
                dir.resolve("s0").toString(),
                dir.resolve("s1").toString(),
                "--out",
                dir.resolve("merged").toString());
        assertEquals(0, merged.code(), merged.err());
        assertTrue(merged.out().contains("24 of 24 trials done;"), merged.out());
        assertEquals(sortedTrials(dir.resolve("whole")), sortedTrials(dir.resolve("merged")));
        assertTrue(Files.exists(dir.resolve("merged/yield.png")));

        assertEquals(0, run(study(dir.resolve("other"), "--seed", "6")).code());
        final CliRun mixed = run(
                "yield",
                "merge",
                dir.resolve("s0").toString(),
                dir.resolve("other").toString(),
                "--out",
                dir.resolve("mixed").toString());
        assertEquals(1, mixed.code());
        assertTrue(mixed.err().startsWith("xbar: cannot merge different studies: "), mixed.err());
        assertFalse(Files.exists(dir.resolve("mixed")));
    }

    /** A token file readable by its owner only. */
    private static Path tokenFile(final Path dir) throws Exception {
        final Path file = dir.resolve("cluster.token");
        Files.writeString(file, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    @Test
    void aCoordinatorAndAWorkerOnTwoAddressesGiveTheLocalTrialsAndADeletedStudyIsComputedAgain(@TempDir final Path dir)
            throws Exception {
        final int workerPort = freePort("127.0.0.2");
        final int coordinatorPort = freePort("127.0.0.3");
        final String token = tokenFile(dir).toString();
        final String workerAddress = "127.0.0.2:" + workerPort;
        final CompletableFuture<CliRun> worker = CompletableFuture.supplyAsync(() -> run(
                "worker",
                "--bind",
                workerAddress,
                "--members",
                workerAddress,
                "--token-file",
                token,
                "--threads",
                "1"));
        final HazelcastInstance workerMember = awaitMember("127.0.0.2", workerPort);
        try {
            assertEquals(0, run(study(dir.resolve("local"))).code());
            final Path clustered = dir.resolve("cluster");
            final String[] args = study(
                    clustered,
                    "--cluster",
                    workerAddress,
                    "--bind",
                    "127.0.0.3:" + coordinatorPort,
                    "--token-file",
                    token);
            final CliRun first = run(args);
            assertEquals(0, first.code(), first.err());
            assertTrue(
                    first.out()
                            .contains(
                                    "cluster member [127.0.0.3]:" + coordinatorPort + ", 2 member(s), cluster token "),
                    first.out());
            assertEquals(sortedTrials(dir.resolve("local")), sortedTrials(clustered));
            final List<String> firstSeconds = seconds(clustered);

            deleteTree(clustered);
            final CliRun again = run(args);
            assertEquals(0, again.code(), again.err());
            assertEquals(sortedTrials(dir.resolve("local")), sortedTrials(clustered));
            assertNotEquals(firstSeconds, seconds(clustered), "the trials ran again, not from the worker's memory");
        } finally {
            workerMember.shutdown();
        }
        final CliRun stopped = worker.get(60, TimeUnit.SECONDS);
        assertEquals(0, stopped.code(), stopped.err());
        assertTrue(
                stopped.out().contains("xbar worker: member [127.0.0.2]:" + workerPort + " of 1 member(s)"),
                stopped.out());
    }

    @Test
    void clusterOptionsRefuseOtherNetworksAndUnsafeTokens(@TempDir final Path dir) throws Exception {
        CliRun r = run(study(dir.resolve("a"), "--cluster", "10.1.2.3:5701"));
        // address errors are usage errors (exit 2: one line, then the pointer to --help); token errors exit 1
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("xbar: --cluster entry '10.1.2.3:5701' is not a loopback address"), r.err());
        assertTrue(r.err().contains("--network trusted"), r.err());
        assertTrue(r.err().lines().skip(1).allMatch(l -> l.startsWith("Try 'xbar yield --help'")), r.err());

        r = run(study(dir.resolve("a"), "--cluster", "127.0.0.2:5701", "--bind", "10.1.2.3"));
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("xbar: --bind entry '10.1.2.3' is not a loopback address"), r.err());

        r = run(study(dir.resolve("a"), "--cluster", "127.0.0.2:5701", "--network", "internet"));
        assertEquals(2, r.code());
        assertTrue(
                r.err().startsWith("xbar: --network 'internet' is not valid (expected loopback or trusted)"), r.err());

        r = run(study(
                dir.resolve("a"),
                "--cluster",
                "127.0.0.2:5701",
                "--token-file",
                dir.resolve("none").toString()));
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("xbar: --token-file " + dir.resolve("none") + " does not exist"), r.err());

        final Path open = tokenFile(dir);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        r = run(study(dir.resolve("a"), "--cluster", "127.0.0.2:5701", "--token-file", open.toString()));
        assertEquals(1, r.code());
        assertTrue(
                r.err().startsWith("xbar: cluster token file " + open + " is accessible to others (mode rw-r--r--)"),
                r.err());
        assertFalse(Files.exists(dir.resolve("a").resolve("trials.csv")), "nothing ran");
    }

    private static int freePort(final String host) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        }
    }

    /** Waits for the in-process member that listens on host:port. */
    private static HazelcastInstance awaitMember(final String host, final int port) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (final HazelcastInstance h : Hazelcast.getAllHazelcastInstances()) {
                final var address = h.getCluster().getLocalMember().getAddress();
                if (address.getHost().equals(host) && address.getPort() == port) {
                    return h;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no member on " + host + ":" + port + " within 60 s");
    }

    private static List<String> seconds(final Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("trials.csv")).stream()
                .skip(1)
                .sorted()
                .map(l -> l.split(",", -1)[5])
                .toList();
    }

    private static void deleteTree(final Path dir) throws Exception {
        try (var files = Files.walk(dir)) {
            for (final Path p :
                    files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The trial lines without the timing column (the sixth; the swept values follow it), sorted. */
    private static List<String> sortedTrials(final Path dir) throws Exception {
        return Files.readAllLines(dir.resolve("trials.csv")).stream()
                .skip(1)
                .map(l -> l.replaceFirst("^((?:[^,]*,){5})[^,]*", "$1"))
                .sorted()
                .toList();
    }
}
