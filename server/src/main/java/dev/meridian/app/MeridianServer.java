package dev.meridian.app;

import dev.meridian.audit.AuditLog;
import dev.meridian.audit.BatchingAuditLog;
import dev.meridian.audit.sqlite.SqliteAuditStore;
import dev.meridian.core.KeyManagementService;
import dev.meridian.crypto.FileRootKey;
import dev.meridian.store.Store;
import dev.meridian.store.sqlite.SqliteStore;
import dev.meridian.wire.CloudTrailServiceEvents;
import dev.meridian.wire.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.function.UnaryOperator;

/**
 * A running Meridian: the store and root key in the data folder, the core, the audit trail
 * ({@code audit.db}) and the HTTP front. Closing it stops accepting requests, lets those under way
 * finish, writes the queued audit records, and closes the stores.
 */
public final class MeridianServer implements AutoCloseable {
    public static final String DATABASE_FILE = "meridian.db";
    public static final String ROOT_KEY_FILE = "root.key";
    /** The audit trail's own database, apart from the key store. */
    public static final String AUDIT_DATABASE_FILE = "audit.db";

    private final Store store;
    private final KeyManagementService service;
    private final HttpServer http;
    private final AuditLog auditLog;

    private MeridianServer(Store store, KeyManagementService service, HttpServer http, AuditLog auditLog) {
        this.store = store;
        this.service = service;
        this.http = http;
        this.auditLog = auditLog;
    }

    public static MeridianServer start(ServerConfiguration configuration) throws InterruptedException {
        return start(configuration, UnaryOperator.identity());
    }

    /**
     * Starts with the store passed through {@code storeDecorator} first: how a test puts a fault-injecting
     * store in front of the real one.
     */
    public static MeridianServer start(ServerConfiguration configuration, UnaryOperator<Store> storeDecorator)
            throws InterruptedException {
        try {
            Files.createDirectories(configuration.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + configuration.dataDirectory(), e);
        }
        FileRootKey rootKey = FileRootKey.loadOrCreate(configuration.dataDirectory().resolve(ROOT_KEY_FILE));
        Store store = storeDecorator.apply(SqliteStore.open(configuration.dataDirectory().resolve(DATABASE_FILE)));
        KeyManagementService service = null;
        AuditLog auditLog = null;
        try {
            auditLog = new BatchingAuditLog(SqliteAuditStore.open(configuration.dataDirectory().resolve(AUDIT_DATABASE_FILE)))
                    .retain(configuration.auditRetention(), configuration.clock());
            service = new KeyManagementService(store, rootKey, configuration.clock(),
                    new KeyManagementService.Settings(configuration.replicationDelay(), configuration.keyLimitPerRegion(),
                            configuration.grantLimitPerKey(), configuration.attestationRoot()));
            service.onServiceEvent(new CloudTrailServiceEvents(auditLog));
            service.start();
            HttpServer http = HttpServer.start(configuration.host(), configuration.port(), service, configuration.account(),
                    auditLog, configuration.clock());
            return new MeridianServer(store, service, http, auditLog);
        } catch (RuntimeException | InterruptedException e) {
            if (service != null) {
                service.close();
            }
            if (auditLog != null) {
                auditLog.close();
            }
            store.close();
            throw e;
        }
    }

    /** The URL clients use, e.g. {@code http://127.0.0.1:8020}. */
    public String endpoint() {
        String host = http.address().getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + http.address().getPort();
    }

    public int port() {
        return http.address().getPort();
    }

    /** Runs timed work that is due now (after a test moved the clock) and waits for it. */
    public void runDueWorkNow() throws InterruptedException {
        service.runDueWorkNow();
    }

    @Override
    public void close() {
        http.close();
        service.close();
        auditLog.close();
        store.close();
    }
}
