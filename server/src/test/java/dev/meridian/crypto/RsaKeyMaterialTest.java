package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Partition;
import dev.meridian.model.Region;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** RSA signing material: PKCS#8 wrapped and unwrapped, every algorithm RAW and DIGEST, its size checked, never printed. */
class RsaKeyMaterialTest {
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));
    private static final byte[] MESSAGE = "signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void signsWithEveryAlgorithmAndSurvivesWrapping() throws Exception {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        KeyMaterial material = KeyMaterialService.generate(KeySpec.RSA_2048, Partition.AWS);
        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 1);
        SigningKeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, KeySpec.RSA_2048, wrapped, KEY, 1).signing();
        assertThat(unwrapped.equalsConstantTime(material)).isTrue();
        assertThat(unwrapped.publicKeyInfo()).isEqualTo(material.signing().publicKeyInfo());
        for (String algorithm : KeySpec.RSA_2048.algorithms(KeyUsage.SIGN_VERIFY)) {
            byte[] digest = MessageDigest.getInstance("SHA-" + SigningKeyMaterial.digestLength(algorithm) * 8)
                    .digest(MESSAGE);
            byte[] signature = material.signing().sign(algorithm, MESSAGE, MessageType.RAW);
            assertThat(signature).hasSize(256);
            assertThat(unwrapped.verify(algorithm, MESSAGE, MessageType.RAW, signature)).as(algorithm).isTrue();
            assertThat(unwrapped.verify(algorithm, digest, MessageType.DIGEST, signature)).as(algorithm).isTrue();
            assertThat(unwrapped.verify(algorithm, MESSAGE, MessageType.RAW, unwrapped.sign(algorithm, digest, MessageType.DIGEST)))
                    .as(algorithm).isTrue();
            assertThat(unwrapped.verify(algorithm, "other".getBytes(StandardCharsets.UTF_8), MessageType.RAW, signature))
                    .isFalse();
        }
        assertThat(material.toString()).isEqualTo("RsaKeyMaterial[RSA_2048, redacted]");
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.RSA_3072, wrapped, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ECC_NIST_P256, wrapped, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
