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
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ML-DSA signing material: seed-form PKCS#8 through the material service, RAW and EXTERNAL_MU signatures of the
 * FIPS 204 sizes, the message types the algorithm takes, malformed or foreign material refused, never printed.
 */
class MlDsaKeyMaterialTest {
    private static final KeyReference KEY = new KeyReference(AccountId.of("111122223333"), Region.of("eu-west-1"),
            new KeyId("0123abcd-4567-89ef-0011-223344556677"));
    private static final byte[] MESSAGE = "signed".getBytes(StandardCharsets.UTF_8);
    private static final String ALGORITHM = "ML_DSA_SHAKE_256";

    @TempDir
    Path folder;

    @Test
    void eachSpecSignsVerifiesAndSurvivesWrapping() {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        int[][] sizes = {{2420, 1334}, {3309, 1974}, {4627, 2614}};
        KeySpec[] specs = {KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87};
        for (int i = 0; i < specs.length; i++) {
            KeySpec spec = specs[i];
            KeyMaterial material = KeyMaterialService.generate(spec, Partition.AWS);
            assertThat(material.spec()).isEqualTo(spec);
            assertThat(material.fitsPartition(Partition.AWS_CN)).isTrue();
            SecretBytes privateKeyInfo = material.asymmetric().privateKeyInfo();
            assertThat(privateKeyInfo.length()).isEqualTo(54);
            byte[] wrapped = KeyMaterialService.wrap(rootKey, material, KEY, 1);
            KeyMaterial unwrapped = KeyMaterialService.unwrap(rootKey, spec, wrapped, KEY, 1);
            assertThat(unwrapped.equalsConstantTime(material)).isTrue();
            assertThat(KeyMaterialService.keyMaterialId(unwrapped))
                    .isEqualTo(KeyMaterialService.keyMaterialId(material));
            byte[] publicKeyInfo = material.signing().publicKeyInfo();
            assertThat(publicKeyInfo).hasSize(sizes[i][1]);
            assertThat(unwrapped.signing().publicKeyInfo()).isEqualTo(publicKeyInfo);

            byte[] raw = material.signing().sign(ALGORITHM, MESSAGE, MessageType.RAW);
            assertThat(raw).hasSize(sizes[i][0]);
            assertThat(unwrapped.signing().verify(ALGORITHM, MESSAGE, MessageType.RAW, raw)).isTrue();
            assertThat(MlDsaKeyMaterial.verify(spec, publicKeyInfo, ALGORITHM, MESSAGE, MessageType.RAW, raw))
                    .isTrue();
            KeySpec other = specs[(i + 1) % specs.length];
            assertThat(MlDsaKeyMaterial.verify(other, publicKeyInfo, ALGORITHM, MESSAGE, MessageType.RAW, raw))
                    .isFalse();
            byte[] mu = new byte[64];
            byte[] external = material.signing().sign(ALGORITHM, mu, MessageType.EXTERNAL_MU);
            assertThat(external).hasSize(sizes[i][0]);
            assertThat(unwrapped.signing().verify(ALGORITHM, mu, MessageType.EXTERNAL_MU, external)).isTrue();
            assertThat(unwrapped.signing().verify(ALGORITHM, mu, MessageType.EXTERNAL_MU, raw)).isFalse();
            assertThat(unwrapped.signing().verify(ALGORITHM, new byte[32], MessageType.EXTERNAL_MU, external))
                    .isFalse();
            assertThat(unwrapped.signing().verify(ALGORITHM, MESSAGE, MessageType.DIGEST, raw)).isFalse();
            assertThat(unwrapped.signing().verify("ECDSA_SHA_256", MESSAGE, MessageType.RAW, raw)).isFalse();
            assertThat(unwrapped.signing().verify(ALGORITHM, MESSAGE, MessageType.RAW, new byte[3])).isFalse();
            assertThatThrownBy(() -> material.signing().sign(ALGORITHM, MESSAGE, MessageType.DIGEST))
                    .isInstanceOf(IllegalArgumentException.class);

            assertThat(material.toString()).isEqualTo("MlDsaKeyMaterial[" + spec + ", redacted]");
            assertThatThrownBy(material::hmac).isInstanceOf(IllegalStateException.class);
            assertThat(KeyMaterialService.parseImported(spec, privateKeyInfo)).as("imported in its seed form")
                    .hasValueSatisfying(imported -> assertThat(imported.equalsConstantTime(material)).isTrue());
            privateKeyInfo.destroy();
        }
    }

    @Test
    void theMessageTypesOfTheAlgorithm() {
        assertThat(SigningKeyMaterial.acceptsMessageType(ALGORITHM, MessageType.RAW)).isTrue();
        assertThat(SigningKeyMaterial.acceptsMessageType(ALGORITHM, MessageType.EXTERNAL_MU)).isTrue();
        assertThat(SigningKeyMaterial.acceptsMessageType(ALGORITHM, MessageType.DIGEST)).isFalse();
        assertThat(SigningKeyMaterial.acceptsMessageType("ECDSA_SHA_256", MessageType.EXTERNAL_MU)).isFalse();
        assertThat(SigningKeyMaterial.acceptsMessageType("ED25519_SHA_512", MessageType.EXTERNAL_MU)).isFalse();
        assertThat(SigningKeyMaterial.externalMuLength()).isEqualTo(64);
    }

    @Test
    void theSameSeedGivesTheSameKeyAndTheSeedFormIsRfc9881s() {
        byte[] seed = new byte[32];
        seed[0] = 42;
        MlDsaKeyMaterial first = MlDsaKeyMaterial.fromSeed(KeySpec.ML_DSA_65, seed);
        MlDsaKeyMaterial second = MlDsaKeyMaterial.fromSeed(KeySpec.ML_DSA_65, seed);
        assertThat(first.equalsConstantTime(second)).isTrue();
        assertThat(first.publicKeyInfo()).isEqualTo(second.publicKeyInfo());
        assertThat(HexFormat.of().formatHex(first.privateKeyInfo().toByteArray()))
                .isEqualTo("3034020100300b0609608648016503040312042280202a" + "00".repeat(31));
        assertThat(first.equalsConstantTime(MlDsaKeyMaterial.fromSeed(KeySpec.ML_DSA_44, seed))).isFalse();
        assertThatThrownBy(() -> MlDsaKeyMaterial.fromSeed(KeySpec.ML_DSA_65, new byte[31]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MlDsaKeyMaterial.fromSeed(KeySpec.ECC_NIST_P256, seed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void materialOfAnotherSpecOrFormIsRefused() {
        RootKey rootKey = FileRootKey.loadOrCreate(folder.resolve("root.key"));
        byte[] mlDsa44 = KeyMaterialService.wrap(rootKey,
                KeyMaterialService.generate(KeySpec.ML_DSA_44, Partition.AWS), KEY, 1);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ML_DSA_65, mlDsa44, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ECC_NIST_EDWARDS25519, mlDsa44, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] ed25519 = KeyMaterialService.wrap(rootKey,
                KeyMaterialService.generate(KeySpec.ECC_NIST_EDWARDS25519, Partition.AWS), KEY, 1);
        assertThatThrownBy(() -> KeyMaterialService.unwrap(rootKey, KeySpec.ML_DSA_44, ed25519, KEY, 1))
                .isInstanceOf(IllegalArgumentException.class);
        // The expanded form ([0] replaced by a bare OCTET STRING of the expanded key) is not what Meridian stores.
        byte[] expanded = HexFormat.of().parseHex("3034020100300b0609608648016503040311042204202a" + "00".repeat(31));
        assertThatThrownBy(() -> new MlDsaKeyMaterial(KeySpec.ML_DSA_44, SecretBytes.copyOf(expanded)))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] withParameters = HexFormat.of().parseHex(
                "3036020100300d06096086480165030403110500042280202a" + "00".repeat(31));
        assertThatThrownBy(() -> new MlDsaKeyMaterial(KeySpec.ML_DSA_44, SecretBytes.copyOf(withParameters)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
