package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.attestation.AwsNitroEnclavesRoot;
import dev.meridian.model.AccountId;
import java.security.cert.X509Certificate;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServerConfigurationTest {

    @Test
    void theDefaultsAreThoseTheReadmeStates() {
        ServerConfiguration defaults = ServerConfiguration.builder().build();
        assertThat(defaults.host()).isEqualTo("127.0.0.1");
        assertThat(defaults.port()).isEqualTo(8020);
        assertThat(defaults.dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(defaults.account()).isEqualTo(AccountId.of("111122223333"));
        assertThat(defaults.replicationDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(defaults.keyLimitPerRegion()).isEqualTo(100_000);
        assertThat(defaults.grantLimitPerKey()).isEqualTo(50_000);
        assertThat(defaults.auditRetention()).isEqualTo(Duration.ofDays(90));
        assertThat(defaults.connectionTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(defaults.databaseLockTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.toBuilder().databaseLockTimeout(Duration.ofMillis(59_999)).build().toBuilder().build()
                .databaseLockTimeout()).isEqualTo(Duration.ofMillis(59_999));
        assertThatThrownBy(() -> defaults.toBuilder().databaseLockTimeout(Duration.ofMillis(60_000)))
                .hasMessage("The database lock timeout must be at least 1ms and less than 1m (the database connection's"
                        + " network timeout), not 1m");
        assertThat(defaults.seedFile()).isEmpty();
        assertThat(defaults.toBuilder().seedFile(Path.of("seed.yaml")).build().toBuilder().build().seedFile())
                .contains(Path.of("seed.yaml"));
        assertThat(defaults.regionPorts()).isEmpty();
        assertThat(defaults.developmentMode()).isTrue();
        assertThat(defaults.identities()).isEmpty();
        assertThat(defaults.developmentModeOnNetwork()).isFalse();
        ServerConfiguration identified = defaults.toBuilder().identities(Path.of("identities.json")).build();
        assertThat(identified.developmentMode()).isFalse();
        assertThat(identified.identities()).contains(Path.of("identities.json"));
        assertThat(identified.toBuilder().build()).isEqualTo(identified);
        assertThatThrownBy(() -> identified.toBuilder().developmentMode(true).build())
                .hasMessage("An identity file turns on strict mode; development mode has none");
        assertThat(defaults.accountsFromAccessKeys()).isTrue();
        assertThat(defaults.logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(defaults.logLevel()).isEqualTo(org.slf4j.event.Level.INFO);
        ServerConfiguration strict = defaults.toBuilder().developmentMode(false).accountsFromAccessKeys(false).build();
        assertThat(strict.toBuilder().build()).isEqualTo(strict).isNotEqualTo(defaults);
        assertThat(strict.developmentMode()).isFalse();
        assertThat(strict.accountsFromAccessKeys()).isFalse();
        assertThat(defaults.toBuilder().build()).isEqualTo(defaults);
        assertThat(defaults.coreSettings()).isEqualTo(dev.meridian.core.ServiceSettings.builder()
                .replicationDelay(Duration.ofSeconds(2)).keyLimitPerRegion(100_000).grantLimitPerKey(50_000).build());
        assertThat(defaults.auditMaxSize()).isEqualTo(10L << 30);
        assertThat(defaults.toBuilder().auditMaxSize(0).build().toBuilder().build().auditMaxSize()).isZero();
        assertThat(defaults.toBuilder().build().grantLimitPerKey()).isEqualTo(50_000);
        assertThat(defaults.attestationRoot()).isEmpty(); // AWS's Nitro Enclaves root, read when first needed
        assertThat(defaults.toBuilder().build().attestationRoot()).isEmpty();
        X509Certificate own = AwsNitroEnclavesRoot.certificate();
        assertThat(defaults.toBuilder().attestationRoot(own).build().toBuilder().build().attestationRoot()).containsSame(own);
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> ServerConfiguration.builder().port(70_000).build())
                .hasMessage("The port must be between 0 and 65535, not 70000");
        assertThatThrownBy(() -> ServerConfiguration.builder().replicationDelay(Duration.ofSeconds(-1)).build())
                .hasMessage("The replication delay must be zero or more, not PT-1S");
        assertThatThrownBy(() -> ServerConfiguration.builder().keyLimitPerRegion(0).build())
                .hasMessage("The key limit must be at least 1, not 0");
        assertThatThrownBy(() -> ServerConfiguration.builder().grantLimitPerKey(0).build())
                .hasMessage("The grant limit must be at least 1, not 0");
        assertThatThrownBy(() -> ServerConfiguration.builder().auditRetention(Duration.ofDays(-1)).build())
                .hasMessage("The audit retention must be zero or more, not PT-24H");
        assertThatThrownBy(() -> ServerConfiguration.builder().auditMaxSize(10).build())
                .hasMessage("The audit size bound must be 0 (no bound) or at least 1m (1 MiB), not 10 bytes");
        assertThatThrownBy(() -> ServerConfiguration.builder().auditMaxSize(-1).build())
                .hasMessage("The audit size bound must be 0 (no bound) or at least 1m (1 MiB), not -1 bytes");
        assertThat(ServerConfiguration.builder().auditMaxSize(1L << 20).build().auditMaxSize()).isEqualTo(1L << 20);
    }
}
