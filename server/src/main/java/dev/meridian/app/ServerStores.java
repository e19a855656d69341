package dev.meridian.app;

import dev.meridian.audit.AuditStore;
import dev.meridian.audit.postgres.PostgresAuditStore;
import dev.meridian.audit.sqlite.SqliteAuditStore;
import dev.meridian.crypto.FileRootKey;
import dev.meridian.crypto.RootKey;
import dev.meridian.crypto.RootKeyCheck;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.Store;
import dev.meridian.store.StoreException;
import dev.meridian.store.postgres.PostgresStore;
import dev.meridian.store.sqlite.SqliteStore;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server keeps its state in, as its configuration says: the root key file, and the key store and audit store,
 * either SQLite files in the data folder ({@value MeridianServer#DATABASE_FILE}, {@value MeridianServer#AUDIT_DATABASE_FILE})
 * or one PostgreSQL database ({@code --database}) that every node of a service shares. Failures a user can fix are a
 * {@link StartRefusedException} of one line.
 */
final class ServerStores {
    private static final Logger LOG = LoggerFactory.getLogger(ServerStores.class);

    private ServerStores() {
    }

    /** The root key at {@code file}, created when missing. */
    static FileRootKey rootKey(Path file) {
        Path shown = file.toAbsolutePath().normalize();
        try {
            return FileRootKey.loadOrCreate(file);
        } catch (UncheckedIOException e) {
            throw new StartRefusedException("Cannot read or create the root key file " + shown + ": "
                    + fileProblem(e.getCause()) + "; expected a file of 32 bytes, or a path in a folder where one can be"
                    + " created", e);
        } catch (IllegalStateException e) {
            throw new StartRefusedException(e.getMessage() + ", not " + sizeOf(file) + "; expected the root key file"
                    + " this service was started with", e);
        }
    }

    /**
     * The key store: PostgreSQL when {@code database} is given (a write waiting at most {@code lockTimeout} for its
     * write lock), the data folder's SQLite file otherwise.
     */
    static Store openKeyStore(Optional<PostgresSettings> database, Duration lockTimeout, DataDirectory dataDirectory) {
        if (database.isEmpty()) {
            return SqliteStore.open(dataDirectory.resolve(MeridianServer.DATABASE_FILE));
        }
        LOG.info("Keys, replication outbox and audit trail in PostgreSQL: {}", database.get());
        try {
            return PostgresStore.open(database.get(), lockTimeout);
        } catch (StoreException e) {
            throw unreachable(database.get(), e);
        }
    }

    /** The audit store: PostgreSQL when {@code database} is given, the data folder's SQLite file otherwise. */
    static AuditStore openAuditStore(Optional<PostgresSettings> database, DataDirectory dataDirectory, long auditMaxSize) {
        if (database.isEmpty()) {
            return SqliteAuditStore.open(dataDirectory.resolve(MeridianServer.AUDIT_DATABASE_FILE), auditMaxSize);
        }
        try {
            return PostgresAuditStore.open(database.get());
        } catch (RuntimeException e) {
            throw unreachable(database.get(), e);
        }
    }

    /**
     * Refuses the start unless {@code rootKey} is the one the store's key material was wrapped with: the store keeps
     * the check value of the first root key it met ({@link Store#rootKeyCheck}, which stores this one's when it holds
     * none) and this key must open it. Nothing else is written before this check.
     */
    static void verifyRootKey(Store store, RootKey rootKey, Path file) {
        byte[] held = store.rootKeyCheck(RootKeyCheck.of(rootKey));
        if (!RootKeyCheck.verifies(rootKey, held)) {
            throw new StartRefusedException("The root key " + file.toAbsolutePath().normalize() + " is not the one this"
                    + " database's key material was wrapped with; start every node with the same --root-key");
        }
    }

    private static StartRefusedException unreachable(PostgresSettings database, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return new StartRefusedException("Cannot open the database " + database + ": " + oneLine(cause)
                + "; expected a PostgreSQL server (13 or later) that this user can reach and sign in to", e);
    }

    /** What a file system error says, without repeating the file's path as its whole message (as the JDK's do). */
    private static String fileProblem(Throwable error) {
        if (error instanceof NoSuchFileException missing && missing.getFile() != null) {
            Path parent = Path.of(missing.getFile()).toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                return "the folder " + parent + " does not exist";
            }
            return "no such file";
        }
        if (error instanceof AccessDeniedException denied && denied.getFile() != null) {
            return "permission denied on " + denied.getFile();
        }
        if (error instanceof FileSystemException failed && failed.getReason() != null) {
            return failed.getReason();
        }
        return oneLine(error);
    }

    private static String oneLine(Throwable error) {
        String message = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        return message.strip().replaceAll("\\s+", " ");
    }

    private static String sizeOf(Path file) {
        try {
            return java.nio.file.Files.size(file) + " bytes";
        } catch (java.io.IOException e) {
            return "readable";
        }
    }
}
