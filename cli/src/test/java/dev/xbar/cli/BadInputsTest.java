package dev.xbar.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.xbar.core.io.FolderLock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs through the whole CLI, as a careless or hostile user gives them: each must end within a time limit with
 * a non-zero exit code, one {@code xbar:} line naming the file, field or option, no stack trace, and no output folder
 * that looks like a result.
 */
class BadInputsTest {

    private static final Pattern STACK_TRACE =
            Pattern.compile("(?m)^\\s+at [\\w.$/]+\\(|Exception in thread|Caused by:");

    @TempDir
    static Path dir;

    /** One bad input: the arguments, the exit code and a fragment the error must contain. */
    private record Case(String name, List<String> args, int code, String fragment, Path mustNotExist) {}

    static CliRun run(List<String> args) {
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private static String spec(String overrides) throws IOException {
        return file("spec-" + Math.abs(overrides.hashCode()) + ".json", "{\"preset\": \"nmi2019\", " + overrides + "}")
                .toString();
    }

    private static Path out(String name) {
        return dir.resolve("out-" + name);
    }

    private static Path devicesStudy;

    @BeforeAll
    static void studyToDamage() {
        devicesStudy = dir.resolve("study");
        CliRun r = run(List.of(
                "yield", "--model", "devices", "--chips", "3", "--threads", "1", "--out", devicesStudy.toString()));
        assertEquals(0, r.code(), r.err());
    }

    /** A copy of the devices study with one line of trials.csv replaced by another. */
    private static String damagedStudy(String name, String line) throws IOException {
        Path copy = dir.resolve(name);
        Files.createDirectories(copy);
        for (String f : List.of("study.json", "trials.csv")) {
            Files.copy(devicesStudy.resolve(f), copy.resolve(f));
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("trials.csv")));
        lines.add(line.replace("$seed", lines.get(1).split(",")[2]));
        Files.write(copy.resolve("trials.csv"), lines);
        return copy.toString();
    }

    private static String fifo() throws Exception {
        Path fifo = dir.resolve("fifo");
        if (!Files.exists(fifo)) {
            new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        }
        return spec("\"faults\": {\"mapFile\": \"" + fifo + "\"}");
    }

    private List<Case> cases() throws Exception {
        Path finished = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(finished.resolve("notes.txt"), "mine");
        Path summaries = Files.createDirectories(dir.resolve("summaries"));
        Path malformed = file("summaries/malformed/summary.json", "{\"model\": ");
        Path nullJson = file("summaries/null/summary.json", "null");
        Path binary = summaries.resolve("binary/summary.json");
        Files.createDirectories(binary.getParent());
        Files.write(binary, new byte[] {(byte) 0xff, 0, 1, 2, (byte) 0x89, 'P', 'N', 'G'});
        Path okRun = file(
                        "summaries/ok/summary.json",
                        "{\"model\": \"cnn\", \"software\": true, \"final_test_accuracy\": 0.9, \"wall_seconds\": 1}")
                .getParent();
        String seed = "$seed";
        return List.of(
                new Case("unknown model", List.of("train", "--model", "cnnn"), 2, "--model 'cnnn'", null),
                new Case("unknown device", List.of("train", "--device", "foo"), 2, "--device 'foo'", null),
                new Case(
                        "negative samples", List.of("train", "--train-samples", "-5"), 2, "--train-samples = -5", null),
                new Case(
                        "more samples than MNIST has",
                        List.of(
                                "train",
                                "--train-samples",
                                "70000",
                                "--out",
                                out("70000").toString()),
                        2,
                        "--train-samples = 70000",
                        out("70000")),
                new Case("zero threads", List.of("train", "--threads", "0"), 2, "--threads = 0", null),
                new Case(
                        "resume with --out",
                        List.of("train", "--resume", finished.toString(), "--out", out("e").toString()),
                        2,
                        "drop --out",
                        out("e")),
                new Case(
                        "resume with --seed",
                        List.of("train", "--resume", finished.toString(), "--seed", "5"),
                        2,
                        "drop --seed",
                        null),
                new Case(
                        "resume without a checkpoint",
                        List.of("train", "--resume", finished.toString()),
                        1,
                        "holds no checkpoint",
                        null),
                new Case("--force without --out", List.of("train", "--force"), 2, "--force", null),
                new Case(
                        "out over a non-empty folder",
                        List.of("train", "--out", finished.toString()),
                        1,
                        "is not empty",
                        finished.resolve("summary.json")),
                new Case("missing spec", List.of("train", "--spec", "/nonexistent.json"), 1, "no such file", null),
                new Case("spec is a folder", List.of("train", "--spec", dir.toString()), 1, "it is a folder", null),
                new Case(
                        "map file /dev/zero",
                        List.of(
                                "train",
                                "--spec",
                                spec("\"faults\": {\"mapFile\": \"/dev/zero\"}"),
                                "--out",
                                out("zero").toString()),
                        1,
                        "fault map /dev/zero: not a regular file",
                        out("zero")),
                new Case(
                        "map file is a FIFO",
                        List.of("train", "--spec", fifo(), "--out", out("fifo").toString()),
                        1,
                        "not a regular file",
                        out("fifo")),
                new Case(
                        "dead row beyond int",
                        List.of("train", "--spec", spec("\"faults\": {\"deadRows\": [4294967296]}")),
                        1,
                        "faults.deadRows[0] = 4294967296",
                        null),
                new Case(
                        "rows beyond int",
                        List.of("train", "--spec", spec("\"rows\": 1e10")),
                        1,
                        "rows = 1.0E10 must be an integer",
                        null),
                new Case(
                        "chip too large for a chip file",
                        List.of("train", "--spec", spec("\"rows\": 8192, \"cols\": 8192")),
                        1,
                        "more than a chip file holds",
                        null),
                new Case(
                        "malformed summary",
                        List.of("summarize", malformed.getParent().toString()),
                        1,
                        "JSON",
                        null),
                new Case(
                        "null summary",
                        List.of("summarize", nullJson.getParent().toString()),
                        1,
                        "not a JSON object",
                        null),
                new Case(
                        "binary summary",
                        List.of("summarize", binary.getParent().toString()),
                        1,
                        "JSON",
                        null),
                new Case(
                        "one run twice",
                        List.of(
                                "summarize",
                                okRun.toString(),
                                okRun.resolve("..").resolve("ok").toString()),
                        1,
                        "named twice",
                        null),
                new Case(
                        "threshold as a percentage",
                        List.of(
                                "yield",
                                "--model",
                                "devices",
                                "--threshold",
                                "90",
                                "--out",
                                out("t90").toString()),
                        2,
                        "--threshold = 90",
                        out("t90")),
                new Case(
                        "a billion chips",
                        List.of(
                                "yield",
                                "--model",
                                "devices",
                                "--chips",
                                "1000000000",
                                "--out",
                                out("1e9").toString()),
                        1,
                        "1000000000 trials needs",
                        out("1e9")),
                new Case(
                        "chip too small for the model",
                        List.of(
                                "yield",
                                "--sweep",
                                "rows=16",
                                "--chips",
                                "1",
                                "--out",
                                out("rows16").toString()),
                        1,
                        "grid point rows=16: the chip is too small",
                        out("rows16")),
                new Case(
                        "cluster address off loopback",
                        List.of(
                                "yield",
                                "--model",
                                "devices",
                                "--cluster",
                                "10.0.0.1:5701",
                                "--out",
                                out("c1").toString()),
                        2,
                        "--cluster entry '10.0.0.1:5701'",
                        out("c1")),
                new Case(
                        "trials.csv with NaN accuracy",
                        List.of(
                                "yield",
                                "--model",
                                "devices",
                                "--chips",
                                "3",
                                "--out",
                                damagedStudy("nan", "0,0," + seed + ",NaN,0,0.1,,,,")),
                        1,
                        "accuracy = NaN",
                        null),
                new Case(
                        "trials.csv with accuracy 7.5",
                        List.of(
                                "yield",
                                "--model",
                                "devices",
                                "--chips",
                                "3",
                                "--out",
                                damagedStudy("seven", "0,0," + seed + ",7.5,0,0.1,,,,")),
                        1,
                        "accuracy = 7.5",
                        null),
                new Case(
                        "trials.csv with a conflicting duplicate",
                        List.of(
                                "yield",
                                "--model",
                                "devices",
                                "--chips",
                                "3",
                                "--out",
                                damagedStudy("dup", "0,0," + seed + ",0.5,0,0.1,,,,")),
                        1,
                        "is already on line 2 with another outcome",
                        null));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputIsOneLineAndANonZeroExit() throws Exception {
        return cases().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    CliRun r =
                            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run(c.args()), c.name() + " hangs");
                    String all = r.out() + r.err();
                    assertFalse(STACK_TRACE.matcher(all).find(), c.name() + " printed a stack trace:\n" + all);
                    assertFalse(all.contains("internal error"), all);
                    assertEquals(c.code(), r.code(), c.name() + ":\n" + all);
                    assertTrue(r.err().startsWith("xbar: "), r.err());
                    assertTrue(r.err().lines().findFirst().orElseThrow().contains(c.fragment()), r.err());
                    if (c.mustNotExist() != null) {
                        assertFalse(Files.exists(c.mustNotExist()), c.mustNotExist() + " was written");
                    }
                }));
    }

    @Test
    void aClusterOfTakenPortsIsRefusedBeforeTheStudyFolderIsMade() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path folder = out("taken");
            CliRun r = assertTimeoutPreemptively(
                    Duration.ofSeconds(60),
                    () -> run(List.of(
                            "yield",
                            "--model",
                            "devices",
                            "--cluster",
                            "127.0.0.2:5701",
                            "--bind",
                            "127.0.0.1:" + taken.getLocalPort(),
                            "--out",
                            folder.toString())));
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("so this member cannot listen"), r.err());
            assertFalse(STACK_TRACE.matcher(r.err()).find(), r.err());
            assertFalse(Files.exists(folder));
        }
    }

    @Test
    void aStudyFolderInUseIsRefused() throws Exception {
        Path folder = dir.resolve("locked");
        Files.createDirectories(folder);
        FolderLock held = FolderLock.acquire(folder);
        try {
            CliRun r = run(List.of("yield", "--model", "devices", "--chips", "2", "--out", folder.toString()));
            assertEquals(1, r.code(), r.err());
            assertTrue(r.err().contains("is in use by another xbar command"), r.err());
            assertFalse(Files.exists(folder.resolve("trials.csv")));
        } finally {
            held.close();
        }
    }

    @Test
    void debugShowsTheStackTrace() {
        CliRun quiet = run(List.of("train", "--spec", "/nonexistent.json"));
        assertFalse(STACK_TRACE.matcher(quiet.err()).find(), quiet.err());
        CliRun debug = run(List.of("train", "--debug", "--spec", "/nonexistent.json"));
        assertEquals(1, debug.code());
        assertTrue(STACK_TRACE.matcher(debug.err()).find(), debug.err());
        assertTrue(debug.err().contains("xbar: cannot read chip spec /nonexistent.json: no such file"), debug.err());
    }
}
