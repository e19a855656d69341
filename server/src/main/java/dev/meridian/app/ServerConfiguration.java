package dev.meridian.app;

import dev.meridian.crypto.attestation.AwsNitroEnclavesRoot;
import dev.meridian.model.AccountId;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a Meridian server is started with. Immutable; {@link #builder()} starts from the documented
 * defaults, and {@link Builder#build()} refuses an invalid combination.
 */
public final class ServerConfiguration {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8020;
    public static final Path DEFAULT_DATA_DIRECTORY = Path.of("data");
    public static final AccountId DEFAULT_ACCOUNT = AccountId.of("111122223333");
    public static final Duration DEFAULT_REPLICATION_DELAY = Duration.ofSeconds(2);
    public static final int DEFAULT_KEY_LIMIT = 100_000;
    /** Grants per key, AWS's quota. */
    public static final int DEFAULT_GRANT_LIMIT = 50_000;
    /** How long audit records are kept, as CloudTrail's event history keeps them; zero keeps them all. */
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(90);

    private final String host;
    private final int port;
    private final Path dataDirectory;
    private final AccountId account;
    private final Duration replicationDelay;
    private final int keyLimitPerRegion;
    private final int grantLimitPerKey;
    private final Clock clock;
    private final Duration auditRetention;
    private final X509Certificate attestationRoot;

    private ServerConfiguration(Builder builder) {
        this.host = Objects.requireNonNull(builder.host, "host");
        this.port = builder.port;
        this.dataDirectory = Objects.requireNonNull(builder.dataDirectory, "dataDirectory");
        this.account = Objects.requireNonNull(builder.account, "account");
        this.replicationDelay = Objects.requireNonNull(builder.replicationDelay, "replicationDelay");
        this.keyLimitPerRegion = builder.keyLimitPerRegion;
        this.grantLimitPerKey = builder.grantLimitPerKey;
        this.clock = Objects.requireNonNull(builder.clock, "clock");
        this.auditRetention = Objects.requireNonNull(builder.auditRetention, "auditRetention");
        this.attestationRoot = Objects.requireNonNull(builder.attestationRoot, "attestationRoot");
        if (auditRetention.isNegative()) {
            throw new IllegalArgumentException("The audit retention cannot be negative: " + auditRetention);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("The port must be between 0 and 65535: " + port);
        }
        if (replicationDelay.isNegative()) {
            throw new IllegalArgumentException("The replication delay cannot be negative: " + replicationDelay);
        }
        if (keyLimitPerRegion < 1) {
            throw new IllegalArgumentException("The key limit must be at least 1: " + keyLimitPerRegion);
        }
        if (grantLimitPerKey < 1) {
            throw new IllegalArgumentException("The grant limit must be at least 1: " + grantLimitPerKey);
        }
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

    /** The root certificate that a {@code Recipient}'s attestation document must chain to. */
    public X509Certificate attestationRoot() {
        return attestationRoot;
    }

    public Builder toBuilder() {
        return new Builder().host(host).port(port).dataDirectory(dataDirectory).account(account)
                .replicationDelay(replicationDelay).keyLimitPerRegion(keyLimitPerRegion).grantLimitPerKey(grantLimitPerKey).clock(clock)
                .auditRetention(auditRetention).attestationRoot(attestationRoot);
    }

    /** Collects settings, starting from the defaults. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Path dataDirectory = DEFAULT_DATA_DIRECTORY;
        private AccountId account = DEFAULT_ACCOUNT;
        private Duration replicationDelay = DEFAULT_REPLICATION_DELAY;
        private int keyLimitPerRegion = DEFAULT_KEY_LIMIT;
        private int grantLimitPerKey = DEFAULT_GRANT_LIMIT;
        private Clock clock = Clock.systemUTC();
        private Duration auditRetention = DEFAULT_AUDIT_RETENTION;
        private X509Certificate attestationRoot = AwsNitroEnclavesRoot.certificate();

        private Builder() {
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder dataDirectory(Path value) {
            this.dataDirectory = value;
            return this;
        }

        public Builder account(AccountId value) {
            this.account = value;
            return this;
        }

        public Builder replicationDelay(Duration value) {
            this.replicationDelay = value;
            return this;
        }

        public Builder keyLimitPerRegion(int value) {
            this.keyLimitPerRegion = value;
            return this;
        }

        public Builder grantLimitPerKey(int value) {
            this.grantLimitPerKey = value;
            return this;
        }

        /** The clock of every timed transition; tests move a fake one. */
        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder auditRetention(Duration value) {
            this.auditRetention = value;
            return this;
        }

        /**
         * The root certificate that a {@code Recipient}'s attestation document must chain to: AWS's Nitro
         * Enclaves root (Root-G1) by default. Tests give a root of their own, since only AWS's Nitro hypervisor
         * holds keys that AWS's root certifies. Not a command-line option.
         */
        public Builder attestationRoot(X509Certificate value) {
            this.attestationRoot = value;
            return this;
        }

        public ServerConfiguration build() {
            return new ServerConfiguration(this);
        }
    }
}
