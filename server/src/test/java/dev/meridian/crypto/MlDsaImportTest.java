package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeySpec;
import dev.meridian.model.Partition;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Imported ML-DSA private keys: PKCS#8 in the seed form, of the key's own parameter set, nothing else. */
class MlDsaImportTest {

    @Test
    void aKeyOfTheSpecIsTakenWithItsMaterialId() {
        for (KeySpec spec : new KeySpec[] {KeySpec.ML_DSA_44, KeySpec.ML_DSA_65, KeySpec.ML_DSA_87}) {
            KeyMaterial generated = KeyMaterialService.generate(spec, Partition.AWS);
            SecretBytes pkcs8 = generated.asymmetric().privateKeyInfo();
            Optional<KeyMaterial> imported = KeyMaterialService.parseImported(spec, pkcs8);
            assertThat(imported).as(spec.name()).isPresent();
            assertThat(KeyMaterialService.keyMaterialId(imported.get()))
                    .isEqualTo(KeyMaterialService.keyMaterialId(generated));
            assertThat(imported.get().asymmetric().publicKeyInfo()).isEqualTo(generated.asymmetric().publicKeyInfo());
        }
    }

    @Test
    void theSameSeedInAnotherValidEncodingIsTheSameMaterial() throws Exception {
        KeyMaterial generated = KeyMaterialService.generate(KeySpec.ML_DSA_87, Partition.AWS);
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                generated.asymmetric().privateKeyInfo().unsafeBytes());
        byte[] withAttributes = new org.bouncycastle.asn1.pkcs.PrivateKeyInfo(info.getPrivateKeyAlgorithm(),
                info.parsePrivateKey(), new org.bouncycastle.asn1.DERSet(new org.bouncycastle.asn1.DERSequence(
                        new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.3.4")))).getEncoded("DER");
        KeyMaterial imported = KeyMaterialService.parseImported(KeySpec.ML_DSA_87, SecretBytes.copyOf(withAttributes))
                .orElseThrow();
        assertThat(KeyMaterialService.keyMaterialId(imported)).isEqualTo(KeyMaterialService.keyMaterialId(generated));
        assertThat(imported.asymmetric().privateKeyInfo().unsafeBytes())
                .isEqualTo(generated.asymmetric().privateKeyInfo().unsafeBytes());
    }

    @Test
    void aKeyOfAnotherParameterSetOrSpecIsRefused() {
        SecretBytes mlDsa44 = KeyMaterialService.generate(KeySpec.ML_DSA_44, Partition.AWS).asymmetric().privateKeyInfo();
        assertThat(KeyMaterialService.parseImported(KeySpec.ML_DSA_65, mlDsa44)).isEmpty();
        assertThat(KeyMaterialService.parseImported(KeySpec.ML_DSA_87, mlDsa44)).isEmpty();
        SecretBytes p256 = KeyMaterialService.generate(KeySpec.ECC_NIST_P256, Partition.AWS).asymmetric()
                .privateKeyInfo();
        assertThat(KeyMaterialService.parseImported(KeySpec.ML_DSA_44, p256)).isEmpty();
        assertThat(KeyMaterialService.parseImported(KeySpec.ECC_NIST_P256, mlDsa44)).isEmpty();
    }

    @Test
    void truncatedMutatedAndRandomBytesAreRefusedWithoutAnException() {
        byte[] valid = KeyMaterialService.generate(KeySpec.ML_DSA_65, Partition.AWS).asymmetric().privateKeyInfo()
                .unsafeBytes();
        for (int length = 0; length < valid.length; length++) {
            assertThat(KeyMaterialService.parseImported(KeySpec.ML_DSA_65,
                    SecretBytes.copyOf(Arrays.copyOf(valid, length)))).as("truncated to %d", length).isEmpty();
        }
        Random random = new Random(8);
        for (int round = 0; round < 300; round++) {
            byte[] mutated = valid.clone();
            mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            KeyMaterialService.parseImported(KeySpec.ML_DSA_65, SecretBytes.copyOf(mutated));
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            assertThat(KeyMaterialService.parseImported(KeySpec.ML_DSA_65, SecretBytes.copyOf(garbage))).isEmpty();
        }
    }
}
