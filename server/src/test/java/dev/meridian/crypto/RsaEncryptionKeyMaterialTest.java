package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Partition;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;

/**
 * RSA encryption material: RSAES-OAEP with both of AWS's algorithms for every RSA spec, the plaintext limits
 * ({@code k - 2 hLen - 2}), ciphertexts as long as the modulus that the JDK opens with the private key and that
 * open here when the JDK made them with the public key, and refusals that say nothing about their cause.
 */
class RsaEncryptionKeyMaterialTest {
    private static final KeySpec[] SPECS = {KeySpec.RSA_2048, KeySpec.RSA_3072, KeySpec.RSA_4096};

    @Test
    void everySpecAndAlgorithmRoundTripsAtItsLimitAndTheJdkAgrees() throws Exception {
        int[][] limits = {{214, 190}, {342, 318}, {470, 446}};
        for (int index = 0; index < SPECS.length; index++) {
            KeySpec spec = SPECS[index];
            DecryptionKeyMaterial material = KeyMaterialService.generate(spec, Partition.AWS).decryption();
            int modulusBytes = Integer.parseInt(spec.name().substring(4)) / 8;
            assertThat(spec.algorithms(KeyUsage.ENCRYPT_DECRYPT)).containsExactly("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256");
            for (int which = 0; which < 2; which++) {
                String algorithm = spec.algorithms(KeyUsage.ENCRYPT_DECRYPT).get(which);
                assertThat(material.maximumPlaintextLength(algorithm)).as("%s %s", spec, algorithm)
                        .isEqualTo(limits[index][which]);
                byte[] plaintext = new byte[limits[index][which]];
                java.util.Arrays.fill(plaintext, (byte) 0x5a);
                byte[] ciphertext = material.encrypt(algorithm, plaintext);
                assertThat(ciphertext).hasSize(modulusBytes);
                assertThat(material.encrypt(algorithm, plaintext)).isNotEqualTo(ciphertext);
                assertThat(material.decrypt(algorithm, ciphertext).toByteArray()).isEqualTo(plaintext);
                assertThat(jdk(Cipher.DECRYPT_MODE, material, algorithm, ciphertext)).isEqualTo(plaintext);
                byte[] madeByTheJdk = jdk(Cipher.ENCRYPT_MODE, material, algorithm, plaintext);
                assertThat(material.decrypt(algorithm, madeByTheJdk).toByteArray()).isEqualTo(plaintext);
                byte[] tooLong = new byte[limits[index][which] + 1];
                assertThatThrownBy(() -> material.encrypt(algorithm, tooLong))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            material.destroy();
        }
    }

    @Test
    void aCiphertextOfAnotherAlgorithmKeyOrLengthIsRefusedAlike() {
        DecryptionKeyMaterial material = KeyMaterialService.generate(KeySpec.RSA_2048, Partition.AWS).decryption();
        DecryptionKeyMaterial other = KeyMaterialService.generate(KeySpec.RSA_2048, Partition.AWS).decryption();
        byte[] ciphertext = material.encrypt("RSAES_OAEP_SHA_256", new byte[] {1, 2, 3});
        String refused = new AuthenticationFailedException().getMessage();
        byte[] flipped = ciphertext.clone();
        flipped[100] ^= 1;
        byte[] withLeadingZero = new byte[ciphertext.length + 1];
        System.arraycopy(ciphertext, 0, withLeadingZero, 1, ciphertext.length);
        for (var attempt : new org.assertj.core.api.ThrowableAssert.ThrowingCallable[] {
                () -> material.decrypt("RSAES_OAEP_SHA_1", ciphertext),
                () -> other.decrypt("RSAES_OAEP_SHA_256", ciphertext),
                () -> material.decrypt("RSAES_OAEP_SHA_256", flipped),
                () -> material.decrypt("RSAES_OAEP_SHA_256", withLeadingZero),
                () -> material.decrypt("RSAES_OAEP_SHA_256", java.util.Arrays.copyOf(ciphertext, 255)),
                () -> material.decrypt("RSAES_OAEP_SHA_256", new byte[256]),
                () -> material.decrypt("RSAES_OAEP_SHA_256", new byte[0])}) {
            assertThatThrownBy(attempt).isExactlyInstanceOf(AuthenticationFailedException.class).hasMessage(refused);
        }
        assertThat(material.toString()).isEqualTo("RsaKeyMaterial[RSA_2048, redacted]");
    }

    /** The JDK's own RSA-OAEP (SunJCE), with explicit parameters: never Meridian's code. */
    private static byte[] jdk(int mode, DecryptionKeyMaterial material, String algorithm, byte[] input) throws Exception {
        String hash = algorithm.equals("RSAES_OAEP_SHA_1") ? "SHA-1" : "SHA-256";
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWith" + hash + "AndMGF1Padding");
        OAEPParameterSpec parameters = new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                PSource.PSpecified.DEFAULT);
        KeyFactory factory = KeyFactory.getInstance("RSA");
        if (mode == Cipher.ENCRYPT_MODE) {
            cipher.init(mode, factory.generatePublic(new X509EncodedKeySpec(material.publicKeyInfo())), parameters);
        } else {
            SecretBytes privateKeyInfo = material.privateKeyInfo();
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo.unsafeBytes()));
            privateKeyInfo.destroy();
            cipher.init(mode, privateKey, parameters);
        }
        return cipher.doFinal(input);
    }
}
