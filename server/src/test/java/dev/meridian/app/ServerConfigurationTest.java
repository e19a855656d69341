package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.crypto.attestation.AwsNitroEnclavesRoot;
import dev.meridian.model.AccountId;
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
        assertThat(defaults.toBuilder().build().grantLimitPerKey()).isEqualTo(50_000);
        assertThat(defaults.attestationRoot()).isSameAs(AwsNitroEnclavesRoot.certificate());
        assertThat(defaults.toBuilder().build().attestationRoot()).isSameAs(AwsNitroEnclavesRoot.certificate());
    }

    @Test
    void valuesThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> ServerConfiguration.builder().port(70_000).build())
                .hasMessage("The port must be between 0 and 65535: 70000");
        assertThatThrownBy(() -> ServerConfiguration.builder().replicationDelay(Duration.ofSeconds(-1)).build())
                .hasMessage("The replication delay cannot be negative: PT-1S");
        assertThatThrownBy(() -> ServerConfiguration.builder().keyLimitPerRegion(0).build())
                .hasMessage("The key limit must be at least 1: 0");
        assertThatThrownBy(() -> ServerConfiguration.builder().grantLimitPerKey(0).build())
                .hasMessage("The grant limit must be at least 1: 0");
        assertThatThrownBy(() -> ServerConfiguration.builder().auditRetention(Duration.ofDays(-1)).build())
                .hasMessage("The audit retention cannot be negative: PT-24H");
    }
}
