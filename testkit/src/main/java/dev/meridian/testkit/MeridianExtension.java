package dev.meridian.testkit;

import dev.meridian.app.MeridianServer;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.postgres.PostgresSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Meridian in a JUnit 5 test: an {@link EmbeddedMeridian} on a free port of 127.0.0.1 with a temporary data
 * folder, and ready AWS SDK clients for it.
 *
 * <pre>{@code
 * @RegisterExtension
 * static MeridianExtension meridian = MeridianExtension.builder().replicationDelay(Duration.ofSeconds(1)).build();
 *
 * @Test
 * void replicates(KmsClient east, @MeridianRegion("us-west-2") KmsClient west, MovableClock clock) { ... }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> Registered on a static field (or with {@code @ExtendWith(MeridianExtension.class)}, which
 * takes the defaults), one server serves the whole test class: it starts before the class's first test (before
 * {@code @BeforeAll} methods) and stops after its last; {@code @Nested} classes share it. Registered on an
 * instance field, each test gets its own server. Stopping closes the clients the extension made, stops the
 * server and deletes its data folder. {@link #reset()} wipes every key, alias, grant and audit record in
 * milliseconds, without a restart; {@link Builder#resetAfterEachTest()} does it after each test.
 *
 * <p><b>Injection</b> into test and lifecycle methods and test class constructors (with a per-class server):
 * <ul>
 *   <li>{@link KmsClient}: for the default Region ({@value #DEFAULT_REGION} unless {@link Builder#region}),
 *       or the Region of a {@link MeridianRegion} annotation; one client per Region, made on first use
 *       ({@link MeridianClients} says how), closed with the server;</li>
 *   <li>{@link MeridianEndpoint} or {@link URI}: where the server listens;</li>
 *   <li>{@link MovableClock}: the server's clock. The server always runs on one (a fresh one that follows real
 *       time unless {@link Builder#clock} gives one), so that a test can move time forward and then call
 *       {@link EmbeddedMeridian#runDueWork()}; only a {@link Builder#configure} that sets a clock of another
 *       type takes it away, and then injecting one fails;</li>
 *   <li>{@link EmbeddedMeridian}: the server itself.</li>
 * </ul>
 * A class that registers two of these extensions injects nothing (JUnit cannot tell which is meant): use
 * the fields' methods.
 *
 * <p>Defaults: no replication delay (a new replica's completion is due at once, and the server's scheduler
 * makes it {@code Enabled} within milliseconds: await it, or call {@link EmbeddedMeridian#runDueWork()}, which
 * waits for it; {@link Builder#replicationDelay} restores AWS's moment of {@code Creating}), the account
 * {@code 111122223333}, development mode. Thread-safe: tests of one class may run concurrently.
 */
public final class MeridianExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        AutoCloseable {
    /** The Region of an injected client without {@link MeridianRegion}, unless {@link Builder#region} says otherwise. */
    public static final String DEFAULT_REGION = "us-east-1";
    private static final Set<Class<?>> INJECTED = Set.of(KmsClient.class, MeridianEndpoint.class, URI.class,
            MovableClock.class, EmbeddedMeridian.class);

    private final Supplier<EmbeddedMeridian> starter;
    private final String defaultRegion;
    private final boolean resetAfterEachTest;
    private final Map<String, KmsClient> clients = new ConcurrentHashMap<>();
    private volatile EmbeddedMeridian server;
    /** The unique ID of the JUnit context (class or test) whose end stops the server; null when stopped. */
    private volatile String owner;

    /** The defaults, for {@code @ExtendWith(MeridianExtension.class)}. */
    public MeridianExtension() {
        this(builder());
    }

    private MeridianExtension(Builder builder) {
        MovableClock clock = builder.clock;
        Duration replicationDelay = builder.replicationDelay;
        AccountId account = builder.account;
        UnaryOperator<ServerConfiguration.Builder> configure = builder.configure;
        MeridianServer.Storage storage = builder.storage;
        Map<Region, Integer> regionPorts = Map.copyOf(builder.regionPorts);
        this.starter = () -> EmbeddedMeridian.start(configure.apply(ServerConfiguration.builder()
                .replicationDelay(replicationDelay).account(account).clock(clock).regionPorts(regionPorts)), storage);
        this.defaultRegion = builder.region;
        this.resetAfterEachTest = builder.resetAfterEachTest;
    }

    private MeridianExtension(EmbeddedMeridian running) {
        this.server = running;
        this.starter = () -> {
            throw new IllegalStateException("This extension was made around a server that has stopped");
        };
        this.defaultRegion = DEFAULT_REGION;
        this.resetAfterEachTest = false;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * An extension around a server the caller started: it serves the first class or test the extension is
     * registered for (or is used directly), and stops with it or with {@link #close()}.
     */
    public static MeridianExtension around(EmbeddedMeridian running) {
        return new MeridianExtension(Objects.requireNonNull(running, "running"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        startFor(context);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            close();
        } else if (resetAfterEachTest && server != null) {
            reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getUniqueId().equals(owner)) {
            close();
        }
    }

    /** Starts the server unless it runs (for an enclosing class, or made around one), and notes who stops it. */
    private synchronized void startFor(ExtensionContext context) {
        if (owner != null) {
            return;
        }
        if (server == null) {
            server = starter.get();
        }
        owner = context.getUniqueId();
    }

    /** The running server. */
    public EmbeddedMeridian server() {
        EmbeddedMeridian running = server;
        if (running == null) {
            throw new IllegalStateException("Meridian is not running: it starts before the tests of the class (a static"
                    + " field or @ExtendWith) or before each test (an instance field)");
        }
        return running;
    }

    /** Where the server listens. */
    public MeridianEndpoint endpoint() {
        return MeridianEndpoint.of(server().endpoint());
    }

    /** The client of the default Region. */
    public KmsClient client() {
        return client(defaultRegion);
    }

    /** The client of {@code region}: made once per server and Region, closed with the server. */
    public KmsClient client(String region) {
        String endpoint = server().endpoint();
        return clients.computeIfAbsent(endpoint + " " + region, ignored -> MeridianClients.kms(endpoint, region));
    }

    /** The server's clock. @throws IllegalStateException when a {@link Builder#configure} set another kind of clock */
    public MovableClock clock() {
        Clock clock = server().configuration().clock();
        if (clock instanceof MovableClock movable) {
            return movable;
        }
        throw new IllegalStateException("The server's clock is not a MovableClock but " + clock);
    }

    /** The account whose keys the clients see. */
    public String account() {
        return server().configuration().account().value();
    }

    /** The outages of the server: make a Region or an operation fail, slow or refuse connections, until lifted. */
    public Outages outages() {
        return server().outages();
    }

    /** Pausing and resuming replication into a Region, to rehearse a replica that lags behind its primary. */
    public Replication replication() {
        return server().replication();
    }

    /**
     * Wipes every key, alias, grant, tag, pending replication, last use and audit record, lifts every outage and
     * ends every replication pause, then applies the seed again if there is one; the server keeps running on the
     * same port, the clients stay usable, the clock keeps its time. Milliseconds.
     */
    public void reset() {
        server().reset();
    }

    /** Closes the clients and stops the server (at the end of its class or test, or for a caller that started it). */
    @Override
    public synchronized void close() {
        EmbeddedMeridian running = server;
        server = null;
        owner = null;
        try {
            clients.values().forEach(KmsClient::close);
            clients.clear();
        } finally {
            if (running != null) {
                running.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTED.contains(parameter.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        startFor(context); // the constructor of a class with a per-class test instance comes before beforeAll
        try {
            if (type == KmsClient.class) {
                return client(parameter.findAnnotation(MeridianRegion.class).map(MeridianRegion::value).orElse(defaultRegion));
            } else if (type == MeridianEndpoint.class) {
                return endpoint();
            } else if (type == URI.class) {
                return endpoint().uri();
            } else if (type == MovableClock.class) {
                return clock();
            }
            return server();
        } catch (IllegalStateException e) {
            throw new ParameterResolutionException("Cannot inject " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** Settings of the server an extension starts; every one has a default. */
    public static final class Builder {
        private Duration replicationDelay = Duration.ZERO;
        private AccountId account = ServerConfiguration.DEFAULT_ACCOUNT;
        private MovableClock clock = new MovableClock();
        private String region = DEFAULT_REGION;
        private UnaryOperator<ServerConfiguration.Builder> configure = UnaryOperator.identity();
        private MeridianServer.Storage storage = MeridianServer.Storage.AS_OPENED;
        private boolean resetAfterEachTest;
        private final Map<Region, Integer> regionPorts = new HashMap<>();

        private Builder() {
        }

        /** How long a new replica stays {@code Creating} and a primary change {@code Updating}; zero by default. */
        public Builder replicationDelay(Duration value) {
            this.replicationDelay = Objects.requireNonNull(value, "replicationDelay");
            return this;
        }

        /** The 12-digit account of the server's callers; {@code 111122223333} by default. */
        public Builder account(String value) {
            this.account = AccountId.of(Objects.requireNonNull(value, "account"));
            return this;
        }

        /** The server's clock, for a test that keeps its own handle on it; a fresh one by default. */
        public Builder clock(MovableClock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The Region of an injected client without {@link MeridianRegion}; {@value MeridianExtension#DEFAULT_REGION} by default. */
        public Builder region(String value) {
            this.region = Objects.requireNonNull(value, "region");
            return this;
        }

        /**
         * Any other server setting, applied after the ones above (so it may also change them); port and data
         * folder are the test kit's. Called more than once, the changes apply in order.
         */
        public Builder configure(UnaryOperator<ServerConfiguration.Builder> change) {
            UnaryOperator<ServerConfiguration.Builder> before = configure;
            Objects.requireNonNull(change, "change");
            this.configure = settings -> change.apply(before.apply(settings));
            return this;
        }

        /**
         * A seed file (Meridian's YAML or JSON format, or local-kms's) whose keys, replicas and aliases exist from the
         * first request; {@link MeridianExtension#reset()} returns the server to it.
         */
        public Builder seed(Path file) {
            Objects.requireNonNull(file, "file");
            return configure(settings -> settings.seedFile(file));
        }

        /**
         * An identity file ({@code --identities}): the server runs in strict mode, verifying every request's SigV4
         * signature against the file's access keys. The injected clients sign with the test kit's credentials, which
         * the file must hold to be of use; tests usually make clients with credentials of the file.
         */
        public Builder identities(Path file) {
            Objects.requireNonNull(file, "file");
            return configure(settings -> settings.identities(file));
        }

        /**
         * Gives {@code region} a listener of its own (on a free port), so that an outage can refuse its connections
         * ({@link Outages}); its URL is {@link EmbeddedMeridian#endpoint(String)}.
         */
        public Builder regionListener(String region) {
            regionPorts.put(Region.of(Objects.requireNonNull(region, "region")), 0);
            return this;
        }

        /**
         * A PostgreSQL database for the server's keys, outbox and audit trail ({@code --database}) instead of SQLite in
         * its temporary data folder. Servers of several extensions on one database, with one {@link #rootKey}, are
         * nodes of one service.
         */
        public Builder database(PostgresSettings database) {
            Objects.requireNonNull(database, "database");
            return configure(settings -> settings.database(database));
        }

        /** The same, by its JDBC URL ({@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}). */
        public Builder database(String jdbcUrl) {
            return database(PostgresSettings.of(Objects.requireNonNull(jdbcUrl, "jdbcUrl")));
        }

        /**
         * The root key file ({@code --root-key}), created when missing, instead of one in the temporary data folder:
         * the nodes of one service on one database share it.
         */
        public Builder rootKey(Path file) {
            Objects.requireNonNull(file, "file");
            return configure(settings -> settings.rootKey(file));
        }

        /** Decorators of the stores as they open (fault injection in the project's own tests). */
        public Builder storage(MeridianServer.Storage value) {
            this.storage = Objects.requireNonNull(value, "storage");
            return this;
        }

        /** Resets the server after each test, so that every test of the class starts from an empty server. */
        public Builder resetAfterEachTest() {
            this.resetAfterEachTest = true;
            return this;
        }

        public MeridianExtension build() {
            return new MeridianExtension(this);
        }
    }
}
