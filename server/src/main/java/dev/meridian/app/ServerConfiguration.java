package dev.meridian.app;

import dev.meridian.core.Grants;
import dev.meridian.core.AccessControl;
import dev.meridian.core.ServiceSettings;
import dev.meridian.policy.IdentityPolicies;
import dev.meridian.crypto.attestation.AwsNitroEnclavesRoot;
import dev.meridian.model.AccountId;
import dev.meridian.model.Region;
import dev.meridian.postgres.PostgresConnection;
import dev.meridian.postgres.PostgresSettings;
import dev.meridian.store.postgres.PostgresStore;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * Everything a Meridian server is started with. Immutable; {@link #builder()} starts from the documented
 * defaults, and each setter of the {@link Builder} refuses a value that cannot work with an
 * {@link IllegalArgumentException} whose message says what is wrong and what is expected.
 *
 * <p>This class is the one place of every setting's default and range. The command line
 * ({@link ServeCommand}) shows these defaults and reports these messages; the core's
 * {@link ServiceSettings} are made from a configuration ({@link #coreSettings()}).
 */
public final class ServerConfiguration {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8020;
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
    public static final AccountId DEFAULT_ACCOUNT = AccountId.of("111122223333");
    public static final Duration DEFAULT_REPLICATION_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_KEY_LIMIT = 100_000;
    /** Grants per key, AWS's quota. */
    public static final int DEFAULT_GRANT_LIMIT = Grants.MAXIMUM_GRANTS_PER_KEY;
    /** How long audit records are kept, as CloudTrail's event history keeps them; zero keeps them all. */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(90);
    /**
     * How long a connection with no request under way may stay silent, and how long a request may take to
     * arrive whole: 60 seconds, the idle timeout of AWS's load balancers.
     */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The most audit records may take in {@code audit.db}, in bytes; past it the oldest go. 10 GiB holds about
     * 100 million records (about 112 bytes each with its share of the index and free space): 90 days of a
     * dozen requests a second, or 32 minutes at 50,000. Zero: no bound.
     */
    public static final long DEFAULT_AUDIT_MAX_SIZE = 10L << 30;
    /** The smallest bound taken: below it, a few batches would fill it (a typo such as 10 for 10g, say). */
    public static final long MINIMUM_AUDIT_MAX_SIZE = 1L << 20;
    /** Log lines as text, one per line, as they always were. */
    public static final LogFormat DEFAULT_LOG_FORMAT = LogFormat.TEXT;
    /** INFO: the request log's line per request and the server's own notices; WARN silences the request lines. */
    public static final Level DEFAULT_LOG_LEVEL = Level.INFO;
    /** No seed file: the server starts with the keys its store holds. */
    public static final Optional<Path> DEFAULT_SEED_FILE = Optional.empty();
    /** No identity file: development mode. */
    public static final Optional<Path> DEFAULT_IDENTITIES = Optional.empty();
    /** No PostgreSQL database: the keys and the audit trail in SQLite, in the data folder. */
    public static final Optional<PostgresSettings> DEFAULT_DATABASE = Optional.empty();
    /** No password file: the database's password comes from the environment or the URL. */
    public static final Optional<Path> DEFAULT_DATABASE_PASSWORD_FILE = Optional.empty();
    /**
     * How long a write waits for the PostgreSQL write lock (another node's write holds it) before it is answered
     * {@code DependencyTimeoutException}: 10 seconds, well within the socket read timeout of the AWS SDK for Java 2.x
     * (30 s), so that a client gets a retryable answer rather than a timeout of its own.
     */
    public static final Duration DEFAULT_DATABASE_LOCK_TIMEOUT = PostgresStore.DEFAULT_WRITE_LOCK_TIMEOUT;
    /** The longest database lock timeout: less than this, the database connection's network timeout (60 s). */
    public static final Duration DATABASE_NETWORK_TIMEOUT = Duration.ofMillis(PostgresConnection.NETWORK_TIMEOUT_MILLIS);
    /** No root key file named: the data folder's {@value MeridianServer#ROOT_KEY_FILE}. */
    public static final Optional<Path> DEFAULT_ROOT_KEY = Optional.empty();

    private final String host;
    private final int port;
    private final Path dataDirectory;
    private final AccountId account;
    private final boolean accountsFromAccessKeys;
    private final Duration replicationDelay;
    private final int keyLimitPerRegion;
    private final int grantLimitPerKey;
    private final Clock clock;
    private final Duration auditRetention;
    private final Duration connectionTimeout;
    private final long auditMaxSize;
    private final Optional<X509Certificate> attestationRoot;
    private final LogFormat logFormat;
    private final Level logLevel;
    private final Optional<Path> seedFile;
    private final Map<Region, Integer> regionPorts;
    private final boolean developmentMode;
    private final Optional<Path> identities;
    private final boolean developmentModeOnNetwork;
    private final Optional<PostgresSettings> database;
    private final Optional<Path> databasePasswordFile;
    private final Duration databaseLockTimeout;
    private final Optional<Path> rootKey;

    private ServerConfiguration(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.dataDirectory = builder.dataDirectory;
        this.account = builder.account;
        this.accountsFromAccessKeys = builder.accountsFromAccessKeys;
        this.replicationDelay = builder.replicationDelay;
        this.keyLimitPerRegion = builder.keyLimitPerRegion;
        this.grantLimitPerKey = builder.grantLimitPerKey;
        this.clock = builder.clock;
        this.auditRetention = builder.auditRetention;
        this.connectionTimeout = builder.connectionTimeout;
        this.auditMaxSize = builder.auditMaxSize;
        this.attestationRoot = builder.attestationRoot;
        this.logFormat = builder.logFormat;
        this.logLevel = builder.logLevel;
        this.seedFile = builder.seedFile;
        this.regionPorts = builder.regionPorts;
        this.developmentMode = builder.developmentMode;
        this.identities = builder.identities;
        this.developmentModeOnNetwork = builder.developmentModeOnNetwork;
        this.database = builder.database;
        this.databasePasswordFile = builder.databasePasswordFile;
        this.databaseLockTimeout = builder.databaseLockTimeout;
        this.rootKey = builder.rootKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public AccountId account() {
        return account;
    }

    /**
     * Whether an access key ID of exactly 12 digits names the caller's account (development mode, as LocalStack
     * does); any other access key ID, or every one when false, is {@link #account()}'s. True by default.
     */
    public boolean accountsFromAccessKeys() {
        return accountsFromAccessKeys;
    }

    public Duration replicationDelay() {
        return replicationDelay;
    }

    public int keyLimitPerRegion() {
        return keyLimitPerRegion;
    }

    /** Grants per key and Region: AWS's quota of 50,000 unless a test asks for fewer. */
    public int grantLimitPerKey() {
        return grantLimitPerKey;
    }

    public Clock clock() {
        return clock;
    }

    /** How long audit records are kept; zero keeps them all. */
    public Duration auditRetention() {
        return auditRetention;
    }

    /** How long an idle connection stays open, and how long a request may take to arrive whole. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** The core's part of this configuration. */
    public ServiceSettings coreSettings() {
        return coreSettings(IdentityPolicies.NONE);
    }

    /**
     * The core's settings, with the identity policies of the identity file's principals: policies are enforced
     * ({@link AccessControl.Mode#STRICT}) when an identity file is given, as signatures are verified.
     */
    public ServiceSettings coreSettings(IdentityPolicies identityPolicies) {
        return ServiceSettings.builder().replicationDelay(replicationDelay).keyLimitPerRegion(keyLimitPerRegion)
                .grantLimitPerKey(grantLimitPerKey).attestationRoot(attestationRoot).developmentMode(developmentMode)
                .authorization(identities.isPresent() ? AccessControl.Mode.STRICT : AccessControl.Mode.DEVELOPMENT)
                .identityPolicies(identityPolicies).build();
    }

    /** The most audit records may take in {@code audit.db}, in bytes; zero: no bound. */
    public long auditMaxSize() {
        return auditMaxSize;
    }

    /**
     * The root certificate that a {@code Recipient}'s attestation document must chain to, if not AWS's Nitro Enclaves
     * root (empty, the default: read when a {@code Recipient} is first verified).
     */
    public Optional<X509Certificate> attestationRoot() {
        return attestationRoot;
    }

    /** How log lines are written: text, or one JSON object per line. */
    public LogFormat logFormat() {
        return logFormat;
    }

    /** The least level of a log line written; {@code WARN} and above silence the request log. */
    public Level logLevel() {
        return logLevel;
    }

    /** The seed file whose keys are created at start (see {@code dev.meridian.app.seed.SeedFile}); empty for none. */
    public Optional<Path> seedFile() {
        return seedFile;
    }

    /**
     * The Regions with a listener of their own, and its port (0: a free one); none by default. A request on such a
     * port is served as on the main one (its SigV4 scope names its Region); an outage can refuse its connections.
     */
    public Map<Region, Integer> regionPorts() {
        return regionPorts;
    }

    /**
     * Development mode, the default: any well-formed signature is accepted (the caller is the root of its account),
     * the operator endpoints are open and a reset ({@code POST /_meridian/reset}) may wipe every key and record. False
     * when an identity file is given ({@link #identities()}: strict mode). The one flag of the mode.
     */
    public boolean developmentMode() {
        return developmentMode;
    }

    /**
     * The identity file ({@code --identities}) whose accounts, users, roles and access keys strict mode knows; empty
     * in development mode.
     */
    public Optional<Path> identities() {
        return identities;
    }

    /**
     * Whether development mode may listen on an address other than loopback ({@code --development-mode-on-network}):
     * false by default, so that a server that accepts any signature is never reachable from the network by mistake.
     */
    public boolean developmentModeOnNetwork() {
        return developmentModeOnNetwork;
    }

    /**
     * The PostgreSQL database of the keys, the replication outbox and the audit trail ({@code --database}), as given:
     * its password, if separate, is {@link #databasePasswordFile()}'s or the environment's (see
     * {@link DatabasePassword}). Empty: SQLite in the data folder.
     */
    public Optional<PostgresSettings> database() {
        return database;
    }

    /** The file whose first line is the database's password ({@code --database-password-file}); empty for none. */
    public Optional<Path> databasePasswordFile() {
        return databasePasswordFile;
    }

    /**
     * How long a write waits for the PostgreSQL database's write lock, or any other lock, before it gives up with
     * {@code DependencyTimeoutException} and nothing written ({@code --database-lock-timeout}); unused on SQLite.
     */
    public Duration databaseLockTimeout() {
        return databaseLockTimeout;
    }

    /** The root key file as given ({@code --root-key}); empty for the data folder's. */
    public Optional<Path> rootKey() {
        return rootKey;
    }

    /** The root key file the server reads (and creates when missing): {@link #rootKey()}, or the data folder's. */
    public Path rootKeyFile() {
        return rootKey.orElseGet(() -> dataDirectory.resolve(MeridianServer.ROOT_KEY_FILE));
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).dataDirectory(dataDirectory).account(account)
                .accountsFromAccessKeys(accountsFromAccessKeys)
                .replicationDelay(replicationDelay).keyLimitPerRegion(keyLimitPerRegion).grantLimitPerKey(grantLimitPerKey).clock(clock)
                .auditRetention(auditRetention).auditMaxSize(auditMaxSize).attestationRoot(attestationRoot)
                .connectionTimeout(connectionTimeout).logFormat(logFormat).logLevel(logLevel).regionPorts(regionPorts)
                .seedFile(seedFile).developmentMode(developmentMode).identities(identities)
                .developmentModeOnNetwork(developmentModeOnNetwork).database(database)
                .databasePasswordFile(databasePasswordFile).databaseLockTimeout(databaseLockTimeout).rootKey(rootKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerConfiguration that && host.equals(that.host) && port == that.port
                && dataDirectory.equals(that.dataDirectory) && account.equals(that.account)
                && accountsFromAccessKeys == that.accountsFromAccessKeys
                && replicationDelay.equals(that.replicationDelay) && keyLimitPerRegion == that.keyLimitPerRegion
                && grantLimitPerKey == that.grantLimitPerKey && clock.equals(that.clock) && auditRetention.equals(that.auditRetention)
                && connectionTimeout.equals(that.connectionTimeout)
                && auditMaxSize == that.auditMaxSize && attestationRoot.equals(that.attestationRoot)
                && logFormat == that.logFormat && logLevel == that.logLevel && regionPorts.equals(that.regionPorts)
                && seedFile.equals(that.seedFile)
                && developmentMode == that.developmentMode && identities.equals(that.identities)
                && developmentModeOnNetwork == that.developmentModeOnNetwork && database.equals(that.database)
                && databasePasswordFile.equals(that.databasePasswordFile)
                && databaseLockTimeout.equals(that.databaseLockTimeout) && rootKey.equals(that.rootKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, dataDirectory, account, accountsFromAccessKeys, replicationDelay, keyLimitPerRegion,
                grantLimitPerKey, clock, auditRetention, auditMaxSize, attestationRoot, connectionTimeout, logFormat, logLevel,
                regionPorts, seedFile, developmentMode, identities, developmentModeOnNetwork, database, databasePasswordFile,
                databaseLockTimeout, rootKey);
    }

    @Override
    public String toString() {
        return "ServerConfiguration[host=" + host + ", port=" + port + ", dataDirectory=" + dataDirectory + ", account=" + account
                + ", accountsFromAccessKeys=" + accountsFromAccessKeys
                + ", replicationDelay=" + replicationDelay + ", keyLimitPerRegion=" + keyLimitPerRegion + ", grantLimitPerKey="
                + grantLimitPerKey + ", clock=" + clock + ", auditRetention=" + auditRetention + ", connectionTimeout=" + connectionTimeout
                + ", auditMaxSize=" + auditMaxSize + ", attestationRoot=" + attestationRoot.map(root -> root.getSubjectX500Principal()
                        .toString()).orElse("AWS Nitro Enclaves Root-G1")
                + ", logFormat=" + logFormat + ", logLevel=" + logLevel + ", regionPorts=" + regionPorts + ", seedFile=" + seedFile
                + ", developmentMode=" + developmentMode + ", identities=" + identities
                + ", developmentModeOnNetwork=" + developmentModeOnNetwork + ", database=" + database
                + ", databasePasswordFile=" + databasePasswordFile + ", databaseLockTimeout=" + databaseLockTimeout
                + ", rootKey=" + rootKey
                + "]";
    }

    /** Collects settings, starting from the defaults; each setter checks its value. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
        private AccountId account = DEFAULT_ACCOUNT;
        private boolean accountsFromAccessKeys = true;
        private Duration replicationDelay = DEFAULT_REPLICATION_DELAY;
        private int keyLimitPerRegion = DEFAULT_KEY_LIMIT;
        private int grantLimitPerKey = DEFAULT_GRANT_LIMIT;
        private Clock clock = Clock.systemUTC();
        private Duration auditRetention = DEFAULT_AUDIT_RETENTION;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;
        private long auditMaxSize = DEFAULT_AUDIT_MAX_SIZE;
        private Optional<X509Certificate> attestationRoot = Optional.empty();
        private LogFormat logFormat = DEFAULT_LOG_FORMAT;
        private Level logLevel = DEFAULT_LOG_LEVEL;
        private Optional<Path> seedFile = DEFAULT_SEED_FILE;
        private Map<Region, Integer> regionPorts = Map.of();
        private boolean developmentMode = true;
        private Optional<Path> identities = DEFAULT_IDENTITIES;
        private boolean developmentModeOnNetwork;
        private Optional<PostgresSettings> database = DEFAULT_DATABASE;
        private Optional<Path> databasePasswordFile = DEFAULT_DATABASE_PASSWORD_FILE;
        private Duration databaseLockTimeout = DEFAULT_DATABASE_LOCK_TIMEOUT;
        private Optional<Path> rootKey = DEFAULT_ROOT_KEY;

        private Builder() {
        }

        /** The address to listen on: a host name or IP address. */
        public Builder host(String value) {
            Objects.requireNonNull(value, "host");
            if (value.isBlank()) {
                throw new IllegalArgumentException("The host must be a host name or IP address, not empty");
            }
            this.host = value;
            return this;
        }

        /** The port to listen on, 0 to 65535; 0 picks a free port. */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("The port must be between 0 and 65535, not " + value);
            }
            this.port = value;
            return this;
        }

        /** The folder of the databases and the root key; created if missing. */
        public Builder dataDirectory(Path value) {
            this.dataDirectory = Objects.requireNonNull(value, "dataDirectory");
            return this;
        }

        public Builder account(AccountId value) {
            this.account = Objects.requireNonNull(value, "account");
            return this;
        }

        /** How long a new replica stays Creating and a primary change Updating; zero or more. */
        /** Whether a 12-digit access key ID names the caller's account (see {@link ServerConfiguration#accountsFromAccessKeys}). */
        public Builder accountsFromAccessKeys(boolean value) {
            this.accountsFromAccessKeys = value;
            return this;
        }

        public Builder replicationDelay(Duration value) {
            this.replicationDelay = notNegative(value, "replication delay");
            return this;
        }

        /** Keys per account and Region, at least 1. */
        public Builder keyLimitPerRegion(int value) {
            this.keyLimitPerRegion = atLeastOne(value, "key limit");
            return this;
        }

        /** Grants per key, at least 1. */
        public Builder grantLimitPerKey(int value) {
            this.grantLimitPerKey = atLeastOne(value, "grant limit");
            return this;
        }

        /** The clock of every timed transition; tests move a fake one. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** How long audit records are kept; zero or more, zero keeps them all. */
        public Builder auditRetention(Duration value) {
            this.auditRetention = notNegative(value, "audit retention");
            return this;
        }

        /**
         * How long a connection with no request under way may stay silent before it is closed, and how long
         * a request may take to arrive whole; at least 1 second.
         */
        public Builder connectionTimeout(Duration value) {
            Objects.requireNonNull(value, "connectionTimeout");
            if (value.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("The connection timeout must be at least 1s, not " + DurationConverter.format(value));
            }
            this.connectionTimeout = value;
            return this;
        }

        /** The most audit records may take in {@code audit.db}, in bytes: zero (no bound), or at least 1 MiB. */
        public Builder auditMaxSize(long value) {
            if (value != 0 && value < MINIMUM_AUDIT_MAX_SIZE) {
                throw new IllegalArgumentException("The audit size bound must be 0 (no bound) or at least 1m (1 MiB), not "
                        + value + " bytes");
            }
            this.auditMaxSize = value;
            return this;
        }

        /**
         * The root certificate that a {@code Recipient}'s attestation document must chain to: AWS's Nitro
         * Enclaves root (Root-G1, {@link AwsNitroEnclavesRoot}) by default. Tests give a root of their own, since only
         * AWS's Nitro hypervisor holds keys that AWS's root certifies. Not a command-line option.
         */
        public Builder attestationRoot(X509Certificate value) {
            this.attestationRoot = Optional.of(Objects.requireNonNull(value, "attestationRoot"));
            return this;
        }

        /** The attestation root, or none for AWS's Nitro Enclaves root. */
        public Builder attestationRoot(Optional<X509Certificate> value) {
            this.attestationRoot = Objects.requireNonNull(value, "attestationRoot");
            return this;
        }

        /** How log lines are written: {@link LogFormat#TEXT} or {@link LogFormat#JSON}. */
        public Builder logFormat(LogFormat value) {
            this.logFormat = Objects.requireNonNull(value, "logFormat");
            return this;
        }

        /** The least level of a log line written: ERROR, WARN, INFO, DEBUG or TRACE. */
        public Builder logLevel(Level value) {
            this.logLevel = Objects.requireNonNull(value, "logLevel");
            return this;
        }

        /**
         * A seed file (YAML or JSON, Meridian's format or local-kms's) whose keys and aliases are created at start,
         * before the port answers; a seed that is malformed or contradicts the store stops the start.
         */
        public Builder seedFile(Path value) {
            this.seedFile = Optional.of(Objects.requireNonNull(value, "seedFile"));
            return this;
        }

        /** The seed file, or none. */
        public Builder seedFile(Optional<Path> value) {
            this.seedFile = Objects.requireNonNull(value, "seedFile");
            return this;
        }

        /**
         * The Regions that get a listener of their own, each on its port: 0 to 65535 (0 picks a free one), no two
         * Regions on the same port other than 0.
         */
        public Builder regionPorts(Map<Region, Integer> value) {
            Objects.requireNonNull(value, "regionPorts");
            Set<Integer> taken = new HashSet<>();
            for (Map.Entry<Region, Integer> entry : new TreeMap<>(value).entrySet()) {
                int regionPort = entry.getValue();
                if (regionPort < 0 || regionPort > 65535) {
                    throw new IllegalArgumentException("The port of " + entry.getKey() + " must be between 0 and 65535, not "
                            + regionPort);
                }
                if (regionPort != 0 && !taken.add(regionPort)) {
                    throw new IllegalArgumentException("The port " + regionPort + " is given to two Regions; each Region"
                            + " needs its own");
                }
            }
            this.regionPorts = Map.copyOf(value);
            return this;
        }

        /**
         * Development mode (true, the default): see {@link ServerConfiguration#developmentMode()}. Set to false without an
         * identity file (tests only), the reset is refused but signatures are read as in development mode.
         */
        public Builder developmentMode(boolean value) {
            this.developmentMode = value;
            return this;
        }

        /** The identity file, which turns on strict mode (development mode off); empty for development mode. */
        public Builder identities(Optional<Path> value) {
            this.identities = Objects.requireNonNull(value, "identities");
            if (value.isPresent()) {
                this.developmentMode = false;
            }
            return this;
        }

        /** The identity file: strict mode. */
        public Builder identities(Path value) {
            return identities(Optional.of(Objects.requireNonNull(value, "identities")));
        }

        /** Whether development mode may listen on a non-loopback address (see {@link ServerConfiguration#developmentModeOnNetwork()}). */
        public Builder developmentModeOnNetwork(boolean value) {
            this.developmentModeOnNetwork = value;
            return this;
        }

        /**
         * The PostgreSQL database of the keys, the outbox and the audit trail: every node of one service names the same
         * one (and the same root key). Empty, the default: SQLite in the data folder.
         */
        public Builder database(Optional<PostgresSettings> value) {
            this.database = Objects.requireNonNull(value, "database");
            return this;
        }

        /** The PostgreSQL database of the keys, the outbox and the audit trail. */
        public Builder database(PostgresSettings value) {
            return database(Optional.of(Objects.requireNonNull(value, "database")));
        }

        /** The file whose first line (trimmed) is the database's password; it wins over the environment and the URL. */
        public Builder databasePasswordFile(Optional<Path> value) {
            this.databasePasswordFile = Objects.requireNonNull(value, "databasePasswordFile");
            return this;
        }

        /** The file whose first line (trimmed) is the database's password. */
        public Builder databasePasswordFile(Path value) {
            return databasePasswordFile(Optional.of(Objects.requireNonNull(value, "databasePasswordFile")));
        }

        /**
         * How long a write waits for the database's write lock (or any other lock) before it gives up: at least 1 ms
         * and less than the database connection's network timeout ({@link #DATABASE_NETWORK_TIMEOUT}), so that the
         * wait ends as a timeout rather than as a connection taken for broken.
         */
        public Builder databaseLockTimeout(Duration value) {
            Objects.requireNonNull(value, "databaseLockTimeout");
            if (value.toMillis() < 1 || value.compareTo(DATABASE_NETWORK_TIMEOUT) >= 0) {
                throw new IllegalArgumentException("The database lock timeout must be at least 1ms and less than "
                        + DurationConverter.format(DATABASE_NETWORK_TIMEOUT) + " (the database connection's network"
                        + " timeout), not " + DurationConverter.format(value));
            }
            this.databaseLockTimeout = value;
            return this;
        }

        /** The root key file, read at start and created when missing; empty for the data folder's. */
        public Builder rootKey(Optional<Path> value) {
            this.rootKey = Objects.requireNonNull(value, "rootKey");
            return this;
        }

        /** The root key file, read at start and created when missing. */
        public Builder rootKey(Path value) {
            return rootKey(Optional.of(Objects.requireNonNull(value, "rootKey")));
        }

        public ServerConfiguration build() {
            if (developmentMode && identities.isPresent()) {
                throw new IllegalArgumentException("An identity file turns on strict mode; development mode has none");
            }
            if (port != 0 && regionPorts.containsValue(port)) {
                throw new IllegalArgumentException("The port " + port + " is the server's own; a Region's port must be"
                        + " another");
            }
            return new ServerConfiguration(this);
        }

        private static Duration notNegative(Duration value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isNegative()) {
                throw new IllegalArgumentException("The " + name + " must be zero or more, not " + value);
            }
            return value;
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException("The " + name + " must be at least 1, not " + value);
            }
            return value;
        }
    }
}
