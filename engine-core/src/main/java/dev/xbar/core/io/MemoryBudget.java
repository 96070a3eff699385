package dev.xbar.core.io;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Checks, before a large allocation, that the JVM can hold it: an {@link OutOfMemoryError} halfway through a run is a
 * stack trace and a lost run, a refusal up front is one line that says how much is needed and how to give more.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /**
     * Refuses a heap allocation the JVM cannot hold next to what it holds now.
     *
     * @param bytes bytes needed
     * @param what what needs them, for the message
     * @throws IllegalStateException if more than the free heap (after what is in use) is needed
     */
    public static void requireHeap(final long bytes, final String what) {
        final Runtime rt = Runtime.getRuntime();
        require(bytes, rt.maxMemory() - (rt.totalMemory() - rt.freeMemory()), what);
    }

    /**
     * Refuses an off-heap allocation (a {@link java.lang.foreign.MemorySegment} from an arena) beyond the JVM's
     * direct memory limit, which defaults to the maximum heap size.
     *
     * @param bytes bytes needed
     * @param what what needs them, for the message
     * @throws IllegalStateException if more than the free direct memory is needed
     */
    public static void requireDirect(final long bytes, final String what) {
        long used = 0;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                used = pool.getMemoryUsed();
            }
        }
        require(bytes, Runtime.getRuntime().maxMemory() - used, what);
    }

    /**
     * The check itself, with the available bytes given.
     *
     * @param bytes bytes needed
     * @param available bytes available
     * @param what what needs them, for the message
     * @throws IllegalStateException if {@code bytes > available}
     */
    public static void require(final long bytes, final long available, final String what) {
        if (bytes > available) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "%s needs %s of memory, the JVM has %s free; make it smaller, or give the JVM more"
                            + " (XBAR_JAVA_OPTS=-Xmx<size>)",
                    what,
                    mib(bytes),
                    mib(Math.max(0, available))));
        }
    }

    private static String mib(final long bytes) {
        return String.format(Locale.ROOT, "%,.0f MiB", bytes / 1048576.0);
    }
}
