package dev.meridian.it;

import static dev.meridian.it.ImportSupport.INCORRECT_MATERIAL;
import static dev.meridian.it.ImportSupport.INVALID_TOKEN;
import static dev.meridian.it.ImportSupport.createExternalPrimary;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.ImportSupport.serverWithClock;
import static dev.meridian.it.ImportSupport.parameters;
import static dev.meridian.it.ImportSupport.wrap;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.MultiRegionSupport.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * Multi-Region keys with imported material: a replica waits in PendingImport for its primary's material,
 * takes no other, and keeps its own expiry. One server per test.
 */
class ImportMultiRegionIT {
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "eu-west-1";

    private static String decrypt(KmsTestSupport kms, String region, SdkBytes ciphertext) {
        return kms.client(region).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String();
    }

    private static void replicate(KmsTestSupport kms, String keyId) {
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        kms.server().runDueWork();
    }

    @Test
    void aReplicaTakesOnlyItsPrimarysMaterialAndThenOpensItsCiphertexts() {
        try (KmsTestSupport kms = serverWithClock(new MovableClock())) {
            String keyId = createExternalPrimary(kms.client(PRIMARY));
            assertKmsError(() -> kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA)),
                    KmsInvalidStateException.class, arn(PRIMARY, keyId) + " is pending import.");
            byte[] material = newMaterial();
            String keyMaterialId = importMaterial(kms.client(PRIMARY), keyId, material).keyMaterialId();
            SdkBytes fromPrimary = kms.client(PRIMARY).encrypt(request -> request.keyId(keyId)
                    .plaintext(bytes("from the primary"))).ciphertextBlob();

            replicate(kms, keyId);
            KeyMetadata waiting = describe(kms, REPLICA, keyId);
            assertThat(waiting.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            assertThat(waiting.expirationModel()).isNull();
            assertKmsError(() -> decrypt(kms, REPLICA, fromPrimary), KmsInvalidStateException.class,
                    arn(REPLICA, keyId) + " is pending import.");

            GetParametersForImportResponse primaryParameters = parameters(kms.client(PRIMARY), keyId);
            assertKmsError(() -> kms.client(REPLICA).importKeyMaterial(request -> request.keyId(keyId)
                    .importToken(primaryParameters.importToken())
                    .encryptedKeyMaterial(wrap(primaryParameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                    InvalidImportTokenException.class, INVALID_TOKEN);
            assertKmsError(() -> importMaterial(kms.client(REPLICA), keyId, newMaterial()),
                    IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
            GetParametersForImportResponse replicaParameters = parameters(kms.client(REPLICA), keyId);
            assertKmsError(() -> kms.client(REPLICA).importKeyMaterial(request -> request.keyId(keyId)
                    .importToken(replicaParameters.importToken())
                    .encryptedKeyMaterial(wrap(replicaParameters, AlgorithmSpec.RSAES_OAEP_SHA_256, newMaterial()))
                    .importType(ImportType.NEW_KEY_MATERIAL)
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                    UnsupportedOperationException.class, ImportRotationMultiRegionIT.REPLICA_NEW_MATERIAL);
            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);

            assertThat(importMaterial(kms.client(REPLICA), keyId, material).keyMaterialId()).isEqualTo(keyMaterialId);

            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(decrypt(kms, REPLICA, fromPrimary)).isEqualTo("from the primary");
            SdkBytes fromReplica = kms.client(REPLICA).encrypt(request -> request.keyId(keyId)
                    .plaintext(bytes("from the replica"))).ciphertextBlob();
            assertThat(decrypt(kms, PRIMARY, fromReplica)).isEqualTo("from the replica");
        }
    }

    @Test
    void eachRegionsExpiryAndDeletionAreItsOwn() {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = serverWithClock(clock)) {
            String keyId = createExternalPrimary(kms.client(PRIMARY));
            byte[] material = newMaterial();
            importMaterial(kms.client(PRIMARY), keyId, material, Instant.now().plus(Duration.ofHours(2)));
            replicate(kms, keyId);
            importMaterial(kms.client(REPLICA), keyId, material);
            SdkBytes ciphertext = kms.client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("shared")))
                    .ciphertextBlob();
            assertThat(describe(kms, PRIMARY, keyId).expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
            assertThat(describe(kms, REPLICA, keyId).expirationModel())
                    .isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);

            clock.advance(Duration.ofHours(3));
            kms.server().runDueWork();

            assertThat(describe(kms, PRIMARY, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            assertKmsError(() -> decrypt(kms, PRIMARY, ciphertext), KmsInvalidStateException.class,
                    arn(PRIMARY, keyId) + " is pending import.");
            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(decrypt(kms, REPLICA, ciphertext)).isEqualTo("shared");

            kms.client(REPLICA).deleteImportedKeyMaterial(request -> request.keyId(keyId));
            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            importMaterial(kms.client(PRIMARY), keyId, material);
            assertThat(decrypt(kms, PRIMARY, ciphertext)).isEqualTo("shared");
            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            assertKmsError(() -> importMaterial(kms.client(REPLICA), keyId, newMaterial()),
                    IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
            importMaterial(kms.client(REPLICA), keyId, material);
            assertThat(decrypt(kms, REPLICA, ciphertext)).isEqualTo("shared");
        }
    }
}
