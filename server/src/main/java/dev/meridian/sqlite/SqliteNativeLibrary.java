package dev.meridian.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads SQLite's native library from a copy private to the user, made once, instead of sqlite-jdbc's own way.
 *
 * <p>sqlite-jdbc copies its library out of its jar into the shared temporary folder at every start, under a new
 * name, and then compares the copy with the jar's byte by byte (it cannot trust a file in a folder every user writes
 * to): 0.13 to 0.18 s of CPU in a fresh JVM on this project's 2-core machine, on the path of every start. Here the
 * copy is kept in a folder only its user can use ({@code <java.io.tmpdir>/meridian-<user name>}, mode
 * {@code rwx------}, owned by the user, not a link), named after the sqlite-jdbc version, the platform and the jar
 * entry's size and CRC-32 (from the jar's directory, nothing inflated), and checked against them before each load
 * (the file is read once, the CRC computed natively: about a millisecond). It is written to a temporary name and
 * moved into place atomically, so that a start killed mid-copy or two starts at once never leave a partial file under
 * the copy's name (the next copy written removes partial files abandoned over an hour before). Which of the
 * jar's libraries is this platform's is {@link NativeLibraryFolder}'s answer (sqlite-jdbc's, without its cost where
 * that is certain).
 *
 * <p>Falls back to sqlite-jdbc's own extraction whenever this cannot be done safely: a file system without POSIX
 * permissions (Windows), a folder owned by someone else or open to others, a library not in a jar (an exploded class
 * path), {@code org.sqlite.lib.path} or {@code org.sqlite.lib.name} already set by the user, or any I/O error. The
 * library is the same either way; only the time differs. The system properties sqlite-jdbc reads are set only for the
 * duration of its initialization and restored after it; its clean-up of earlier extractions lists an empty folder of
 * the user's rather than the whole shared temporary folder.
 *
 * <p>One limit the JVM sets: a native library file can be loaded by one class loader only, so a second class loader
 * of the same JVM that loads sqlite-jdbc from the same jar finds the copy taken, and sqlite-jdbc (after logging the
 * failed load) extracts its own, as before.
 */
public final class SqliteNativeLibrary {
    private static final Logger LOG = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    /** Where sqlite-jdbc extracts its library, and lists its earlier extractions to delete them. */
    private static final String TEMPORARY_FOLDER_PROPERTY = "org.sqlite.tmpdir";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** How old a partial copy must be to count as abandoned. */
    static final Duration ABANDONED = Duration.ofHours(1);

    private static volatile boolean loaded;

    private SqliteNativeLibrary() {
    }

    /**
     * Loads the library into this JVM, the first time only; every SQLite connection needs it. Thread-safe.
     *
     * @throws IllegalStateException if neither the private copy nor sqlite-jdbc's own ways can load it
     */
    public static void load() {
        if (loaded) {
            return;
        }
        synchronized (SqliteNativeLibrary.class) {
            if (loaded) {
                return;
            }
            Optional<Path> copy = System.getProperty(PATH_PROPERTY) == null && System.getProperty(NAME_PROPERTY) == null
                    ? privateCopy(Path.of(System.getProperty("java.io.tmpdir")))
                    : Optional.empty();
            Optional<Path> ownTemporaryFolder = System.getProperty(TEMPORARY_FOLDER_PROPERTY) == null
                    ? copy.flatMap(file -> cleanUpFolder(file.getParent()))
                    : Optional.empty();
            try {
                copy.ifPresent(file -> {
                    System.setProperty(PATH_PROPERTY, file.getParent().toString());
                    System.setProperty(NAME_PROPERTY, file.getFileName().toString());
                });
                ownTemporaryFolder.ifPresent(folder -> System.setProperty(TEMPORARY_FOLDER_PROPERTY, folder.toString()));
                SQLiteJDBCLoader.initialize();
            } catch (Exception e) {
                throw new IllegalStateException("Cannot load SQLite's native library", e);
            } finally {
                if (copy.isPresent()) {
                    System.clearProperty(PATH_PROPERTY);
                    System.clearProperty(NAME_PROPERTY);
                }
                if (ownTemporaryFolder.isPresent()) {
                    System.clearProperty(TEMPORARY_FOLDER_PROPERTY);
                }
            }
            loaded = true;
        }
    }

    /**
     * The private copy of the library for this platform in {@code temporaryFolder}'s user folder, made if missing or
     * not matching the jar's; empty when it cannot be made or trusted (then sqlite-jdbc's own way applies).
     */
    static Optional<Path> privateCopy(Path temporaryFolder) {
        String folderInJar = NativeLibraryFolder.forThisPlatform();
        String resource = folderInJar + "/" + LibraryLoaderUtil.getNativeLibName();
        URL url = SQLiteJDBCLoader.class.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                return Optional.empty();
            }
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0) {
                return Optional.empty();
            }
            Optional<Path> folder = userFolder(temporaryFolder);
            if (folder.isEmpty()) {
                return Optional.empty();
            }
            // "/org/sqlite/native/Linux/x86_64" -> "Linux-x86_64"
            String platform = folderInJar.replace("/org/sqlite/native/", "")
                    .replace('/', '-');
            Path file = folder.get().resolve("sqlite-jdbc-" + SQLiteJDBCLoader.getVersion() + "-" + platform + "-"
                    + entry.getSize() + "-" + Long.toHexString(entry.getCrc()) + "-" + LibraryLoaderUtil.getNativeLibName());
            if (!matches(file, entry.getSize(), entry.getCrc())) {
                removeAbandonedPartials(folder.get());
                Path partial = Files.createTempFile(folder.get(), "sqlite-jdbc-", ".partial",
                        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
                try {
                    try (InputStream in = jar.getInputStream()) {
                        Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(partial);
                }
                if (!matches(file, entry.getSize(), entry.getCrc())) {
                    return Optional.empty();
                }
            }
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            LOG.debug("No private copy of SQLite's native library; sqlite-jdbc extracts its own", e);
            return Optional.empty();
        }
    }

    /**
     * {@code temporaryFolder/meridian-<user name>}, created {@code rwx------}; empty unless it is a directory (not a
     * link) owned by this process's user that no one else may use.
     */
    static Optional<Path> userFolder(Path temporaryFolder) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        String userName = System.getProperty("user.name", "");
        if (!userName.matches("[A-Za-z0-9_.-]{1,64}")) {
            return Optional.empty();
        }
        Path folder = temporaryFolder.resolve("meridian-" + userName);
        if (!Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (java.nio.file.FileAlreadyExistsException createdMeanwhile) {
                // checked below like any existing folder
            }
        }
        PosixFileAttributes attributes = Files.getFileAttributeView(folder, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS).readAttributes();
        UserPrincipal user = folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(userName);
        if (!attributes.isDirectory() || !attributes.owner().equals(user) || !attributes.permissions().equals(OWNER_ONLY)) {
            return Optional.empty();
        }
        return Optional.of(folder);
    }

    /**
     * The folder sqlite-jdbc's clean-up lists while it initializes ({@code org.sqlite.tmpdir}): an empty folder in the
     * user's folder ({@code clean-up}, made {@code rwx------} when missing), rather than the shared temporary folder,
     * which sqlite-jdbc lists at every start for the libraries it extracted before (its name pattern matches nothing
     * it would find here); empty when it cannot be made.
     */
    static Optional<Path> cleanUpFolder(Path userFolder) {
        Path folder = userFolder.resolve("clean-up");
        try {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(folder, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            return Optional.of(folder);
        } catch (IOException | RuntimeException e) {
            LOG.debug("sqlite-jdbc lists the shared temporary folder", e);
            return Optional.empty();
        }
    }

    /**
     * Deletes the partial copies a JVM stopped mid-copy left behind (never loaded: their names differ from a copy's),
     * once they are {@link #ABANDONED} old: a copy takes milliseconds, so an older one belongs to no copy under way.
     * Only when a copy is about to be written, so a start that finds its copy lists nothing.
     */
    private static void removeAbandonedPartials(Path folder) {
        Instant abandonedBefore = Instant.now().minus(ABANDONED);
        try (DirectoryStream<Path> partials = Files.newDirectoryStream(folder, "sqlite-jdbc-*.partial")) {
            for (Path partial : partials) {
                if (Files.isRegularFile(partial, LinkOption.NOFOLLOW_LINKS) && Files.getLastModifiedTime(partial,
                        LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(abandonedBefore)) {
                    Files.deleteIfExists(partial);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot remove abandoned partial copies from {}", folder, e);
        }
    }

    /** Whether {@code file} is a regular file (not a link) of the given size and CRC-32. */
    private static boolean matches(Path file, long size, long crc) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != size) {
            return false;
        }
        CRC32 checksum = new CRC32();
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buffer = new byte[64 * 1024]; // streamed: the whole library (~1 MiB) would be a humongous array
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                checksum.update(buffer, 0, read);
            }
        }
        return checksum.getValue() == crc;
    }
}
