package dev.meridian.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.policy.IdentityPolicies;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The core's settings: named one by one, the limits required, the rest development mode's unless said. */
class ServiceSettingsTest {

    @Test
    void whatIsNotGivenIsDevelopmentModes() {
        ServiceSettings settings = ServiceSettings.builder().replicationDelay(Duration.ofSeconds(3)).keyLimitPerRegion(7)
                .grantLimitPerKey(9).build();

        assertThat(settings.replicationDelay()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.keyLimitPerRegion()).isEqualTo(7);
        assertThat(settings.grantLimitPerKey()).isEqualTo(9);
        assertThat(settings.attestationRoot()).isEmpty();
        assertThat(settings.developmentMode()).isTrue();
        assertThat(settings.authorization()).isEqualTo(AccessControl.Mode.DEVELOPMENT);
        assertThat(settings.identityPolicies()).isSameAs(IdentityPolicies.NONE);
    }

    @Test
    void strictModesSettingsAreKept() {
        IdentityPolicies policies = principal -> java.util.List.of();
        ServiceSettings settings = ServiceSettings.builder().replicationDelay(Duration.ZERO).keyLimitPerRegion(1)
                .grantLimitPerKey(1).developmentMode(false).authorization(AccessControl.Mode.STRICT)
                .identityPolicies(policies).build();

        assertThat(settings.developmentMode()).isFalse();
        assertThat(settings.authorization()).isEqualTo(AccessControl.Mode.STRICT);
        assertThat(settings.identityPolicies()).isSameAs(policies);
    }

    @Test
    void everyLimitMustBeGiven() {
        assertThatThrownBy(() -> ServiceSettings.builder().keyLimitPerRegion(1).grantLimitPerKey(1).build())
                .isInstanceOf(NullPointerException.class).hasMessage("replicationDelay");
        assertThatThrownBy(() -> ServiceSettings.builder().replicationDelay(Duration.ZERO).grantLimitPerKey(1).build())
                .isInstanceOf(NullPointerException.class).hasMessage("keyLimitPerRegion");
        assertThatThrownBy(() -> ServiceSettings.builder().replicationDelay(Duration.ZERO).keyLimitPerRegion(1).build())
                .isInstanceOf(NullPointerException.class).hasMessage("grantLimitPerKey");
        assertThatThrownBy(() -> ServiceSettings.builder().replicationDelay(Duration.ZERO).keyLimitPerRegion(1)
                .grantLimitPerKey(1).authorization(null).build())
                .isInstanceOf(NullPointerException.class).hasMessage("authorization");
    }
}
