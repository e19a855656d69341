package dev.meridian.app;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data folder of one running server, held by it alone.
 *
 * <p>{@link #open} creates the folder if needed and takes an exclusive lock on its {@value #LOCK_FILE}
 * ({@link FileChannel#tryLock()}), then writes the process's PID into that file. The lock is held until
 * {@link #close()}; the operating system releases it when the process ends, however it ends ({@code kill -9}
 * included), so a folder is never left locked by a dead server. A second server on the same folder, in
 * another process or in this one, gets a {@link DataDirectoryException} naming the folder and the holder's
 * PID instead of starting: two servers on one store would disagree and lose writes. The lock file is left
 * in place at close (deleting it could let two servers lock two different files of the same name).
 */
final class DataDirectory implements AutoCloseable {
    /** The file whose lock holds the folder; it contains the holder's PID. */
    static final String LOCK_FILE = "meridian.lock";

    /** The folders that servers of this process hold (real paths). */
    private static final Set<Path> HELD_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path path, FileChannel channel, FileLock lock) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
    }

    /** Creates {@code folder} if it is missing and holds it for this server; throws {@link DataDirectoryException} otherwise. */
    static DataDirectory open(Path folder) {
        Path path = create(folder.toAbsolutePath().normalize());
        // On Linux the lock is a POSIX record lock, which the process loses when it closes ANY descriptor of
        // the file: a second server of this process must therefore be refused before it opens the file.
        if (!HELD_IN_THIS_PROCESS.add(path)) {
            throw inUse(path, "another Meridian server in this process (PID " + ProcessHandle.current().pid() + ")");
        }
        try {
            return lock(path);
        } catch (RuntimeException e) {
            HELD_IN_THIS_PROCESS.remove(path);
            throw e;
        }
    }

    private static DataDirectory lock(Path path) {
        Path lockFile = path.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unusable("Cannot write in the data folder " + path + ": " + describe(e)
                    + "; expected a folder this user can write", e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(path, "another Meridian server (" + holder(lockFile) + ")");
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            // Not forced to the disk: the number is for other processes' messages, which read it from the page cache,
            // and the lock it names ends with this process anyway (one disk flush less per start).
            channel.write(ByteBuffer.wrap(pid), 0);
            return new DataDirectory(path, channel, lock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof DataDirectoryException known) {
                throw known;
            }
            throw unusable("Cannot lock the data folder " + path + ": " + describe(e)
                    + "; expected a local folder that supports file locks", e);
        }
    }

    /** The folder, as an absolute path. */
    Path path() {
        return path;
    }

    /** A file of the folder. */
    Path resolve(String file) {
        return path.resolve(file);
    }

    /** Releases the folder for another server. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
        HELD_IN_THIS_PROCESS.remove(path);
    }

    /** Creates the folder if needed; returns its real path, so that two names of one folder are one. */
    private static Path create(Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw unusable("The data folder " + path + " is a file; expected a folder, or a path where one can be created", null);
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            Path blocking = path.getParent();
            while (blocking != null && !Files.exists(blocking)) {
                blocking = blocking.getParent();
            }
            String reason = blocking != null && !Files.isDirectory(blocking) ? blocking + " is a file, not a folder" : describe(e);
            throw unusable("Cannot create the data folder " + path + ": " + reason
                    + "; expected a folder, or a path where one can be created", e);
        }
        try {
            return path.toRealPath();
        } catch (IOException e) {
            throw unusable("Cannot read the data folder " + path + ": " + describe(e), e);
        }
    }

    /** The holder as its lock file names it: "PID 1234", or "PID unknown" while it has not written it yet. */
    private static String holder(Path lockFile) {
        try {
            String content = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return content.matches("\\d{1,19}") ? "PID " + content : "PID unknown";
        } catch (IOException | RuntimeException e) {
            return "PID unknown";
        }
    }

    private static String describe(Exception e) {
        if (e instanceof FileAlreadyExistsException exists) {
            return exists.getFile() + " is a file, not a folder";
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static DataDirectoryException unusable(String message, Throwable cause) {
        return new DataDirectoryException(DataDirectoryException.Problem.UNUSABLE, message, cause);
    }

    private static DataDirectoryException inUse(Path path, String holder) {
        return new DataDirectoryException(DataDirectoryException.Problem.IN_USE, "The data folder " + path
                + " is in use by " + holder + "; stop that server, or give this one another data folder", null);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
