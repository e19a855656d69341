package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ConflictException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GetKeyRotationStatusResponse;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidMarkerException;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.ListKeyRotationsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Rotation of single-Region keys: the settings, on-demand rotation and its quota, ListKeyRotations, the
 * material IDs in responses, automatic rotation when the (movable) clock reaches its date, and the key
 * states that refuse or pause rotation.
 */
class RotationIT {
    private static final String REGION = "us-west-2";
    private static final MovableClock CLOCK = new MovableClock();
    private static KmsTestSupport kms;

    @BeforeAll
    static void start() {
        kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder().clock(CLOCK)));
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String createKey() {
        return client().createKey(request -> { }).keyMetadata().keyId();
    }

    private static String currentMaterial(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata().currentKeyMaterialId();
    }

    private static GetKeyRotationStatusResponse status(String keyId) {
        return client().getKeyRotationStatus(request -> request.keyId(keyId));
    }

    private static SdkBytes encrypt(String keyId, String text) {
        return client().encrypt(request -> request.keyId(keyId).plaintext(bytes(text))).ciphertextBlob();
    }

    @Test
    void automaticRotationIsOffUntilEnabledAndTakesItsPeriod() {
        String keyId = createKey();
        GetKeyRotationStatusResponse off = status(keyId);
        assertThat(off.keyRotationEnabled()).isFalse();
        assertThat(off.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(off.rotationPeriodInDays()).isNull();
        assertThat(off.nextRotationDate()).isNull();
        assertThat(off.onDemandRotationStartDate()).isNull();

        Instant before = CLOCK.instant();
        client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(180));
        GetKeyRotationStatusResponse on = status(keyId);
        assertThat(on.keyRotationEnabled()).isTrue();
        assertThat(on.rotationPeriodInDays()).isEqualTo(180);
        assertThat(on.nextRotationDate()).isBetween(before.plus(Duration.ofDays(180)).minusSeconds(1),
                CLOCK.instant().plus(Duration.ofDays(180)).plusSeconds(1));

        client().enableKeyRotation(request -> request.keyId(arn(REGION, keyId)));
        assertThat(status(keyId).rotationPeriodInDays()).isEqualTo(365);

        client().disableKeyRotation(request -> request.keyId(keyId));
        GetKeyRotationStatusResponse disabled = status(keyId);
        assertThat(disabled.keyRotationEnabled()).isFalse();
        assertThat(disabled.rotationPeriodInDays()).isNull();
        assertThat(disabled.nextRotationDate()).isNull();
    }

    @Test
    void periodsOutsideNinetyTo2560DaysAreRefusedByTheModel() {
        String keyId = createKey();
        assertUndeclaredError(() -> client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(89)),
                "ValidationException", "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to"
                        + " satisfy constraint: Member must have value greater than or equal to 90");
        assertUndeclaredError(() -> client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(2561)),
                "ValidationException", "1 validation error detected: Value '2561' at 'rotationPeriodInDays' failed to"
                        + " satisfy constraint: Member must have value less than or equal to 2560");
        assertThat(status(keyId).keyRotationEnabled()).isFalse();
    }

    @Test
    void onDemandRotationChangesTheCurrentMaterialAndOldCiphertextsStillDecrypt() {
        String keyId = createKey();
        String first = currentMaterial(keyId);
        assertThat(first).matches("[0-9a-f]{64}");
        SdkBytes old = encrypt(keyId, "before");

        assertThat(client().rotateKeyOnDemand(request -> request.keyId(keyId)).keyId()).isEqualTo(arn(REGION, keyId));
        String second = currentMaterial(keyId);
        assertThat(second).matches("[0-9a-f]{64}").isNotEqualTo(first);
        SdkBytes fresh = encrypt(keyId, "after");

        var openedOld = client().decrypt(request -> request.ciphertextBlob(old));
        assertThat(openedOld.plaintext().asUtf8String()).isEqualTo("before");
        assertThat(openedOld.keyMaterialId()).isEqualTo(first);
        var openedFresh = client().decrypt(request -> request.ciphertextBlob(fresh));
        assertThat(openedFresh.keyMaterialId()).isEqualTo(second);
        assertThat(client().generateDataKey(request -> request.keyId(keyId).numberOfBytes(32)).keyMaterialId())
                .isEqualTo(second);
        assertThat(client().generateDataKeyWithoutPlaintext(request -> request.keyId(keyId).numberOfBytes(32))
                .keyMaterialId()).isEqualTo(second);
        var moved = client().reEncrypt(request -> request.ciphertextBlob(old).destinationKeyId(keyId));
        assertThat(moved.sourceKeyMaterialId()).isEqualTo(first);
        assertThat(moved.destinationKeyMaterialId()).isEqualTo(second);

        List<RotationsListEntry> rotations = client().listKeyRotations(request -> request.keyId(keyId)).rotations();
        assertThat(rotations).hasSize(1);
        RotationsListEntry rotation = rotations.get(0);
        assertThat(rotation.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(rotation.keyMaterialId()).isEqualTo(second);
        assertThat(rotation.rotationType()).isEqualTo(RotationType.ON_DEMAND);
        assertThat(rotation.keyMaterialState()).isEqualTo(KeyMaterialState.CURRENT);
        assertThat(rotation.rotationDate()).isNotNull();
        assertThat(rotation.importState()).isNull();

        List<RotationsListEntry> all = client().listKeyRotations(request -> request.keyId(keyId)
                .includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL)).rotations();
        assertThat(all).extracting(RotationsListEntry::keyMaterialId).containsExactly(first, second);
        assertThat(all.get(0).keyMaterialState()).isEqualTo(KeyMaterialState.NON_CURRENT);
        assertThat(all.get(0).rotationDate()).isNull();
        assertThat(all.get(0).rotationType()).isNull();
    }

    @Test
    void onDemandRotationsStopAtTheQuotaOf25() {
        String keyId = createKey();
        for (int rotation = 0; rotation < 25; rotation++) {
            client().rotateKeyOnDemand(request -> request.keyId(keyId));
        }
        String current = currentMaterial(keyId);
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)), LimitExceededException.class,
                "The on-demand rotations limit has been reached for the given keyId. No more on-demand rotations can be"
                        + " performed for this key: " + arn(REGION, keyId));
        assertThat(currentMaterial(keyId)).isEqualTo(current);

        ListKeyRotationsResponse firstPage = client().listKeyRotations(request -> request.keyId(keyId).limit(10));
        assertThat(firstPage.rotations()).hasSize(10);
        assertThat(firstPage.truncated()).isTrue();
        ListKeyRotationsResponse rest = client().listKeyRotations(request -> request.keyId(keyId)
                .marker(firstPage.nextMarker()));
        assertThat(rest.rotations()).hasSize(15);
        assertThat(rest.truncated()).isFalse();
        assertThat(rest.nextMarker()).isNull();
        assertThat(rest.rotations().get(14).keyMaterialId()).isEqualTo(current);
        assertKmsError(() -> client().listKeyRotations(request -> request.keyId(keyId).marker("not-a-marker")),
                InvalidMarkerException.class, "The request was rejected because the marker is not valid.");
    }

    @Test
    void automaticRotationHappensWhenItsDateComesAndThenEveryPeriod() {
        String keyId = createKey();
        String first = currentMaterial(keyId);
        SdkBytes old = encrypt(keyId, "old");
        client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(90));
        Instant due = status(keyId).nextRotationDate();

        CLOCK.advance(Duration.ofDays(90).plusMinutes(1));
        kms.server().runDueWork();

        String second = currentMaterial(keyId);
        assertThat(second).isNotEqualTo(first);
        List<RotationsListEntry> rotations = client().listKeyRotations(request -> request.keyId(keyId)).rotations();
        assertThat(rotations).singleElement().satisfies(rotation -> {
            assertThat(rotation.rotationType()).isEqualTo(RotationType.AUTOMATIC);
            assertThat(rotation.keyMaterialId()).isEqualTo(second);
        });
        assertThat(status(keyId).nextRotationDate()).isEqualTo(due.plus(Duration.ofDays(90)));
        assertThat(client().decrypt(request -> request.ciphertextBlob(old)).plaintext().asUtf8String()).isEqualTo("old");
    }

    @Test
    void aDisabledKeyIsNotRotatedUntilItIsEnabledAgain() {
        String keyId = createKey();
        client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(90));
        String first = currentMaterial(keyId);
        client().disableKey(request -> request.keyId(keyId));
        String disabled = arn(REGION, keyId) + " is disabled.";
        assertKmsError(() -> client().enableKeyRotation(request -> request.keyId(keyId)), DisabledException.class, disabled);
        assertKmsError(() -> client().disableKeyRotation(request -> request.keyId(keyId)), DisabledException.class, disabled);
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)), DisabledException.class, disabled);

        CLOCK.advance(Duration.ofDays(91));
        kms.server().runDueWork();
        assertThat(currentMaterial(keyId)).isEqualTo(first);
        assertThat(status(keyId).keyRotationEnabled()).isTrue();

        client().enableKey(request -> request.keyId(keyId));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(currentMaterial(keyId)).isNotEqualTo(first));
    }

    @Test
    void aKeyPendingDeletionReportsRotationOffAndGetsItBackWhenCancelled() {
        String keyId = createKey();
        client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(400));
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        assertThat(status(keyId).keyRotationEnabled()).isFalse();
        String pending = arn(REGION, keyId) + " is pending deletion.";
        assertKmsError(() -> client().enableKeyRotation(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                pending);
        assertThat(client().listKeyRotations(request -> request.keyId(keyId)).rotations()).isEmpty();

        client().cancelKeyDeletion(request -> request.keyId(keyId));
        GetKeyRotationStatusResponse restored = status(keyId);
        assertThat(restored.keyRotationEnabled()).isTrue();
        assertThat(restored.rotationPeriodInDays()).isEqualTo(400);
    }

    @Test
    void automaticRotationRefusesImportedKeysAndAliases() {
        String keyId = client().createKey(request -> request.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        String external = arn(REGION, keyId) + " origin is EXTERNAL which is not valid for this operation.";
        assertKmsError(() -> client().enableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, external);
        assertKmsError(() -> client().disableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, external);
        assertThat(status(keyId).keyRotationEnabled()).isFalse();
        assertThat(client().describeKey(request -> request.keyId(keyId)).keyMetadata().currentKeyMaterialId()).isNull();

        String symmetric = createKey();
        client().createAlias(request -> request.aliasName("alias/rotation-" + symmetric).targetKeyId(symmetric));
        assertKmsError(() -> client().enableKeyRotation(request -> request.keyId("alias/rotation-" + symmetric)),
                InvalidArnException.class, "Key Aliases are not supported for this operation.");
    }

    @Test
    void onDemandRotationIsRefusedWithin20MinutesOfAnAutomaticOne() {
        String keyId = createKey();
        client().enableKeyRotation(request -> request.keyId(keyId).rotationPeriodInDays(2560));
        CLOCK.advance(Duration.ofDays(2560).minusMinutes(10));
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)), ConflictException.class,
                "The request was rejected because an automatic rotation of this key is currently in progress or"
                        + " scheduled to begin within the next 20 minutes.");
    }

    @Test
    void automaticRotationsThatCameDueWhileStoppedHappenAtTheNextStart(@TempDir Path data) throws IOException {
        MovableClock clock = new MovableClock();
        ServerConfiguration.Builder settings = ServerConfiguration.builder().clock(clock).dataDirectory(data);
        String keyId;
        String first;
        SdkBytes old;
        try (KmsTestSupport before = new KmsTestSupport(EmbeddedMeridian.start(settings))) {
            KmsClient client = before.client(REGION);
            keyId = client.createKey(request -> { }).keyMetadata().keyId();
            String id = keyId;
            client.enableKeyRotation(request -> request.keyId(id).rotationPeriodInDays(90));
            first = client.describeKey(request -> request.keyId(id)).keyMetadata().currentKeyMaterialId();
            old = client.encrypt(request -> request.keyId(id).plaintext(bytes("kept"))).ciphertextBlob();
        }
        clock.advance(Duration.ofDays(91));
        try (KmsTestSupport after = new KmsTestSupport(EmbeddedMeridian.start(settings))) {
            KmsClient client = after.client(REGION);
            String id = keyId;
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    client.describeKey(request -> request.keyId(id)).keyMetadata().currentKeyMaterialId()).isNotEqualTo(first));
            assertThat(client.listKeyRotations(request -> request.keyId(id)).rotations())
                    .singleElement().extracting(RotationsListEntry::rotationType).isEqualTo(RotationType.AUTOMATIC);
            assertThat(client.decrypt(request -> request.ciphertextBlob(old)).keyMaterialId()).isEqualTo(first);
        }
    }
}
