package dev.xbar.core.chip;

import dev.xbar.core.io.MemoryBudget;
import dev.xbar.core.random.Purpose;
import dev.xbar.core.random.RandomStreams;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One fabricated chip: a {@link ChipSpec}, the seed and chip index its random streams are keyed by, and per-device
 * state in off-heap planes laid out as {@link ChipLayout} describes. Kernels read and write the planes directly.
 *
 * <p>Reproducibility: fabrication draws from FABRICATION and FAULTS streams keyed by (seed, chipIndex) only, so a
 * chip is the same bit for bit whatever else runs. Every kernel call takes one {@link #nextEvent()} number and keys
 * its noise by it, so a chip replays the same noise given the same sequence of calls. Kernel calls on one chip must
 * therefore be issued in a deterministic order (run different chips in parallel, not one chip from racing threads);
 * the one exception is a forward VMM split into row ranges that share one event taken up front.
 *
 * <p>The memory comes from a shared arena, released by {@link #close()}; no kernel may touch the chip afterwards.
 */
public final class Chip implements AutoCloseable {
    private final ChipSpec spec;
    private final long seed;
    private final long chipIndex;
    private final int rowStride;
    private final Arena arena;
    private final MemorySegment state;
    private final MemorySegment[] planes;
    private final AtomicLong events = new AtomicLong();

    /** Eras handed out so far, over all chips of the JVM: an era is never handed out twice. */
    private static final AtomicLong ERAS = new AtomicLong();

    /** This chip's present era ({@link #era}): a new one at construction and at every rewind of the event counter. */
    private volatile long era = ERAS.incrementAndGet();
    // Counts only, added to by the threads of one pass at the same time (every VMM call adds four). AtomicLongs, not
    // LongAdders: an adder takes another branch once two threads collide, which a warm-up on one thread never took, so
    // the first collision in training deoptimised the VMM code that had inlined it (four deoptimisations and C2
    // recompilations of AnalogMatrix.multiply in a default run, seen in JFR). Steady state, JMH in situ training step
    // on 2 threads, 2 x 2 forks interleaved: 812 and 832 us against 802 and 819 us with adders, within fork noise.
    private final AtomicLong setPulses = new AtomicLong();
    private final AtomicLong resetPulses = new AtomicLong();
    private final AtomicLong stepPulses = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong vmms = new AtomicLong();
    private final AtomicLong vmmDevices = new AtomicLong();
    private final AtomicLong dacConversions = new AtomicLong();
    private final AtomicLong adcConversions = new AtomicLong();

    /** Allocates zeroed state; {@link Fabrication} or {@link ChipFile} fills it. */
    Chip(final ChipSpec spec, final long seed, final long chipIndex) {
        this.spec = spec;
        this.seed = seed;
        this.chipIndex = chipIndex;
        this.rowStride = ChipLayout.rowStride(spec.cols());
        final long planeBytes = ChipLayout.planeBytes(spec.rows(), spec.cols());
        final Plane[] all = Plane.all();
        MemoryBudget.requireDirect(
                planeBytes * all.length,
                "a " + spec.rows() + " x " + spec.cols() + " chip (" + all.length + " planes)");
        this.arena = Arena.ofShared();
        this.state = arena.allocate(planeBytes * all.length, ChipLayout.ALIGNMENT);
        this.planes = new MemorySegment[all.length];
        for (int p = 0; p < all.length; p++) {
            planes[p] = state.asSlice(p * planeBytes, planeBytes);
        }
    }

    /**
     * Fabricates a chip: draws device-to-device parameters and faults from the streams of (seed, chipIndex) and puts
     * every device in its initial state (gate devices at their RESET level with Vg_last = 0, step devices at gMin).
     *
     * @param spec the spec
     * @param seed the study seed
     * @param chipIndex the chip's index in the study
     * @return the chip; close it when done
     * @throws IllegalArgumentException if the spec's fault map is invalid
     */
    public static Chip fabricate(final ChipSpec spec, final long seed, final long chipIndex) {
        final Chip chip = new Chip(spec, seed, chipIndex);
        try {
            Fabrication.fill(chip);
            return chip;
        } catch (final RuntimeException e) {
            chip.close();
            throw e;
        }
    }

    /**
     * Loads a chip saved by {@link #save}.
     *
     * @param file the chip file
     * @return the chip, bit for bit as saved
     * @throws IllegalArgumentException naming the file if it is damaged, truncated or not a chip file
     */
    public static Chip load(final Path file) {
        return ChipFile.load(file);
    }

    /**
     * Saves the chip (spec, planes, event counter and stats) atomically; see {@link ChipFile} for the format.
     *
     * @param file the target file
     */
    public void save(final Path file) {
        ChipFile.save(this, file);
    }

    /**
     * The spec.
     *
     * @return the spec
     */
    public ChipSpec spec() {
        return spec;
    }

    /**
     * The seed the random streams are keyed by.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * The chip's index in its study.
     *
     * @return the index
     */
    public long chipIndex() {
        return chipIndex;
    }

    /**
     * Rows.
     *
     * @return rows
     */
    public int rows() {
        return spec.rows();
    }

    /**
     * Columns.
     *
     * @return columns
     */
    public int cols() {
        return spec.cols();
    }

    /**
     * The row stride of every plane, in floats (a multiple of 16).
     *
     * @return the stride
     */
    public int rowStride() {
        return rowStride;
    }

    /**
     * One state plane.
     *
     * @param plane which
     * @return the plane's segment, 64-byte aligned
     */
    public MemorySegment plane(final Plane plane) {
        return planes[plane.ordinal()];
    }

    /**
     * The conductance plane.
     *
     * @return the segment
     */
    public MemorySegment conductance() {
        return plane(Plane.CONDUCTANCE);
    }

    /**
     * The last-gate-voltage plane.
     *
     * @return the segment
     */
    public MemorySegment gateVoltage() {
        return plane(Plane.GATE_VOLTAGE);
    }

    /**
     * The fault-code plane.
     *
     * @return the segment
     */
    public MemorySegment faults() {
        return plane(Plane.FAULT);
    }

    /**
     * All planes in one segment, in {@link Plane} order.
     *
     * @return the whole state
     */
    public MemorySegment state() {
        return state;
    }

    /**
     * Byte offset of device (row, col) in any plane.
     *
     * @param row the row
     * @param col the column
     * @return the offset
     */
    public long offset(final int row, final int col) {
        return ChipLayout.offset(rowStride, row, col);
    }

    /**
     * Reads one device's value of a plane (for tests and tools; kernels address segments directly).
     *
     * @param plane the plane
     * @param row the row
     * @param col the column
     * @return the value
     */
    public float get(final Plane plane, final int row, final int col) {
        checkDevice(row, col);
        return plane(plane).get(ValueLayout.JAVA_FLOAT, offset(row, col));
    }

    /**
     * Writes one device's value of a plane (for tools and tests, e.g. to place a device at a known state).
     *
     * @param plane the plane
     * @param row the row
     * @param col the column
     * @param value the value
     */
    public void set(final Plane plane, final int row, final int col, final float value) {
        checkDevice(row, col);
        plane(plane).set(ValueLayout.JAVA_FLOAT, offset(row, col), value);
    }

    private void checkDevice(final int row, final int col) {
        if (row < 0 || row >= rows() || col < 0 || col >= cols()) {
            throw new IndexOutOfBoundsException(
                    "device (" + row + ", " + col + ") is not on a " + rows() + " x " + cols() + " chip");
        }
    }

    /**
     * Whether a device takes programming events.
     *
     * @param row the row
     * @param col the column
     * @return true unless stuck or dead
     */
    public boolean isProgrammable(final int row, final int col) {
        return get(Plane.FAULT, row, col) == FaultCode.OK;
    }

    /**
     * The key of this chip's stream for one purpose and event, {@code RandomStreams.key(seed, chipIndex, purpose,
     * event)}: the one place kernels derive their stream keys.
     *
     * @param purpose what the draws are for
     * @param event the kernel call's event
     * @return the stream key
     */
    public long streamKey(final Purpose purpose, final long event) {
        return RandomStreams.key(seed, chipIndex, purpose, event);
    }

    /**
     * Takes the next event number: each kernel call takes one and keys its random streams by it.
     *
     * @return the event number, starting at 0
     */
    public long nextEvent() {
        return events.getAndIncrement();
    }

    /**
     * Takes n consecutive event numbers at once, for calls that run concurrently but must draw as a sequential run
     * would (each call gets its number in the sequential order).
     *
     * @param n events, at least 0
     * @return the first of them
     */
    public long takeEvents(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("takeEvents: n = " + n + " must be >= 0");
        }
        return events.getAndAdd(n);
    }

    /**
     * The next event number {@link #nextEvent()} would return.
     *
     * @return the event counter
     */
    public long eventCounter() {
        return events.get();
    }

    /**
     * A number that no other chip of this JVM and no earlier era of this chip has had: a new one when the chip is made
     * and whenever its event counter is rewound ({@link Ageing#at}, a checkpoint's restore). With an event it names one
     * instant of this chip's conductances, since every kernel call that changes them takes a new event and events are
     * only ever reused after a rewind; so a kernel may keep what it derives from the conductances of an event (the
     * forward VMM's effective conductances, across the row ranges of one batch) under (era, event).
     *
     * @return the era
     */
    public long era() {
        return era;
    }

    /**
     * Counts input vectors applied to the array (forward or transposed VMMs, one per batch row), each driving
     * {@code inputs} lines through the DAC and converting {@code outputs} lines in the ADC.
     *
     * @param vectors input vectors
     * @param inputs driven lines per vector (window rows forward, columns transposed)
     * @param outputs converted lines per vector (window columns forward, rows transposed)
     */
    public void countVmms(final long vectors, final int inputs, final int outputs) {
        vmms.addAndGet(vectors);
        vmmDevices.addAndGet(vectors * inputs * outputs);
        dacConversions.addAndGet(vectors * inputs);
        adcConversions.addAndGet(vectors * outputs);
    }

    /**
     * Counts devices read back one at a time.
     *
     * @param devices devices read
     */
    public void countReads(final long devices) {
        reads.addAndGet(devices);
    }

    /**
     * Counts SET pulses of the two-pulse scheme (issued, also to stuck devices).
     *
     * @param pulses SET pulses
     */
    public void countSets(final long pulses) {
        setPulses.addAndGet(pulses);
    }

    /**
     * Counts RESET pulses of the two-pulse scheme (issued, also to stuck devices).
     *
     * @param pulses RESET pulses
     */
    public void countResets(final long pulses) {
        resetPulses.addAndGet(pulses);
    }

    /**
     * Counts pulses applied to step devices (issued, also to stuck devices).
     *
     * @param pulses step pulses
     */
    public void countStepPulses(final long pulses) {
        stepPulses.addAndGet(pulses);
    }

    /**
     * The event counts so far.
     *
     * @return a snapshot
     */
    public ProgrammingStats stats() {
        return new ProgrammingStats(
                setPulses.get(),
                resetPulses.get(),
                stepPulses.get(),
                reads.get(),
                vmms.get(),
                vmmDevices.get(),
                dacConversions.get(),
                adcConversions.get());
    }

    /** Restores counters from a file. */
    void restore(final long eventCounter, final ProgrammingStats stats) {
        // events are about to be reused, for conductances that may differ from those they first met
        era = ERAS.incrementAndGet();
        events.set(eventCounter);
        setPulses.set(stats.setPulses());
        resetPulses.set(stats.resetPulses());
        stepPulses.set(stats.stepPulses());
        reads.set(stats.reads());
        vmms.set(stats.vmms());
        vmmDevices.set(stats.vmmDevices());
        dacConversions.set(stats.dacConversions());
        adcConversions.set(stats.adcConversions());
    }

    /** Releases the off-heap state. */
    @Override
    public void close() {
        arena.close();
    }
}
