package dev.meridian.it;

import static dev.meridian.it.ImportSupport.INCORRECT_MATERIAL;
import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.importNewMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.ImportState;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.RotationType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * On-demand rotation of single-Region keys with imported material: new material imported with
 * {@code NEW_KEY_MATERIAL} waits ({@code PENDING_ROTATION}) until RotateKeyOnDemand makes it current, and can
 * be deleted, replaced or expire before that without touching the key.
 */
class ImportRotationIT {
    static final String NO_PENDING_MATERIAL = "The KMS key has no key material pending rotation. Import new key"
            + " material with ImportType NEW_KEY_MATERIAL before you rotate a key with imported key material.";
    static final String PENDING_ALREADY = "The KMS key already has key material pending rotation. Rotate the key"
            + " with RotateKeyOnDemand, or delete the pending key material, before you import new key material.";
    private static final String REGION = "ap-southeast-2";
    private static final MovableClock CLOCK = new MovableClock();

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().clock(CLOCK));

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String currentMaterial(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata().currentKeyMaterialId();
    }

    private static List<RotationsListEntry> allMaterial(String keyId) {
        return client().listKeyRotations(request -> request.keyId(keyId)
                .includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL)).rotations();
    }

    private static KeyState state(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata().keyState();
    }

    private static String decrypt(SdkBytes ciphertext) {
        return client().decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String();
    }

    /** The key material that made {@code ciphertext}, as Decrypt reports it. */
    private static String materialOf(SdkBytes ciphertext) {
        return client().decrypt(request -> request.ciphertextBlob(ciphertext)).keyMaterialId();
    }

    @Test
    void newMaterialWaitsForTheRotationThenBecomesCurrentAndOldCiphertextsStillDecrypt() {
        String keyId = createExternalKey(client());
        String first = importMaterial(client(), keyId, newMaterial()).keyMaterialId();
        SdkBytes before = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("before"))).ciphertextBlob();

        String second = importNewMaterial(client(), keyId, newMaterial()).keyMaterialId();
        assertThat(second).isNotEqualTo(first).hasSize(64);
        assertThat(currentMaterial(keyId)).isEqualTo(first);
        assertThat(materialOf(client().encrypt(request -> request.keyId(keyId).plaintext(bytes("still first")))
                .ciphertextBlob())).isEqualTo(first);
        assertThat(client().listKeyRotations(request -> request.keyId(keyId)).rotations()).isEmpty();
        List<RotationsListEntry> waiting = allMaterial(keyId);
        assertThat(waiting).extracting(RotationsListEntry::keyMaterialId).containsExactly(first, second);
        assertThat(waiting).extracting(RotationsListEntry::keyMaterialState)
                .containsExactly(KeyMaterialState.CURRENT, KeyMaterialState.PENDING_ROTATION);
        assertThat(waiting).extracting(RotationsListEntry::importState)
                .containsExactly(ImportState.IMPORTED, ImportState.IMPORTED);
        assertThat(waiting.get(1).rotationType()).isNull();
        assertKmsError(() -> importNewMaterial(client(), keyId, newMaterial()), UnsupportedOperationException.class,
                PENDING_ALREADY);

        Instant started = CLOCK.instant();
        var rotated = client().rotateKeyOnDemand(request -> request.keyId(keyId));
        Instant ended = CLOCK.instant();
        assertThat(rotated.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(currentMaterial(keyId)).isEqualTo(second);
        SdkBytes after = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("after"))).ciphertextBlob();
        assertThat(materialOf(after)).isEqualTo(second);
        assertThat(decrypt(before)).isEqualTo("before");
        assertThat(decrypt(after)).isEqualTo("after");
        assertThat(client().getKeyRotationStatus(request -> request.keyId(keyId)).onDemandRotationStartDate()).isNull();

        assertThat(client().listKeyRotations(request -> request.keyId(keyId)).rotations()).singleElement()
                .satisfies(rotation -> {
                    assertThat(rotation.keyMaterialId()).isEqualTo(second);
                    assertThat(rotation.rotationType()).isEqualTo(RotationType.ON_DEMAND);
                    assertThat(rotation.rotationDate()).isBetween(started.minusMillis(1), ended);
                    assertThat(rotation.keyMaterialState()).isEqualTo(KeyMaterialState.CURRENT);
                    assertThat(rotation.importState()).isEqualTo(ImportState.IMPORTED);
                    assertThat(rotation.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
                });
        assertThat(allMaterial(keyId)).extracting(RotationsListEntry::keyMaterialState)
                .containsExactly(KeyMaterialState.NON_CURRENT, KeyMaterialState.CURRENT);
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, NO_PENDING_MATERIAL);
    }

    @Test
    void materialPendingRotationCanBeDeletedOrReplacedWithoutTouchingTheKey() {
        String keyId = createExternalKey(client());
        String first = importMaterial(client(), keyId, newMaterial()).keyMaterialId();
        byte[] discarded = newMaterial();
        String pending = importNewMaterial(client(), keyId, discarded).keyMaterialId();

        var deleted = client().deleteImportedKeyMaterial(request -> request.keyId(keyId).keyMaterialId(pending));
        assertThat(deleted.keyMaterialId()).isEqualTo(pending);
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(allMaterial(keyId)).extracting(RotationsListEntry::keyMaterialId).containsExactly(first);
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, NO_PENDING_MATERIAL);
        assertKmsError(() -> importMaterial(client(), keyId, discarded, request -> request
                .importType(ImportType.EXISTING_KEY_MATERIAL)), IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);

        String replacement = importNewMaterial(client(), keyId, newMaterial()).keyMaterialId();
        assertThat(allMaterial(keyId)).extracting(RotationsListEntry::keyMaterialId).containsExactly(first, replacement);
        assertKmsError(() -> importNewMaterial(client(), keyId, discarded), UnsupportedOperationException.class,
                PENDING_ALREADY);
        client().rotateKeyOnDemand(request -> request.keyId(keyId));
        assertThat(currentMaterial(keyId)).isEqualTo(replacement);
    }

    @Test
    void materialPendingRotationThatExpiresIsDiscardedAndTheKeyStaysUsable() {
        String keyId = createExternalKey(client());
        String first = importMaterial(client(), keyId, newMaterial()).keyMaterialId();
        importMaterial(client(), keyId, newMaterial(), request -> request.importType(ImportType.NEW_KEY_MATERIAL)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(CLOCK.instant().plus(Duration.ofDays(1))));
        assertThat(allMaterial(keyId).get(1).validTo()).isNotNull();
        KeyMetadata described = client().describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(described.expirationModel()).as("only material associated for good counts")
                .isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
        assertThat(described.validTo()).isNull();

        CLOCK.advance(Duration.ofDays(1).plusMinutes(1));
        kms.server().runDueWork();

        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(allMaterial(keyId)).extracting(RotationsListEntry::keyMaterialId).containsExactly(first);
        assertThat(materialOf(client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))).ciphertextBlob()))
                .isEqualTo(first);
    }

    @Test
    void afterARotationTheOldMaterialIsStillNeededAndCanBeImportedAgain() {
        String keyId = createExternalKey(client());
        byte[] firstMaterial = newMaterial();
        String first = importMaterial(client(), keyId, firstMaterial).keyMaterialId();
        SdkBytes old = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("old"))).ciphertextBlob();
        importNewMaterial(client(), keyId, newMaterial());
        client().rotateKeyOnDemand(request -> request.keyId(keyId));

        client().deleteImportedKeyMaterial(request -> request.keyId(keyId).keyMaterialId(first));
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
        assertKmsError(() -> decrypt(old), KmsInvalidStateException.class, arn(REGION, keyId) + " is pending import.");
        assertThat(allMaterial(keyId)).extracting(RotationsListEntry::importState)
                .containsExactly(ImportState.PENDING_IMPORT, ImportState.IMPORTED);

        importMaterial(client(), keyId, firstMaterial, request -> request.keyMaterialId(first));
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(decrypt(old)).isEqualTo("old");
    }

    @Test
    void onDemandRotationNeedsAnEnabledKey() {
        String keyId = createExternalKey(client());
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is pending import.");
        importMaterial(client(), keyId, newMaterial());
        importNewMaterial(client(), keyId, newMaterial());
        client().disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> client().rotateKeyOnDemand(request -> request.keyId(keyId)),
                software.amazon.awssdk.services.kms.model.DisabledException.class, arn(REGION, keyId) + " is disabled.");
    }
}
