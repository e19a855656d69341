package dev.meridian.app;

import dev.meridian.app.seed.SeedFile;
import dev.meridian.audit.AuditLog;
import dev.meridian.audit.AuditStore;
import dev.meridian.audit.BatchingAuditLog;
import dev.meridian.core.KeyManagementService;
import dev.meridian.core.ReplicationControl;
import dev.meridian.core.SeedPlan;
import dev.meridian.core.Seeding;
import dev.meridian.crypto.FileRootKey;
import dev.meridian.crypto.JdkProviders;
import dev.meridian.identity.CredentialStore;
import dev.meridian.identity.Identities;
import dev.meridian.identity.IdentityFile;
import dev.meridian.identity.IdentityFileParser;
import dev.meridian.identity.RoleDirectory;
import dev.meridian.identity.SecurityTokenService;
import dev.meridian.identity.SessionCredentials;
import dev.meridian.model.Region;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.Store;
import dev.meridian.store.sqlite.SqliteStore;
import dev.meridian.wire.Authentication;
import dev.meridian.wire.CallerAccounts;
import dev.meridian.wire.CloudTrailServiceEvents;
import dev.meridian.wire.HttpServer;
import dev.meridian.wire.outage.OutageRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Meridian: the root key and the store (SQLite in the data folder, or the PostgreSQL database of
 * {@code --database} that several nodes share), the core, the audit trail ({@code audit.db}, or the same database)
 * and the HTTP front. It starts only with the root key the store's key material was wrapped with. Closing it stops accepting requests, lets those under way
 * finish, writes the queued audit records, and closes the stores. The data folder is held by one server
 * at a time ({@link DataDirectory}): starting a second one on it is a {@link DataDirectoryException}.
 */
public final class MeridianServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MeridianServer.class);
    public static final String DATABASE_FILE = "meridian.db";
    public static final String ROOT_KEY_FILE = "root.key";
    /** The audit trail's own database, apart from the key store. */
    public static final String AUDIT_DATABASE_FILE = "audit.db";
    private static final AtomicBoolean PREPARATION_STARTED = new AtomicBoolean();

    /**
     * How a test reaches into the storage: the key store and the audit store pass through these decorators
     * as they are opened (to put a fault-injecting store in front of the real one, or keep a handle on it),
     * and the audit queue holds {@code auditQueueCapacity} records.
     */
    public record Storage(UnaryOperator<Store> keyStore, UnaryOperator<AuditStore> auditStore, int auditQueueCapacity) {
        /** The stores as opened, the audit queue at its usual capacity. */
        public static final Storage AS_OPENED = new Storage(UnaryOperator.identity(), UnaryOperator.identity(),
                BatchingAuditLog.DEFAULT_CAPACITY);

        public Storage withKeyStore(UnaryOperator<Store> decorator) {
            return new Storage(decorator, auditStore, auditQueueCapacity);
        }

        public Storage withAuditStore(UnaryOperator<AuditStore> decorator, int queueCapacity) {
            return new Storage(keyStore, decorator, queueCapacity);
        }
    }

    private final DataDirectory dataDirectory;
    private final Store store;
    private final KeyManagementService service;
    private final HttpServer http;
    private final AuditLog auditLog;

    private MeridianServer(DataDirectory dataDirectory, Store store, KeyManagementService service, HttpServer http,
            AuditLog auditLog) {
        this.dataDirectory = dataDirectory;
        this.store = store;
        this.service = service;
        this.http = http;
        this.auditLog = auditLog;
    }

    /**
     * Takes the data folder, opens the stores and binds the port.
     *
     * @throws DataDirectoryException if the data folder cannot be used, or another server holds it
     * @throws java.io.UncheckedIOException if the address cannot be bound (the message says which)
     * @throws dev.meridian.app.seed.SeedFileException if the seed file cannot be read or is malformed
     * @throws dev.meridian.core.SeedException if the seed's keys are malformed or contradict the store (nothing written)
     * @throws dev.meridian.identity.IdentityFileException if the identity file is missing or malformed (nothing opened)
     * @throws NetworkExposureException if development mode would listen on a non-loopback address unasked
     * @throws StartRefusedException if the root key is not the store's, or the root key, the database's password file
     *         or the database cannot be read (nothing served, nothing written but a missing root key file)
     */
    public static MeridianServer start(ServerConfiguration configuration) throws InterruptedException {
        return start(configuration, UnaryOperator.identity());
    }

    /**
     * Starts with the store passed through {@code storeDecorator} first: how a test puts a fault-injecting
     * store in front of the real one.
     */
    public static MeridianServer start(ServerConfiguration configuration, UnaryOperator<Store> storeDecorator)
            throws InterruptedException {
        return start(configuration, Storage.AS_OPENED.withKeyStore(storeDecorator));
    }

    /** Starts with the stores passed through the decorators of {@code storage}, and its audit queue capacity. */
    public static MeridianServer start(ServerConfiguration configuration, Storage storage) throws InterruptedException {
        prepareInBackground();
        Optional<IdentityFile> identityFile = configuration.identities().map(IdentityFileParser::read);
        Optional<Identities> identities = identityFile.map(Identities::of);
        IdentityPolicies identityPolicies = identities.<IdentityPolicies>map(found -> found).orElse(IdentityPolicies.NONE);
        if (identities.isEmpty()) {
            refuseDevelopmentModeOnNetwork(configuration);
        }
        Optional<PostgresSettings> database = DatabasePassword.resolve(configuration, System.getenv());
        DataDirectory dataDirectory = DataDirectory.open(configuration.dataDirectory());
        Store store = null;
        KeyManagementService service = null;
        AuditLog auditLog = null;
        try {
            FileRootKey rootKey = ServerStores.rootKey(configuration.rootKeyFile());
            store = storage.keyStore().apply(ServerStores.openKeyStore(database, configuration.databaseLockTimeout(),
                    dataDirectory));
            ServerStores.verifyRootKey(store, rootKey, configuration.rootKeyFile());
            AuditStore auditStore = storage.auditStore().apply(ServerStores.openAuditStore(database, dataDirectory,
                    configuration.auditMaxSize()));
            auditLog = new BatchingAuditLog(auditStore, storage.auditQueueCapacity(), BatchingAuditLog.DEFAULT_BATCH_SIZE,
                    BatchingAuditLog.DEFAULT_BATCH_INTERVAL).retain(configuration.auditRetention(), configuration.clock());
            service = new KeyManagementService(store, rootKey, configuration.clock(),
                    configuration.coreSettings(identityPolicies));
            service.onServiceEvent(new CloudTrailServiceEvents(auditLog));
            if (configuration.seedFile().isPresent()) {
                seed(service, configuration.seedFile().get(), configuration);
            }
            service.onReset(auditLog::clear);
            if (configuration.seedFile().isPresent()) {
                KeyManagementService seeded = service;
                service.onReset(() -> seed(seeded, configuration.seedFile().get(), configuration)); // back to the seed
            }
            service.start();
            HttpServer http = HttpServer.start(new HttpServer.Listening(configuration.host(), configuration.port(),
                    configuration.regionPorts(), configuration.connectionTimeout()), service,
                    new Authentication(CallerAccounts.of(configuration.account(), configuration.accountsFromAccessKeys()),
                            identities.map(CredentialStore.class::cast), new SecurityTokenService(
                                    identityFile.map(RoleDirectory::of).orElseGet(RoleDirectory::development),
                                    new SessionCredentials(rootKey, configuration.clock()), configuration.clock(),
                                    identityPolicies)),
                    auditLog, configuration.clock());
            if (identities.isEmpty()) {
                LOG.warn("DEVELOPMENT MODE: signatures are not verified; any well-formed request is served as the root of"
                        + " its account ({} unless its access key ID is 12 digits), and the operator endpoints are open to"
                        + " anyone who reaches {}. Start with --identities FILE for strict mode.", configuration.account(),
                        configuration.host());
            } else {
                LOG.info("Strict mode: {} from {}", identities.get(), configuration.identities().get());
            }
            return new MeridianServer(dataDirectory, store, service, http, auditLog);
        } catch (RuntimeException | InterruptedException e) {
            if (service != null) {
                service.close();
            }
            if (auditLog != null) {
                auditLog.close();
            }
            if (store != null) {
                store.close();
            }
            dataDirectory.close();
            throw e;
        }
    }

    /**
     * Starts, once per JVM, a second thread that does ahead what a start needs and that depends on no option: loads
     * SQLite's native library and connection settings ({@link SqliteStore#prepare()}) and the JDK's cryptography
     * ({@link JdkProviders#load()}), reads the service model and loads Netty ({@link HttpServer#prepare()}), in the
     * order the start needs them. {@code serve} calls it before it reads its options, and every start calls it
     * first, while it opens the stores: 0.1 to 0.2 s less from start to the first answer on two cores. The start waits
     * for what it needs (a class's initialization in progress on the other thread) and does the rest itself, also
     * when this fails. Call it only after Logback is initialized (SLF4J hands a logger being initialized on another
     * thread a stand-in).
     */
    static void prepareInBackground() {
        if (!PREPARATION_STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread preparation = new Thread(() -> {
            try {
                SqliteStore.prepare();
                JdkProviders.load();
                HttpServer.prepare();
            } catch (RuntimeException | LinkageError e) {
                LOG.debug("Preparing the start ahead failed; the start does it itself", e);
            }
        }, "meridian-prepare");
        preparation.setDaemon(true);
        preparation.start();
    }

    /**
     * Refuses development mode on an address that is not loopback, unless {@code --development-mode-on-network} says
     * so: a server that accepts any signature must not be reachable from the network by mistake. A host that does not
     * resolve is left to the bind, which says so.
     */
    private static void refuseDevelopmentModeOnNetwork(ServerConfiguration configuration) {
        if (!configuration.developmentMode() || configuration.developmentModeOnNetwork()) {
            return;
        }
        String host = configuration.host();
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (!address.isLoopbackAddress()) {
                    throw new NetworkExposureException("Development mode accepts any signature, so it listens only on a"
                            + " loopback address (127.0.0.1, ::1, localhost), not " + host + "; give --identities FILE"
                            + " for strict mode, or --development-mode-on-network to expose development mode anyway");
                }
            }
        } catch (UnknownHostException e) {
            // the bind reports it
        }
    }

    /** Applies the seed file before the due work is scheduled and the port answers. */
    private static void seed(KeyManagementService service, Path file, ServerConfiguration configuration) {
        SeedPlan plan = SeedFile.read(file, configuration.account());
        Seeding.Outcome outcome;
        try {
            outcome = service.seeding().apply(plan);
        } finally {
            plan.destroy();
        }
        LOG.info("Seeded from {}: {} key records created, {} already present, {} aliases created", file,
                outcome.keysCreated(), outcome.keysPresent(), outcome.aliasesCreated());
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

    /**
     * The URL of a Region's own listener ({@code --region-port}), if it has one: the main endpoint's address with the
     * Region's port. It stays the Region's while an outage refuses its connections.
     */
    public Optional<String> endpoint(Region region) {
        return http.address(region).map(InetSocketAddress::getPort).map(port -> endpoint().replaceFirst(":\\d+$", ":" + port));
    }

    /** The outages in force: set and lifted at run time, by tests or the operator's endpoint; none at start. */
    public OutageRegistry outages() {
        return http.outages();
    }

    /** Pausing and resuming replication into a Region (the test kit's and the operator endpoints' switch). */
    public ReplicationControl replication() {
        return service.replication();
    }

    /** Runs timed work that is due now (after a test moved the clock) and waits for it. */
    public void runDueWorkNow() throws InterruptedException {
        service.runDueWorkNow();
    }

    /**
     * Wipes every key, alias, grant, pending replication, last use and audit record, and keeps serving
     * ({@link KeyManagementService#reset()}); what {@code POST /_meridian/reset} does. Development mode only.
     *
     * @throws IllegalStateException outside development mode
     */
    public void reset() {
        service.reset();
    }

    /**
     * Stops accepting requests, lets those under way finish (up to 10 seconds), writes the queued audit
     * records and the last key uses, closes the stores, and releases the data folder. It waits as long as
     * that takes: a caller that must stop in bounded time runs it through {@link BoundedShutdown}.
     */
    @Override
    public void close() {
        try {
            http.close();
            service.close();
            auditLog.close();
            store.close();
        } finally {
            dataDirectory.close();
        }
    }
}
