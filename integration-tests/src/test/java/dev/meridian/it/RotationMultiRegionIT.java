package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.MultiRegionSupport.arn;
import static dev.meridian.it.MultiRegionSupport.createPrimary;
import static dev.meridian.it.MultiRegionSupport.describe;
import static dev.meridian.it.MultiRegionSupport.state;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConflictException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Rotation of multi-Region keys with a replication delay of one hour on a movable clock: set and invoked on
 * the primary only, settings synchronized to the replicas, and new material that no Region encrypts with
 * before every Region holds it.
 */
class RotationMultiRegionIT {
    private static final String PRIMARY = "us-east-1";
    private static final Duration DELAY = Duration.ofHours(1);
    private static final MovableClock CLOCK = new MovableClock();
    private static KmsTestSupport kms;

    @BeforeAll
    static void start() {
        kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(DELAY).clock(CLOCK)));
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    private static void advance(Duration amount) {
        CLOCK.advance(amount);
        kms.server().runDueWork();
    }

    /** A primary in {@link #PRIMARY} with enabled replicas in {@code replicaRegions}. */
    private static String primaryWithReplicas(String... replicaRegions) {
        return MultiRegionSupport.primaryWithReplicas(kms, CLOCK, DELAY, PRIMARY, replicaRegions);
    }

    private static String current(String region, String keyId) {
        return describe(kms, region, keyId).currentKeyMaterialId();
    }

    private static SdkBytes encrypt(String region, String keyId, String text) {
        return client(region).encrypt(request -> request.keyId(keyId).plaintext(bytes(text))).ciphertextBlob();
    }

    private static String decryptedMaterial(String region, SdkBytes ciphertext, String expectedText) {
        var decrypted = client(region).decrypt(request -> request.ciphertextBlob(ciphertext));
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo(expectedText);
        return decrypted.keyMaterialId();
    }

    private static GetKeyRotationStatusResponse status(String region, String keyId) {
        return client(region).getKeyRotationStatus(request -> request.keyId(keyId));
    }

    @Test
    void noRegionEncryptsWithNewMaterialBeforeEveryRegionHoldsIt() {
        List<String> regions = List.of(PRIMARY, "eu-west-1", "ap-southeast-2");
        String keyId = primaryWithReplicas("eu-west-1", "ap-southeast-2");
        String first = current(PRIMARY, keyId);
        Map<String, SdkBytes> old = new HashMap<>();
        for (String region : regions) {
            assertThat(current(region, keyId)).isEqualTo(first);
            old.put(region, encrypt(region, keyId, "old in " + region));
        }

        client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId));
        assertThat(status(PRIMARY, keyId).onDemandRotationStartDate()).isNotNull();
        assertKmsError(() -> client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId)), ConflictException.class,
                "The request was rejected because an automatic rotation of this key is currently in progress or"
                        + " scheduled to begin within the next 20 minutes.");
        for (String region : regions) {
            assertThat(current(region, keyId)).as("before the copies, in %s", region).isEqualTo(first);
            SdkBytes during = encrypt(region, keyId, "during");
            for (String other : regions) {
                assertThat(decryptedMaterial(other, during, "during")).isEqualTo(first);
            }
            assertThat(client(region).listKeyRotations(request -> request.keyId(keyId)).rotations()).isEmpty();
        }

        advance(DELAY.plusSeconds(1));

        String second = current(PRIMARY, keyId);
        assertThat(second).isNotEqualTo(first);
        for (String region : regions) {
            assertThat(current(region, keyId)).as("after the copies, in %s", region).isEqualTo(second);
            assertThat(status(region, keyId).onDemandRotationStartDate()).isNull();
            SdkBytes fresh = encrypt(region, keyId, "new in " + region);
            for (String other : regions) {
                assertThat(decryptedMaterial(other, fresh, "new in " + region)).isEqualTo(second);
                assertThat(decryptedMaterial(other, old.get(region), "old in " + region)).isEqualTo(first);
            }
            assertThat(client(region).listKeyRotations(request -> request.keyId(keyId)).rotations())
                    .singleElement().satisfies(rotation -> {
                        assertThat(rotation.keyMaterialId()).isEqualTo(second);
                        assertThat(rotation.rotationType()).isEqualTo(RotationType.ON_DEMAND);
                        assertThat(rotation.keyId()).isEqualTo(arn(region, keyId));
                    });
        }
    }

    @Test
    void rotationIsControlledOnThePrimaryAndItsSettingReachesTheReplicas() {
        String keyId = primaryWithReplicas("eu-central-1");
        String notPrimary = arn("eu-central-1", keyId) + " is not a multi-Region primary key.";
        KmsClient replica = client("eu-central-1");
        assertKmsError(() -> replica.enableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, notPrimary);
        assertKmsError(() -> replica.disableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, notPrimary);
        assertKmsError(() -> replica.rotateKeyOnDemand(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, notPrimary);

        client(PRIMARY).enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(200));
        assertThat(status("eu-central-1", keyId).keyRotationEnabled()).isFalse();
        advance(DELAY.plusSeconds(1));
        GetKeyRotationStatusResponse primaryStatus = status(PRIMARY, keyId);
        GetKeyRotationStatusResponse replicaStatus = status("eu-central-1", keyId);
        assertThat(replicaStatus.keyRotationEnabled()).isTrue();
        assertThat(replicaStatus.rotationPeriodInDays()).isEqualTo(200);
        assertThat(replicaStatus.nextRotationDate()).isEqualTo(primaryStatus.nextRotationDate());
        assertThat(replicaStatus.keyId()).isEqualTo(arn("eu-central-1", keyId));

        client(PRIMARY).disableKeyRotation(request -> request.keyId(keyId));
        advance(DELAY.plusSeconds(1));
        assertThat(status("eu-central-1", keyId).keyRotationEnabled()).isFalse();
    }

    @Test
    void automaticRotationOfThePrimaryReachesEveryReplica() {
        String keyId = primaryWithReplicas("sa-east-1");
        String first = current(PRIMARY, keyId);
        client(PRIMARY).enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(90));
        advance(DELAY.plusSeconds(1));

        advance(Duration.ofDays(90));
        assertThat(current(PRIMARY, keyId)).isEqualTo(first);
        assertThat(current("sa-east-1", keyId)).isEqualTo(first);
        advance(DELAY.plusSeconds(1));

        String second = current(PRIMARY, keyId);
        assertThat(second).isNotEqualTo(first);
        assertThat(current("sa-east-1", keyId)).isEqualTo(second);
        assertThat(client("sa-east-1").listKeyRotations(request -> request.keyId(keyId)).rotations())
                .extracting(RotationsListEntry::rotationType).containsExactly(RotationType.AUTOMATIC);
        assertThat(status("sa-east-1", keyId).nextRotationDate()).isEqualTo(status(PRIMARY, keyId).nextRotationDate());
    }

    @Test
    void aReplicaCreatedDuringARotationEndsUpWithEveryVersion() {
        String keyId = primaryWithReplicas("eu-west-2");
        String first = current(PRIMARY, keyId);
        SdkBytes old = encrypt(PRIMARY, keyId, "made before");
        client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("ca-central-1"));
        client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId));
        assertThat(status("ca-central-1", keyId).keyId()).isEqualTo(arn("ca-central-1", keyId));

        advance(DELAY.plusSeconds(1));

        String second = current(PRIMARY, keyId);
        assertThat(second).isNotEqualTo(first);
        assertThat(state(kms, "ca-central-1", keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(current("ca-central-1", keyId)).isEqualTo(second);
        assertThat(current("eu-west-2", keyId)).isEqualTo(second);
        assertThat(decryptedMaterial("ca-central-1", old, "made before")).isEqualTo(first);
        SdkBytes fresh = encrypt("ca-central-1", keyId, "made after");
        assertThat(decryptedMaterial(PRIMARY, fresh, "made after")).isEqualTo(second);
        assertThat(decryptedMaterial("eu-west-2", fresh, "made after")).isEqualTo(second);
    }

    @Test
    void updatePrimaryRegionMovesTheRotationControl() {
        String keyId = primaryWithReplicas("ap-northeast-1");
        client(PRIMARY).enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(300));
        advance(DELAY.plusSeconds(1));
        client(PRIMARY).updatePrimaryRegion(request -> request.keyId(keyId).primaryRegion("ap-northeast-1"));
        advance(DELAY.plusSeconds(1));

        assertKmsError(() -> client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, arn(PRIMARY, keyId) + " is not a multi-Region primary key.");
        assertThat(status("ap-northeast-1", keyId).rotationPeriodInDays()).isEqualTo(300);
        String first = current(PRIMARY, keyId);
        client("ap-northeast-1").rotateKeyOnDemand(request -> request.keyId(keyId));
        assertThat(current("ap-northeast-1", keyId)).isEqualTo(first);
        advance(DELAY.plusSeconds(1));
        String second = current("ap-northeast-1", keyId);
        assertThat(second).isNotEqualTo(first);
        assertThat(current(PRIMARY, keyId)).isEqualTo(second);

        client("ap-northeast-1").disableKeyRotation(request -> request.keyId(keyId));
        advance(DELAY.plusSeconds(1));
        assertThat(status(PRIMARY, keyId).keyRotationEnabled()).isFalse();
    }
}
