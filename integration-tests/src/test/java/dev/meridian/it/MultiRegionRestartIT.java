package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.MultiRegionSupport.arn;
import static dev.meridian.it.MultiRegionSupport.createPrimary;
import static dev.meridian.it.MultiRegionSupport.describe;
import static dev.meridian.it.MultiRegionSupport.regional;
import static dev.meridian.it.MultiRegionSupport.regionals;
import static dev.meridian.it.MultiRegionSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;

/** Multi-Region keys, their ciphertexts and their unfinished replication across restarts. One server per test. */
class MultiRegionRestartIT {
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "eu-west-1";
    private static final Duration DELAY = Duration.ofHours(1);

    @Test
    void keysAndCiphertextsOfEveryRegionSurviveARestart() {
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start())) {
            String keyId = createPrimary(kms.client(PRIMARY));
            kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA)
                    .description("replica"));
            kms.server().runDueWork();
            Map<String, String> context = Map.of("restart", "yes");
            SdkBytes fromPrimary = kms.client(PRIMARY).encrypt(request -> request.keyId(keyId)
                    .plaintext(bytes("primary")).encryptionContext(context)).ciphertextBlob();
            SdkBytes fromReplica = kms.client(REPLICA).encrypt(request -> request.keyId(keyId)
                    .plaintext(bytes("replica")).encryptionContext(context)).ciphertextBlob();

            kms.server().restart();
            kms.resetClients();

            for (String region : List.of(PRIMARY, REPLICA)) {
                assertThat(kms.client(region).decrypt(request -> request.ciphertextBlob(fromPrimary)
                        .encryptionContext(context)).plaintext().asUtf8String()).isEqualTo("primary");
                assertThat(kms.client(region).decrypt(request -> request.ciphertextBlob(fromReplica)
                        .encryptionContext(context)).plaintext().asUtf8String()).isEqualTo("replica");
            }
            KeyMetadata replica = describe(kms, REPLICA, keyId);
            assertThat(replica.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(replica.description()).isEqualTo("replica");
            assertThat(replica.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
            assertThat(replica.multiRegionConfiguration().primaryKey()).isEqualTo(regional(PRIMARY, keyId));
            assertThat(describe(kms, PRIMARY, keyId).multiRegionConfiguration().replicaKeys())
                    .isEqualTo(regionals(keyId, REPLICA));
        }
    }

    @Test
    void aReplicaStillCreatingWhenTheServerStopsIsCompletedWhenDue() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(DELAY).clock(clock)))) {
            String keyId = createPrimary(kms.client(PRIMARY));
            SdkBytes ciphertext = kms.client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("x")))
                    .ciphertextBlob();
            kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));

            kms.server().restart();
            kms.resetClients();
            assertThat(state(kms, REPLICA, keyId)).isEqualTo(KeyState.CREATING);
            assertKmsError(() -> kms.client(REPLICA).decrypt(request -> request.ciphertextBlob(ciphertext)),
                    KmsInvalidStateException.class, arn(REPLICA, keyId) + " is creating.");

            clock.advance(DELAY.plusSeconds(1));
            kms.server().restart();
            kms.resetClients();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> state(kms, REPLICA, keyId) == KeyState.ENABLED);
            assertThat(kms.client(REPLICA).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext()
                    .asUtf8String()).isEqualTo("x");
        }
    }

    @Test
    void aPrimaryUpdateUnderWayWhenTheServerStopsIsCompletedWhenDue() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(DELAY).clock(clock)))) {
            String keyId = createPrimary(kms.client(PRIMARY));
            kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
            clock.advance(DELAY.plusSeconds(1));
            kms.server().runDueWork();
            kms.client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion(REPLICA));

            kms.server().restart();
            kms.resetClients();
            assertThat(state(kms, PRIMARY, keyId)).isEqualTo(KeyState.UPDATING);
            assertThat(state(kms, REPLICA, keyId)).isEqualTo(KeyState.UPDATING);

            clock.advance(DELAY.plusSeconds(1));
            kms.server().restart();
            kms.resetClients();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                    .until(() -> state(kms, REPLICA, keyId) == KeyState.ENABLED);
            assertThat(describe(kms, REPLICA, keyId).multiRegionConfiguration().multiRegionKeyType())
                    .isEqualTo(MultiRegionKeyType.PRIMARY);
            KeyMetadata oldPrimary = describe(kms, PRIMARY, keyId);
            assertThat(oldPrimary.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(oldPrimary.multiRegionConfiguration().primaryKey()).isEqualTo(regional(REPLICA, keyId));
        }
    }
}
