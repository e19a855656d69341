package dev.meridian.it;

import static dev.meridian.it.ImportSupport.createExternalPrimary;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.importNewMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.ImportSupport.serverWithClock;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.MultiRegionSupport.describe;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MovableClock;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.model.ImportState;
import software.amazon.awssdk.services.kms.model.IncludeKeyMaterial;
import software.amazon.awssdk.services.kms.model.KeyMaterialState;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * On-demand rotation of multi-Region keys with imported material: the new material goes into the primary
 * with {@code NEW_KEY_MATERIAL}, then into every replica with {@code EXISTING_KEY_MATERIAL}, and only then
 * does RotateKeyOnDemand on the primary make it current, in every Region at once. One server per test.
 */
class ImportRotationMultiRegionIT {
    static final String REPLICA_NEW_MATERIAL = "You cannot import new key material into a multi-Region replica key."
            + " Import it into the primary key with ImportType NEW_KEY_MATERIAL, then import the same key material"
            + " into each replica key with ImportType EXISTING_KEY_MATERIAL.";
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "eu-west-1";
    private static final String OTHER_REPLICA = "ap-northeast-1";

    private static void replicate(KmsTestSupport kms, String keyId, String region) {
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(region));
        kms.server().runDueWork();
    }

    /** A primary with {@code material} imported, replicated to {@code replicas}, each holding it too. */
    private static String importedEverywhere(KmsTestSupport kms, byte[] material, String... replicas) {
        String keyId = createExternalPrimary(kms.client(PRIMARY));
        importMaterial(kms.client(PRIMARY), keyId, material);
        for (String region : replicas) {
            replicate(kms, keyId, region);
            importMaterial(kms.client(region), keyId, material);
        }
        return keyId;
    }

    private static List<RotationsListEntry> allMaterial(KmsTestSupport kms, String region, String keyId) {
        return kms.client(region).listKeyRotations(request -> request.keyId(keyId)
                .includeKeyMaterial(IncludeKeyMaterial.ALL_KEY_MATERIAL)).rotations();
    }

    /** The state ListKeyRotations gives the newest material of the key in {@code region}, as sent on the wire. */
    private static String pendingState(KmsTestSupport kms, String region, String keyId) {
        List<RotationsListEntry> all = allMaterial(kms, region, keyId);
        return all.get(all.size() - 1).keyMaterialStateAsString();
    }

    private static String decrypt(KmsTestSupport kms, String region, SdkBytes ciphertext) {
        return kms.client(region).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String();
    }

    @Test
    void theRotationWaitsForEveryReplicaThenMakesTheNewMaterialCurrentEverywhere() {
        try (KmsTestSupport kms = serverWithClock(new MovableClock())) {
            String keyId = importedEverywhere(kms, newMaterial(), REPLICA, OTHER_REPLICA);
            String first = describe(kms, PRIMARY, keyId).currentKeyMaterialId();
            SdkBytes old = kms.client(REPLICA).encrypt(request -> request.keyId(keyId).plaintext(bytes("old")))
                    .ciphertextBlob();

            byte[] secondMaterial = newMaterial();
            assertKmsError(() -> importNewMaterial(kms.client(REPLICA), keyId, secondMaterial),
                    UnsupportedOperationException.class, REPLICA_NEW_MATERIAL);
            String second = importNewMaterial(kms.client(PRIMARY), keyId, secondMaterial).keyMaterialId();
            String lacking = "The key material pending rotation has not been imported into the replica key in %s."
                    + " Import it into every replica key before you rotate the primary key.";
            assertKmsError(() -> kms.client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId)),
                    UnsupportedOperationException.class, lacking.formatted(OTHER_REPLICA));

            assertThat(pendingState(kms, PRIMARY, keyId)).isEqualTo("PENDING_MULTI_REGION_IMPORT_AND_ROTATION");

            assertThat(importMaterial(kms.client(REPLICA), keyId, secondMaterial).keyMaterialId()).isEqualTo(second);
            assertThat(pendingState(kms, PRIMARY, keyId)).isEqualTo("PENDING_MULTI_REGION_IMPORT_AND_ROTATION");
            assertThat(allMaterial(kms, REPLICA, keyId)).extracting(RotationsListEntry::keyMaterialState)
                    .containsExactly(KeyMaterialState.CURRENT, KeyMaterialState.PENDING_ROTATION);
            assertThat(describe(kms, REPLICA, keyId).currentKeyMaterialId()).isEqualTo(first);
            assertKmsError(() -> kms.client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId)),
                    UnsupportedOperationException.class, lacking.formatted(OTHER_REPLICA));
            assertKmsError(() -> kms.client(REPLICA).rotateKeyOnDemand(request -> request.keyId(keyId)),
                    UnsupportedOperationException.class, arn(REPLICA, keyId) + " is not a multi-Region primary key.");

            importMaterial(kms.client(OTHER_REPLICA), keyId, secondMaterial);
            assertThat(pendingState(kms, PRIMARY, keyId)).isEqualTo("PENDING_ROTATION");
            kms.client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId));
            kms.server().restart();
            kms.resetClients();

            for (String region : List.of(PRIMARY, REPLICA, OTHER_REPLICA)) {
                assertThat(describe(kms, region, keyId).currentKeyMaterialId()).as(region).isEqualTo(second);
                assertThat(allMaterial(kms, region, keyId)).extracting(RotationsListEntry::keyMaterialState)
                        .as(region).containsExactly(KeyMaterialState.NON_CURRENT, KeyMaterialState.CURRENT);
                assertThat(decrypt(kms, region, old)).isEqualTo("old");
            }
            SdkBytes fresh = kms.client(OTHER_REPLICA).encrypt(request -> request.keyId(keyId).plaintext(bytes("new")))
                    .ciphertextBlob();
            assertThat(kms.client(PRIMARY).decrypt(request -> request.ciphertextBlob(fresh)).keyMaterialId())
                    .isEqualTo(second);
            assertThat(decrypt(kms, REPLICA, fresh)).isEqualTo("new");
        }
    }

    @Test
    void deletingThePrimarysPendingMaterialTakesItFromTheReplicasTooForGood() {
        try (KmsTestSupport kms = serverWithClock(new MovableClock())) {
            String keyId = importedEverywhere(kms, newMaterial(), REPLICA);
            String first = describe(kms, PRIMARY, keyId).currentKeyMaterialId();
            byte[] discarded = newMaterial();
            String pending = importNewMaterial(kms.client(PRIMARY), keyId, discarded).keyMaterialId();
            importMaterial(kms.client(REPLICA), keyId, discarded);

            kms.client(PRIMARY).deleteImportedKeyMaterial(request -> request.keyId(keyId).keyMaterialId(pending));
            kms.server().restart();
            kms.resetClients();

            for (String region : List.of(PRIMARY, REPLICA)) {
                assertThat(allMaterial(kms, region, keyId)).extracting(RotationsListEntry::keyMaterialId).as(region)
                        .containsExactly(first);
                assertThat(describe(kms, region, keyId).keyState()).as(region).isEqualTo(KeyState.ENABLED);
            }
            byte[] replacement = newMaterial();
            String next = importNewMaterial(kms.client(PRIMARY), keyId, replacement).keyMaterialId();
            importMaterial(kms.client(REPLICA), keyId, replacement);
            kms.client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId));
            assertThat(describe(kms, REPLICA, keyId).currentKeyMaterialId()).isEqualTo(next);
        }
    }

    @Test
    void aNewReplicaOfARotatedKeyNeedsEveryAssociatedMaterialBeforeItIsUsable() {
        try (KmsTestSupport kms = serverWithClock(new MovableClock())) {
            String keyId = createExternalPrimary(kms.client(PRIMARY));
            byte[] firstMaterial = newMaterial();
            String first = importMaterial(kms.client(PRIMARY), keyId, firstMaterial).keyMaterialId();
            SdkBytes old = kms.client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("old")))
                    .ciphertextBlob();
            byte[] secondMaterial = newMaterial();
            String second = importNewMaterial(kms.client(PRIMARY), keyId, secondMaterial).keyMaterialId();
            kms.client(PRIMARY).rotateKeyOnDemand(request -> request.keyId(keyId));
            importNewMaterial(kms.client(PRIMARY), keyId, newMaterial());

            replicate(kms, keyId, REPLICA);
            assertThat(describe(kms, REPLICA, keyId).currentKeyMaterialId()).isEqualTo(second);
            List<RotationsListEntry> waiting = allMaterial(kms, REPLICA, keyId);
            assertThat(waiting).extracting(RotationsListEntry::keyMaterialId).containsExactly(first, second);
            assertThat(waiting).extracting(RotationsListEntry::importState)
                    .containsExactly(ImportState.PENDING_IMPORT, ImportState.PENDING_IMPORT);

            importMaterial(kms.client(REPLICA), keyId, secondMaterial);
            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
            importMaterial(kms.client(REPLICA), keyId, firstMaterial);
            assertThat(describe(kms, REPLICA, keyId).keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(decrypt(kms, REPLICA, old)).isEqualTo("old");
            SdkBytes fromReplica = kms.client(REPLICA).encrypt(request -> request.keyId(keyId).plaintext(bytes("x")))
                    .ciphertextBlob();
            assertThat(kms.client(PRIMARY).decrypt(request -> request.ciphertextBlob(fromReplica)).keyMaterialId())
                    .isEqualTo(second);
        }
    }
}
