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
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** ECC signing material: generated, wrapped and unwrapped as PKCS#8, signing and verifying, never printed. */
class EcKeyMaterialTest {
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));
    private static final byte[] MESSAGE = "signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1"})
    void signsVerifiesAndSurvivesWrapping(KeySpec spec) throws Exception {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        KeyMaterial material = KeyMaterialService.generate(spec, Partition.AWS);
        assertThat(material.spec()).isEqualTo(spec);
        assertThat(material.fitsPartition(Partition.AWS_CN)).isTrue();
        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 1);
        KeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, spec, wrapped, KEY, 1);
        assertThat(unwrapped.equalsConstantTime(material)).isTrue();
        assertThat(KeyMaterialService.keyMaterialId(unwrapped)).isEqualTo(KeyMaterialService.keyMaterialId(material))
                .hasSize(64);
        assertThat(unwrapped.signing().publicKeyInfo()).isEqualTo(material.signing().publicKeyInfo());

        String algorithm = spec.algorithms(KeyUsage.SIGN_VERIFY).get(0);
        byte[] signature = material.signing().sign(algorithm, MESSAGE, MessageType.RAW);
        assertThat(unwrapped.signing().verify(algorithm, MESSAGE, MessageType.RAW, signature)).isTrue();
        byte[] digest = MessageDigest.getInstance("SHA-" + algorithm.substring("ECDSA_SHA_".length())).digest(MESSAGE);
        assertThat(SigningKeyMaterial.digestLength(algorithm)).isEqualTo(digest.length);
        assertThat(unwrapped.signing().verify(algorithm, digest, MessageType.DIGEST, signature)).isTrue();
        assertThat(unwrapped.signing().verify(algorithm, MESSAGE, MessageType.RAW,
                material.signing().sign(algorithm, digest, MessageType.DIGEST))).isTrue();
        assertThat(unwrapped.signing().verify(algorithm, "other".getBytes(StandardCharsets.UTF_8), MessageType.RAW, signature))
                .isFalse();

        assertThat(material.toString()).isEqualTo("EcKeyMaterial[" + spec + ", redacted]");
        assertThatThrownBy(material::symmetric).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(material::hmac).isInstanceOf(IllegalStateException.class);
        assertThat(KeyMaterialService.parseImported(spec, SecretBytes.random(32))).isEqualTo(Optional.empty());
    }

    @Test
    void materialOfOneCurveIsNotMaterialOfAnother() {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        byte[] wrapped = KeyMaterialService.wrap(rootKey,
                KeyMaterialService.generate(KeySpec.ECC_NIST_P256, Partition.AWS), KEY, 1);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ECC_NIST_P384, wrapped, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ECC_SECG_P256K1, wrapped, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = KeySpec.class, names = {"ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521"})
    void agreesTheSameSecretBothWaysAndRefusesOtherCurves(KeySpec spec) {
        assertThat(spec.supports(KeyUsage.KEY_AGREEMENT)).isTrue();
        KeyMaterial alice = KeyMaterialService.generate(spec, Partition.AWS);
        KeyMaterial bob = KeyMaterialService.generate(spec, Partition.AWS);
        SecretBytes fromAlice = alice.agreement().deriveSharedSecret(bob.asymmetric().publicKeyInfo());
        SecretBytes fromBob = bob.agreement().deriveSharedSecret(alice.asymmetric().publicKeyInfo());
        assertThat(fromAlice.toByteArray()).isEqualTo(fromBob.toByteArray());
        assertThat(fromAlice.length()).isEqualTo(switch (spec) {
            case ECC_NIST_P256 -> 32;
            case ECC_NIST_P384 -> 48;
            default -> 66;
        });
        KeySpec other = spec == KeySpec.ECC_NIST_P256 ? KeySpec.ECC_NIST_P384 : KeySpec.ECC_NIST_P256;
        byte[] otherCurve = KeyMaterialService.generate(other, Partition.AWS).asymmetric().publicKeyInfo();
        assertThatThrownBy(() -> alice.agreement().deriveSharedSecret(otherCurve))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("redacted");
        byte[] k1 = KeyMaterialService.generate(KeySpec.ECC_SECG_P256K1, Partition.AWS).asymmetric().publicKeyInfo();
        assertThatThrownBy(() -> alice.agreement().deriveSharedSecret(k1)).isInstanceOf(IllegalArgumentException.class);
        byte[] withTrailingByte = java.util.Arrays.copyOf(bob.asymmetric().publicKeyInfo(),
                bob.asymmetric().publicKeyInfo().length + 1);
        assertThatThrownBy(() -> alice.agreement().deriveSharedSecret(withTrailingByte))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> alice.agreement().deriveSharedSecret(new byte[0]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void secp256k1MaterialDoesNotAgreeKeys() {
        KeyMaterial material = KeyMaterialService.generate(KeySpec.ECC_SECG_P256K1, Partition.AWS);
        assertThat(KeySpec.ECC_SECG_P256K1.supports(KeyUsage.KEY_AGREEMENT)).isFalse();
        assertThatThrownBy(() -> material.agreement().deriveSharedSecret(material.asymmetric().publicKeyInfo()))
                .isInstanceOf(IllegalStateException.class);
    }
}
