package dev.xbar.models.study;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.xbar.core.Check;
import dev.xbar.core.chip.ChipSpec;
import dev.xbar.core.chip.ChipSpecJson;
import dev.xbar.core.device.StepDevice;
import dev.xbar.core.kernel.Programming;
import dev.xbar.core.kernel.PulseTrain;
import dev.xbar.core.random.RandomStreams;
import dev.xbar.datasets.ImageDataset;
import dev.xbar.models.mapping.UpdateScheme;
import dev.xbar.models.train.Ages;
import dev.xbar.models.train.Architecture;
import dev.xbar.models.train.InitMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A Monte Carlo yield study: a grid of chip-spec points times {@code chips} trials per point, for one model and trial
 * mode. Immutable.
 *
 * <p><b>Grid order.</b> The grid is the cartesian product of the sweeps' values. Point indices count in the order of
 * nested loops over the sweeps as given, the last sweep varying fastest: with {@code --sweep stuck=0,0.1 --sweep
 * write_noise=4,8}, point 0 is (0, 4), 1 is (0, 8), 2 is (0.1, 4), 3 is (0.1, 8). A study without sweeps has one
 * point, the base spec. The global index of trial t of point p is {@code p * chips + t}.
 *
 * <p><b>Seeds.</b> Trial t of point p has seed {@link #trialSeed(long, int, int)}: two SplitMix64 draws that depend
 * on the master seed, p and t only, so any trial can be re-run alone, in any order, on any machine.
 *
 * <p><b>Identity.</b> {@link #canonicalJson()} holds everything that determines the trials (model, mode, the full
 * base spec, sweeps, chips, seed, training budget, programming, the ages at which trials test their chips) in a fixed
 * field order (fields at their defaults are left out, so older studies keep their hash); {@link #hash()} is its SHA-256. A study
 * folder and a merge refuse studies whose hashes differ. The yield threshold is not part of a study: it only changes
 * the summary.
 */
public final class Study {
    /** The {@code format} field of a study's JSON: 2 names its fields in snake_case and adds {@code init}. */
    public static final String FORMAT = "xbar-study-2";

    /** The format before 2 ({@code trainImages}, {@code testImages}, no {@code init}: AUTO), still read. */
    private static final String FORMAT_1 = "xbar-study-1";

    private final String model;
    private final TrialMode mode;
    private final String baseName;
    private final ChipSpec base;
    private final List<Sweep> sweeps;
    private final int chips;
    private final long seed;
    private final Training training;
    private final Programming programming;
    private final Optional<UpdateScheme.Stochastic> stochasticUpdate;
    private final Ages ages;
    private final List<GridPoint> points;
    private final String canonicalJson;
    private final String hash;

    /**
     * How much training each trial gets, and on what (in situ: on the chip; ex situ: the one software training of the
     * study).
     *
     * @param epochs passes over the training images, at least 1
     * @param trainImages training images used, 0 for all
     * @param testImages test images used, 0 for all
     * @param init how each in situ chip starts ({@link InitMode}; AUTO chooses per grid point)
     * @param dataset the image set of the cnn and mlp (the convlstm's sequences are built from MNIST)
     */
    public record Training(int epochs, int trainImages, int testImages, InitMode init, ImageDataset dataset) {
        /** Checks the ranges. */
        public Training {
            Check.range("epochs", epochs, 1, 10_000);
            Check.range("trainImages", trainImages, 0, Integer.MAX_VALUE);
            Check.range("testImages", testImages, 0, Integer.MAX_VALUE);
            Objects.requireNonNull(init, "init");
            Objects.requireNonNull(dataset, "dataset");
        }

        /**
         * The budget on MNIST.
         *
         * @param epochs passes over the training images, at least 1
         * @param trainImages training images used, 0 for all
         * @param testImages test images used, 0 for all
         * @param init how each in situ chip starts
         */
        public Training(final int epochs, final int trainImages, final int testImages, final InitMode init) {
            this(epochs, trainImages, testImages, init, ImageDataset.MNIST);
        }

        /**
         * The budget with the default initialisation, {@link InitMode#AUTO}.
         *
         * @param epochs passes over the training images, at least 1
         * @param trainImages training images used, 0 for all
         * @param testImages test images used, 0 for all
         */
        public Training(final int epochs, final int trainImages, final int testImages) {
            this(epochs, trainImages, testImages, InitMode.AUTO);
        }
    }

    /**
     * Defines a study and checks every grid point's spec.
     *
     * @param model the network name, e.g. {@code cnn}
     * @param mode in situ or ex situ
     * @param baseName what the base spec is called (a preset name or a file name), for people only
     * @param base the base chip spec
     * @param sweeps the swept fields, in grid order; each field at most once
     * @param chips trials (chips) per point, at least 1
     * @param seed the master seed
     * @param training the training budget
     * @throws IllegalArgumentException naming the sweep and value whose spec is invalid
     */
    public Study(
            final String model,
            final TrialMode mode,
            final String baseName,
            final ChipSpec base,
            final List<Sweep> sweeps,
            final int chips,
            final long seed,
            final Training training) {
        this(model, mode, baseName, base, sweeps, chips, seed, training, Programming.OPEN_LOOP);
    }

    /**
     * Defines a study whose ex situ trials program their chips with write-verify (or open loop).
     *
     * @param model the network name, e.g. {@code cnn}
     * @param mode in situ or ex situ
     * @param baseName what the base spec is called (a preset name or a file name), for people only
     * @param base the base chip spec
     * @param sweeps the swept fields, in grid order; each field at most once
     * @param chips trials (chips) per point, at least 1
     * @param seed the master seed
     * @param training the training budget
     * @param programming how ex situ trials write the weights (open loop for in situ studies)
     * @throws IllegalArgumentException naming the sweep and value whose spec is invalid, or write-verify in situ
     */
    public Study(
            final String model,
            final TrialMode mode,
            final String baseName,
            final ChipSpec base,
            final List<Sweep> sweeps,
            final int chips,
            final long seed,
            final Training training,
            final Programming programming) {
        this(model, mode, baseName, base, sweeps, chips, seed, training, programming, Optional.empty());
    }

    /**
     * Defines a study whose in situ trials may train with the stochastic pulse-train update instead of the scheme
     * that suits the device ({@link dev.xbar.models.train.TrainConfig#withStochasticUpdate}).
     *
     * @param model the network name, e.g. {@code cnn}
     * @param mode in situ or ex situ
     * @param baseName what the base spec is called (a preset name or a file name), for people only
     * @param base the base chip spec
     * @param sweeps the swept fields, in grid order; each field at most once
     * @param chips trials (chips) per point, at least 1
     * @param seed the master seed
     * @param training the training budget
     * @param programming how ex situ trials write the weights (open loop for in situ studies)
     * @param stochasticUpdate the stochastic update of in situ trials on step devices, or empty
     * @throws IllegalArgumentException naming the sweep and value whose spec is invalid, write-verify in situ, or a
     *     stochastic update that is not for in situ training of a network on step devices
     */
    public Study(
            final String model,
            final TrialMode mode,
            final String baseName,
            final ChipSpec base,
            final List<Sweep> sweeps,
            final int chips,
            final long seed,
            final Training training,
            final Programming programming,
            final Optional<UpdateScheme.Stochastic> stochasticUpdate) {
        this(model, mode, baseName, base, sweeps, chips, seed, training, programming, stochasticUpdate, Ages.NONE);
    }

    private Study(
            final String model,
            final TrialMode mode,
            final String baseName,
            final ChipSpec base,
            final List<Sweep> sweeps,
            final int chips,
            final long seed,
            final Training training,
            final Programming programming,
            final Optional<UpdateScheme.Stochastic> stochasticUpdate,
            final Ages ages) {
        this.model = requireName("model", model);
        this.mode = Objects.requireNonNull(mode, "mode");
        this.baseName = Objects.requireNonNull(baseName, "baseName");
        this.base = Objects.requireNonNull(base, "base");
        this.sweeps = List.copyOf(sweeps);
        this.chips = Check.range("chips", chips, 1, Integer.MAX_VALUE);
        this.seed = seed;
        this.training = Objects.requireNonNull(training, "training");
        this.programming = Objects.requireNonNull(programming, "programming");
        this.ages = Objects.requireNonNull(ages, "ages");
        if (!ages.labels().isEmpty() && model.equals("devices")) {
            throw new IllegalArgumentException("ages: the devices model has no network to test at an age");
        }
        if (mode == TrialMode.INSITU && programming instanceof Programming.WriteVerify) {
            throw new IllegalArgumentException(
                    "write-verify programs the weights of ex situ trials only (mode exsitu)");
        }
        this.stochasticUpdate = Objects.requireNonNull(stochasticUpdate, "stochasticUpdate");
        if (stochasticUpdate.isPresent()
                && (mode != TrialMode.INSITU
                        || !(base.device() instanceof StepDevice)
                        || !Architecture.ids().contains(model))) {
            throw new IllegalArgumentException(
                    "the stochastic update trains a network (" + String.join(", ", Architecture.ids())
                            + ") in situ (mode insitu) on step devices, not " + model + " "
                            + mode.label() + " on " + base.device().getClass().getSimpleName());
        }
        final Set<String> paths = new HashSet<>();
        for (final Sweep s : this.sweeps) {
            if (!paths.add(s.path())) {
                throw new IllegalArgumentException(
                        "sweep " + s.name() + ": field " + s.path() + " is swept twice (sweep each field once)");
            }
        }
        this.points = grid(base, programming, this.sweeps, chips);
        this.canonicalJson = json(canonicalMap());
        this.hash = sha256(canonicalJson);
    }

    /**
     * This study with its trials also testing each chip at the given ages after programming ended ({@link
     * dev.xbar.models.train.Retention}): one more accuracy per age and trial.
     *
     * @param value the ages ({@link Ages#NONE}: tested only when programming ends)
     * @return the study
     * @throws IllegalArgumentException for the devices model, which has no network to test
     */
    public Study withAges(final Ages value) {
        return new Study(
                model, mode, baseName, base, sweeps, chips, seed, training, programming, stochasticUpdate, value);
    }

    private static String requireName(final String field, final String value) {
        if (value == null || !value.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                    field + " = '" + value + "' must be a non-empty name of letters, " + "digits, '_', '.' or '-'");
        }
        return value;
    }

    private static List<GridPoint> grid(
            final ChipSpec base, final Programming programming, final List<Sweep> sweeps, final int chips) {
        long count = 1;
        for (final Sweep s : sweeps) {
            count *= s.values().size();
            if (count * chips > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the study has more than " + Integer.MAX_VALUE
                        + " trials (points x chips); use fewer values or chips");
            }
        }
        final List<GridPoint> list = new ArrayList<>((int) count);
        final int[] digit = new int[sweeps.size()];
        for (int p = 0; p < count; p++) {
            int rest = p;
            for (int s = sweeps.size() - 1; s >= 0; s--) {
                digit[s] = rest % sweeps.get(s).values().size();
                rest /= sweeps.get(s).values().size();
            }
            ChipSpec spec = base;
            Programming program = programming;
            final List<Double> values = new ArrayList<>(sweeps.size());
            for (int s = 0; s < sweeps.size(); s++) {
                final Sweep sweep = sweeps.get(s);
                final double v = sweep.values().get(digit[s]);
                values.add(v);
                try {
                    if (!sweep.path().startsWith(Sweep.PROGRAM)) {
                        spec = spec.with(sweep.path(), v);
                    } else if (program instanceof Programming.WriteVerify verify) {
                        program = verify.with(sweep.path().substring(Sweep.PROGRAM.length()), v);
                    } else {
                        throw new IllegalArgumentException(
                                "sweeps a write-verify parameter: the study needs write-verify (--program verify)");
                    }
                } catch (final IllegalArgumentException e) {
                    throw new IllegalArgumentException(
                            "sweep " + sweep.name() + "=" + Check.format(v) + ": " + e.getMessage(), e);
                }
            }
            list.add(new GridPoint(p, values, spec, program));
        }
        return List.copyOf(list);
    }

    /**
     * The seed of trial {@code trial} of point {@code point}: {@code bits(bits(mix(masterSeed), point), trial)} with
     * {@link RandomStreams}' SplitMix64 mixer, i.e. draw {@code trial} of the stream keyed by draw {@code point} of the
     * stream keyed by the master seed. Depends on these three numbers only.
     *
     * @param masterSeed the study's seed
     * @param point the point index
     * @param trial the chip index within the point
     * @return the trial seed
     */
    public static long trialSeed(final long masterSeed, final int point, final int trial) {
        return RandomStreams.bits(RandomStreams.bits(RandomStreams.mix(masterSeed), point), trial);
    }

    /**
     * This study's seed for a trial.
     *
     * @param id the trial
     * @return {@link #trialSeed(long, int, int)} of the master seed and the id
     */
    public long trialSeed(final TrialId id) {
        return trialSeed(seed, id.point(), id.trial());
    }

    /**
     * The canonical definition as ordered maps (the content of {@code study.json}).
     *
     * @return a new map tree
     */
    public Map<String, Object> canonicalMap() {
        final Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("model", model);
        m.put("mode", mode.label());
        m.put("base", baseName);
        m.put("spec", ChipSpecJson.toMap(base));
        final List<Object> sw = new ArrayList<>();
        for (final Sweep s : sweeps) {
            final Map<String, Object> sm = new LinkedHashMap<>();
            sm.put("name", s.name());
            sm.put("path", s.path());
            sm.put("values", new ArrayList<Object>(s.values()));
            sw.add(sm);
        }
        m.put("sweeps", sw);
        m.put("chips", chips);
        m.put("seed", seed);
        m.put("epochs", training.epochs());
        m.put("train_samples", training.trainImages());
        m.put("test_samples", training.testImages());
        m.put("init", training.init().id());
        if (training.dataset() != ImageDataset.MNIST) {
            m.put("dataset", training.dataset().id()); // absent for MNIST, so older studies keep their hash
        }
        if (programming instanceof Programming.WriteVerify v) {
            m.put("program", v.toMap());
        }
        if (!ages.labels().isEmpty()) {
            m.put("ages", ages.labels());
        }
        stochasticUpdate.ifPresent(u -> m.put("update", u.toMap()));
        return m;
    }

    /**
     * Parses a study from its JSON form (as {@link #canonicalJson()} or {@code study.json} hold it).
     *
     * @param text the JSON text
     * @param source where it came from, for messages
     * @return the study
     * @throws IllegalArgumentException starting with the source and naming the field
     */
    public static Study fromJson(final String text, final String source) {
        try {
            final Map<String, Object> m = JSON.std.mapFrom(text);
            if (m == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            final boolean legacy = FORMAT_1.equals(m.get("format"));
            if (!FORMAT.equals(m.get("format")) && !legacy) {
                throw new IllegalArgumentException(
                        "format = " + m.get("format") + ", expected " + FORMAT + " (or " + FORMAT_1 + ")");
            }
            final Set<String> known = legacy ? LEGACY_KEYS : canonicalKeys();
            for (final String key : m.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalArgumentException(key + " is not a study field (known: " + known + ")");
                }
            }
            final List<Sweep> sweeps = new ArrayList<>();
            for (final Object o : list(m, "sweeps")) {
                final Map<?, ?> sm = o instanceof Map<?, ?> map ? map : Map.of();
                final List<Double> values = new ArrayList<>();
                for (final Object v : list(sm, "values")) {
                    values.add(v instanceof Number n ? n.doubleValue() : Double.NaN);
                }
                sweeps.add(new Sweep(string(sm, "name"), string(sm, "path"), values));
            }
            return new Study(
                    string(m, "model"),
                    TrialMode.parse(string(m, "mode")),
                    string(m, "base"),
                    ChipSpecJson.fromMap(map(m, "spec")),
                    sweeps,
                    (int) number(m, "chips"),
                    number(m, "seed"),
                    new Training(
                            (int) number(m, "epochs"),
                            (int) number(m, legacy ? "trainImages" : "train_samples"),
                            (int) number(m, legacy ? "testImages" : "test_samples"),
                            legacy ? InitMode.AUTO : InitMode.named(string(m, "init")),
                            m.containsKey("dataset") ? ImageDataset.named(string(m, "dataset")) : ImageDataset.MNIST),
                    m.containsKey("program") ? writeVerify(map(m, "program")) : Programming.OPEN_LOOP,
                    m.containsKey("update") ? Optional.of(stochastic(map(m, "update"))) : Optional.empty(),
                    m.containsKey("ages") ? ages(list(m, "ages")) : Ages.NONE);
        } catch (final IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static Programming writeVerify(final Map<?, ?> m) {
        if (!(field(m, "tolerance_micro_siemens") instanceof Number tolerance)) {
            throw new IllegalArgumentException("program.tolerance_micro_siemens must be a number");
        }
        return new Programming.WriteVerify((int) number(m, "iterations"), tolerance.doubleValue());
    }

    private static Ages ages(final List<?> labels) {
        final List<String> text = new ArrayList<>();
        for (final Object o : labels) {
            text.add(o instanceof String s ? s : "(not a string: " + o + ")");
        }
        return Ages.parse("ages", String.join(",", text));
    }

    private static UpdateScheme.Stochastic stochastic(final Map<?, ?> m) {
        if (!"stochastic".equals(field(m, "name"))
                || !(field(m, "update_management") instanceof Boolean management)
                || !(field(m, "bl_management") instanceof Boolean blManagement)) {
            throw new IllegalArgumentException(
                    "update must be {\"name\": \"stochastic\", \"desired_bl\": N, \"update_management\": "
                            + "true|false, \"bl_management\": true|false}");
        }
        return new UpdateScheme.Stochastic(new PulseTrain((int) number(m, "desired_bl"), management, blManagement));
    }

    private static Set<String> canonicalKeys() {
        return Set.of(
                "format",
                "model",
                "mode",
                "base",
                "spec",
                "sweeps",
                "chips",
                "seed",
                "epochs",
                "train_samples",
                "test_samples",
                "init",
                "dataset",
                "program",
                "update",
                "ages");
    }

    private static final Set<String> LEGACY_KEYS = Set.of(
            "format",
            "model",
            "mode",
            "base",
            "spec",
            "sweeps",
            "chips",
            "seed",
            "epochs",
            "trainImages",
            "testImages");

    private static Object field(final Map<?, ?> m, final String name) {
        final Object v = m.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return v;
    }

    private static String string(final Map<?, ?> m, final String name) {
        if (field(m, name) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(name + " = " + m.get(name) + " must be a string");
    }

    private static long number(final Map<?, ?> m, final String name) {
        if (field(m, name) instanceof Number n && (n instanceof Integer || n instanceof Long)) {
            return n.longValue();
        }
        throw new IllegalArgumentException(name + " = " + m.get(name) + " must be an integer");
    }

    private static List<?> list(final Map<?, ?> m, final String name) {
        if (field(m, name) instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException(name + " must be a list");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Map<?, ?> m, final String name) {
        if (field(m, name) instanceof Map<?, ?> o) {
            return (Map<String, Object>) o;
        }
        throw new IllegalArgumentException(name + " must be an object");
    }

    private static String json(final Object tree) {
        try {
            return JSON.std.asString(tree);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write a study as JSON", e);
        }
    }

    private static String sha256(final String text) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /**
     * The canonical definition as compact JSON: the hashed form, and the form cluster tasks carry.
     *
     * @return the text
     */
    public String canonicalJson() {
        return canonicalJson;
    }

    /**
     * The SHA-256 of {@link #canonicalJson()}, in hex.
     *
     * @return 64 hex digits
     */
    public String hash() {
        return hash;
    }

    /**
     * The grid points, in index order.
     *
     * @return the points
     */
    public List<GridPoint> points() {
        return points;
    }

    /**
     * One grid point.
     *
     * @param index the point index
     * @return the point
     */
    public GridPoint point(final int index) {
        return points.get(index);
    }

    /**
     * The number of trials, points x chips.
     *
     * @return the count
     */
    public int trialCount() {
        return points.size() * chips;
    }

    /**
     * The trial with a global index.
     *
     * @param globalIndex {@code point * chips + trial}
     * @return the id
     */
    public TrialId trialId(final int globalIndex) {
        Check.range("trial index", globalIndex, 0, trialCount() - 1);
        return new TrialId(globalIndex / chips, globalIndex % chips);
    }

    /**
     * The global index of a trial.
     *
     * @param id the trial
     * @return {@code point * chips + trial}
     * @throws IllegalArgumentException if the id is not a trial of this study
     */
    public int globalIndex(final TrialId id) {
        if (id.point() >= points.size() || id.trial() >= chips) {
            throw new IllegalArgumentException(
                    id + " is not in this study (" + points.size() + " points x " + chips + " chips)");
        }
        return id.point() * chips + id.trial();
    }

    /**
     * The network name.
     *
     * @return e.g. {@code cnn}
     */
    public String model() {
        return model;
    }

    /**
     * The trial mode.
     *
     * @return in situ or ex situ
     */
    public TrialMode mode() {
        return mode;
    }

    /**
     * The base spec's name.
     *
     * @return a preset or file name
     */
    public String baseName() {
        return baseName;
    }

    /**
     * The base chip spec, before sweeps.
     *
     * @return the spec
     */
    public ChipSpec base() {
        return base;
    }

    /**
     * The sweeps, in grid order.
     *
     * @return the sweeps
     */
    public List<Sweep> sweeps() {
        return sweeps;
    }

    /**
     * Trials per point.
     *
     * @return chips per point
     */
    public int chips() {
        return chips;
    }

    /**
     * The master seed.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * How ex situ trials write the weights onto their chips.
     *
     * @return open loop or write-verify
     */
    public Programming programming() {
        return programming;
    }

    /**
     * The ages at which trials test their chips after programming ended, besides the test when it ends.
     *
     * @return the ages, {@link Ages#NONE} for none
     */
    public Ages ages() {
        return ages;
    }

    /**
     * The stochastic pulse-train update of the in situ trials, if the study asks for it.
     *
     * @return the scheme, or empty for the scheme that suits the device
     */
    public Optional<UpdateScheme.Stochastic> stochasticUpdate() {
        return stochasticUpdate;
    }

    /**
     * The training budget.
     *
     * @return epochs and image counts
     */
    public Training training() {
        return training;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Study other && other.canonicalJson.equals(canonicalJson);
    }

    @Override
    public int hashCode() {
        return canonicalJson.hashCode();
    }

    @Override
    public String toString() {
        return "study " + hash.substring(0, 12) + " (" + model + " " + mode.label() + ", " + points.size()
                + " points x " + chips + " chips)";
    }
}
