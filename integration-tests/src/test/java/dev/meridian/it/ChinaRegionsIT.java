package dev.meridian.it;

import static dev.meridian.it.ImportSupport.INCORRECT_MATERIAL;
import static dev.meridian.it.ImportSupport.chinaMaterial;
import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;

/**
 * The China Regions, where a {@code SYMMETRIC_DEFAULT} key holds a 128-bit SM4 key: its ciphertexts are
 * Meridian's format version 2 (SM4-GCM), across Regions, rotations and imported material of 16 bytes.
 */
class ChinaRegionsIT {
    private static final String BEIJING = "cn-north-1";
    private static final String NINGXIA = "cn-northwest-1";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder()
            .replicationDelay(Duration.ZERO));

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    private static SdkBytes encrypt(String region, String keyId, String text) {
        return client(region).encrypt(request -> request.keyId(keyId).plaintext(bytes(text))
                .encryptionContext(java.util.Map.of("site", "beijing"))).ciphertextBlob();
    }

    private static String decrypt(String region, SdkBytes ciphertext) {
        return client(region).decrypt(request -> request.ciphertextBlob(ciphertext)
                .encryptionContext(java.util.Map.of("site", "beijing"))).plaintext().asUtf8String();
    }

    @Test
    void aChinaKeyEncryptsWithSm4AndItsReplicaDecryptsInTheOtherRegion() {
        KeyMetadata key = client(BEIJING).createKey(request -> request.multiRegion(true)).keyMetadata();
        assertThat(key.arn()).startsWith("arn:aws-cn:kms:cn-north-1:");
        assertThat(key.keySpecAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(key.encryptionAlgorithmsAsStrings()).containsExactly("SYMMETRIC_DEFAULT");
        SdkBytes ciphertext = encrypt(BEIJING, key.keyId(), "secret");
        assertThat(ciphertext.asByteArray()[0]).as("format version 2, SM4-GCM").isEqualTo((byte) 2);

        client(BEIJING).replicateKey(request -> request.keyId(key.keyId()).replicaRegion(NINGXIA));
        kms.server().runDueWork();
        assertThat(decrypt(NINGXIA, ciphertext)).isEqualTo("secret");
        SdkBytes fromNingxia = encrypt(NINGXIA, key.keyId(), "back");
        assertThat(fromNingxia.asByteArray()[0]).isEqualTo((byte) 2);
        assertThat(decrypt(BEIJING, fromNingxia)).isEqualTo("back");

        client(BEIJING).rotateKeyOnDemand(request -> request.keyId(key.keyId()));
        kms.server().runDueWork();
        SdkBytes rotated = encrypt(NINGXIA, key.keyId(), "rotated");
        assertThat(client(BEIJING).decrypt(request -> request.ciphertextBlob(rotated)
                .encryptionContext(java.util.Map.of("site", "beijing"))).keyMaterialId())
                .isEqualTo(client(BEIJING).describeKey(request -> request.keyId(key.keyId())).keyMetadata()
                        .currentKeyMaterialId());
        assertThat(decrypt(BEIJING, ciphertext)).isEqualTo("secret");
        assertThat(decrypt(BEIJING, rotated)).isEqualTo("rotated");
    }

    @Test
    void dataKeysKeepTheSizeTheyAreAskedFor() {
        String keyId = client(NINGXIA).createKey(request -> { }).keyMetadata().keyId();
        var dataKey = client(NINGXIA).generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256));
        assertThat(dataKey.plaintext().asByteArray()).hasSize(32);
        assertThat(dataKey.ciphertextBlob().asByteArray()[0]).isEqualTo((byte) 2);
        assertThat(client(NINGXIA).decrypt(request -> request.ciphertextBlob(dataKey.ciphertextBlob())).plaintext())
                .isEqualTo(dataKey.plaintext());
    }

    @Test
    void aChinaKeyTakes128BitsOfImportedMaterialAndNo256() {
        String keyId = createExternalKey(client(BEIJING));
        assertKmsError(() -> importMaterial(client(BEIJING), keyId, newMaterial()), IncorrectKeyMaterialException.class,
                INCORRECT_MATERIAL);
        importMaterial(client(BEIJING), keyId, chinaMaterial());
        SdkBytes ciphertext = encrypt(BEIJING, keyId, "imported");
        assertThat(ciphertext.asByteArray()[0]).isEqualTo((byte) 2);
        assertThat(decrypt(BEIJING, ciphertext)).isEqualTo("imported");

        String elsewhere = createExternalKey(client("us-east-1"));
        assertKmsError(() -> importMaterial(client("us-east-1"), elsewhere, chinaMaterial()),
                IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
    }
}
