package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import dev.meridian.model.Region;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.EdDSAParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ed25519 signing material: PKCS#8 through the material service, PureEdDSA and Ed25519ph, never printed. */
class Ed25519KeyMaterialTest {
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));
    private static final byte[] MESSAGE = "signed".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path folder;

    @Test
    void signsVerifiesAndSurvivesWrapping() throws Exception {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        KeyMaterial material = KeyMaterialService.generate(KeySpec.ECC_NIST_EDWARDS25519, Partition.AWS);
        assertThat(material.spec()).isEqualTo(KeySpec.ECC_NIST_EDWARDS25519);
        assertThat(material.fitsPartition(Partition.AWS_CN)).isTrue();
        byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 1);
        KeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, KeySpec.ECC_NIST_EDWARDS25519, wrapped, KEY, 1);
        assertThat(unwrapped.equalsConstantTime(material)).isTrue();
        assertThat(KeyMaterialService.keyMaterialId(unwrapped)).isEqualTo(KeyMaterialService.keyMaterialId(material));
        byte[] publicKeyInfo = material.signing().publicKeyInfo();
        assertThat(publicKeyInfo).hasSize(44).startsWith(HexFormat.of().parseHex("302a300506032b6570032100"));
        assertThat(unwrapped.signing().publicKeyInfo()).isEqualTo(publicKeyInfo);

        byte[] pure = material.signing().sign("ED25519_SHA_512", MESSAGE, MessageType.RAW);
        assertThat(pure).hasSize(64);
        assertThat(unwrapped.signing().verify("ED25519_SHA_512", MESSAGE, MessageType.RAW, pure)).isTrue();
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKeyInfo)));
        jdk.update(MESSAGE);
        assertThat(jdk.verify(pure)).isTrue();

        byte[] digest = MessageDigest.getInstance("SHA-512").digest(MESSAGE);
        byte[] prehashed = material.signing().sign("ED25519_PH_SHA_512", digest, MessageType.DIGEST);
        assertThat(unwrapped.signing().verify("ED25519_PH_SHA_512", digest, MessageType.DIGEST, prehashed)).isTrue();
        assertThat(unwrapped.signing().verify("ED25519_SHA_512", MESSAGE, MessageType.RAW, prehashed)).isFalse();
        Signature jdkPrehash = Signature.getInstance("Ed25519");
        jdkPrehash.setParameter(new EdDSAParameterSpec(true));
        jdkPrehash.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(publicKeyInfo)));
        jdkPrehash.update(digest);
        assertThat(jdkPrehash.verify(prehashed)).isTrue();

        assertThat(material.signing().verify("ED25519_SHA_512", MESSAGE, MessageType.DIGEST, pure)).isFalse();
        assertThat(material.signing().verify("ED25519_PH_SHA_512", MESSAGE, MessageType.RAW, prehashed)).isFalse();
        assertThat(material.signing().verify("ED25519_SHA_512", MESSAGE, MessageType.RAW, new byte[3])).isFalse();
        assertThat(SigningKeyMaterial.acceptsMessageType("ED25519_SHA_512", MessageType.RAW)).isTrue();
        assertThat(SigningKeyMaterial.acceptsMessageType("ED25519_SHA_512", MessageType.DIGEST)).isFalse();
        assertThat(SigningKeyMaterial.acceptsMessageType("ED25519_PH_SHA_512", MessageType.DIGEST)).isTrue();
        assertThat(SigningKeyMaterial.acceptsMessageType("ED25519_PH_SHA_512", MessageType.RAW)).isFalse();
        assertThat(SigningKeyMaterial.digestLength("ED25519_PH_SHA_512")).isEqualTo(64);

        assertThat(material.toString()).isEqualTo("Ed25519KeyMaterial[redacted]");
        assertThatThrownBy(material::symmetric).isInstanceOf(IllegalStateException.class);
        assertThat(KeyMaterialService.parseImported(KeySpec.ECC_NIST_EDWARDS25519, SecretBytes.random(32)))
                .isEqualTo(Optional.empty());
    }

    @Test
    void materialOfAnotherSpecIsRefused() {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        byte[] ecdsa = KeyMaterialService.wrap(rootKey,
                KeyMaterialService.generate(KeySpec.ECC_NIST_P256, Partition.AWS), KEY, 1);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ECC_NIST_EDWARDS25519, ecdsa, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] ed25519 = KeyMaterialService.wrap(rootKey,
                KeyMaterialService.generate(KeySpec.ECC_NIST_EDWARDS25519, Partition.AWS), KEY, 1);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ECC_NIST_P256, ed25519, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
