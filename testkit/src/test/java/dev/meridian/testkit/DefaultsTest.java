package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/** {@code @ExtendWith(MeridianExtension.class)}: the defaults, and injection without a field. */
@ExtendWith(MeridianExtension.class)
class DefaultsTest {
    @Test
    void theDefaultsAreTheDefaultRegionAccountNoReplicationDelayAndAMovableClock(KmsClient kms,
            @MeridianRegion("eu-central-1") KmsClient frankfurt, EmbeddedMeridian server, MovableClock clock) {
        assertThat(server.configuration().replicationDelay()).isEqualTo(Duration.ZERO);
        assertThat(server.configuration().developmentMode()).isTrue();
        assertThat(server.configuration().clock()).isSameAs(clock);
        String keyId = kms.createKey(key -> key.multiRegion(true)).keyMetadata().keyId();
        assertThat(kms.describeKey(key -> key.keyId(keyId)).keyMetadata().arn())
                .isEqualTo("arn:aws:kms:us-east-1:111122223333:key/" + keyId);
        kms.replicateKey(replica -> replica.keyId(keyId).replicaRegion("eu-central-1"));
        server.runDueWork(); // due at once, done by the server's scheduler: this waits for it
        assertThat(frankfurt.describeKey(key -> key.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void resetWorksThroughTheInjectedServer(KmsClient kms, EmbeddedMeridian server) {
        kms.createKey();
        server.reset();
        assertThat(kms.listKeys().keys()).isEmpty();
    }
}
