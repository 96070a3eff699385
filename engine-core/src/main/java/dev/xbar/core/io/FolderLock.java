package dev.xbar.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on an output folder (a run or study folder), held by one process at a time through an OS file
 * lock on {@value #FILE_NAME} in it, so two commands never write into one folder at once. The OS drops the lock when
 * the process dies, so a killed run never leaves the folder locked; the empty lock file itself stays.
 */
public final class FolderLock implements AutoCloseable {
    /** The lock file's name. */
    public static final String FILE_NAME = ".xbar.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(final FileChannel channel, final FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of an existing folder, without waiting.
     *
     * @param dir the folder
     * @return the held lock; close it to release
     * @throws IllegalStateException naming the folder if another process (or this one) holds it
     */
    public static FolderLock acquire(final Path dir) {
        final Path file = dir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            final FileLock lock = channel.tryLock();
            if (lock != null) {
                return new FolderLock(channel, lock);
            }
        } catch (final OverlappingFileLockException e) {
            // held by this process: refused like any other holder below
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot lock " + dir + " (" + file + "): " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new IllegalStateException(dir + " is in use by another xbar command (it holds the lock " + file
                + "); wait for it to finish, or use another folder");
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot release the lock " + FILE_NAME + ": " + e.getMessage(), e);
        }
    }
}
