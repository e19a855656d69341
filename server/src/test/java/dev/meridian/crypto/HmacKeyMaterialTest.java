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
import java.nio.file.Path;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link HmacKeyMaterial}: sizes, redaction, the JDK's HMAC, and no use as another spec's material. */
class HmacKeyMaterialTest {
    private static final KeySpec[] SPECS = {KeySpec.HMAC_224, KeySpec.HMAC_256, KeySpec.HMAC_384, KeySpec.HMAC_512};
    private static final int[] LENGTHS = {28, 32, 48, 64};
    private static final int[] MAXIMUMS = {64, 64, 128, 128};
    private static final String[] JDK = {"HmacSHA224", "HmacSHA256", "HmacSHA384", "HmacSHA512"};

    @Test
    void generatedMaterialIsAsLongAsTheHashAndDiffers() {
        for (int i = 0; i < SPECS.length; i++) {
            KeyMaterial material = KeyMaterialService.generate(SPECS[i], Partition.AWS);
            assertThat(material).isInstanceOf(HmacKeyMaterial.class);
            assertThat(material.spec()).isEqualTo(SPECS[i]);
            assertThat(((HmacKeyMaterial) material).secret().length()).isEqualTo(LENGTHS[i]);
            assertThat(material.fitsPartition(Partition.AWS_CN)).isTrue();
            assertThat(material.equalsConstantTime(KeyMaterialService.generate(SPECS[i], Partition.AWS))).isFalse();
        }
    }

    @Test
    void macIsTheJdksHmacOverTheSecret() throws Exception {
        byte[] message = "message".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < SPECS.length; i++) {
            SecretBytes secret = SecretBytes.random(MAXIMUMS[i]);
            HmacKeyMaterial material = KeyMaterialService.parseImported(SPECS[i], secret).orElseThrow().hmac();
            Mac jdk = Mac.getInstance(JDK[i]);
            jdk.init(new SecretKeySpec(secret.toByteArray(), JDK[i]));
            byte[] expected = jdk.doFinal(message);
            assertThat(material.mac(message)).isEqualTo(expected);
            assertThat(material.verify(message, expected)).isTrue();
            assertThat(material.macAlgorithm()).isEqualTo(SPECS[i].algorithms(KeyUsage.GENERATE_VERIFY_MAC).get(0));
        }
    }

    @Test
    void wrongLengthsAreRefused() {
        for (int i = 0; i < SPECS.length; i++) {
            KeySpec spec = SPECS[i];
            int shortest = LENGTHS[i];
            int longest = MAXIMUMS[i];
            assertThatThrownBy(() -> new HmacKeyMaterial(spec, SecretBytes.random(shortest - 1)))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new HmacKeyMaterial(spec, SecretBytes.random(longest + 1)))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            assertThat(KeyMaterialService.parseImported(spec, SecretBytes.random(shortest - 1))).isEmpty();
            assertThat(KeyMaterialService.parseImported(spec, SecretBytes.random(longest + 1))).isEmpty();
            assertThat(KeyMaterialService.parseImported(spec, SecretBytes.random(shortest))).isPresent();
        }
        assertThatThrownBy(() -> new HmacKeyMaterial(KeySpec.SYMMETRIC_DEFAULT, SecretBytes.random(32)))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringIsRedactedAndTheMaterialIsNoSymmetricKey() {
        byte[] secret = new byte[32];
        java.util.Arrays.fill(secret, (byte) 0xab);
        HmacKeyMaterial material = new HmacKeyMaterial(KeySpec.HMAC_256, SecretBytes.copyOf(secret));
        assertThat(material.toString()).isEqualTo("HmacKeyMaterial[HMAC_256, 32 bytes, redacted]")
                .doesNotContain(HexFormat.of().formatHex(secret)).doesNotContain("abab");
        assertThatThrownBy(material::symmetric).isExactlyInstanceOf(IllegalStateException.class);
        assertThat(material.hmac()).isSameAs(material);
        assertThatThrownBy(() -> KeyMaterialService.generate(KeySpec.SYMMETRIC_DEFAULT, Partition.AWS).hmac())
                .isExactlyInstanceOf(IllegalStateException.class);
    }

    @Test
    void wrapsAndUnwrapsUnderTheRootKeyAsItsSpec(@TempDir Path folder) {
        KeyMaterial material = KeyMaterialService.generate(KeySpec.HMAC_384, Partition.AWS);
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        KeyReference key = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
                new KeyId("0123abcd-4567-89ef-0011-223344556677"));
        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, key, 1);
        KeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, KeySpec.HMAC_384, wrapped, key, 1);
        assertThat(unwrapped.equalsConstantTime(material)).isTrue();
        assertThat(KeyMaterialService.keyMaterialId(unwrapped)).isEqualTo(KeyMaterialService.keyMaterialId(material));
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.SYMMETRIC_DEFAULT, wrapped, key, 1))
                .isExactlyInstanceOf(IllegalArgumentException.class);
    }
}
