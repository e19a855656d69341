package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.crypto.attestation.AttestationDocumentVerifier;
import dev.meridian.crypto.attestation.AwsNitroEnclavesRoot;
import dev.meridian.model.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The core's rules for RSA encryption keys, below HTTP: {@link Cryptography} with {@link AsymmetricEncryption} over
 * the real registry. The algorithm must be one of the key's spec's, the ciphertext is the bare OAEP output (so
 * Decrypt needs the key and the algorithm), no encryption context, per-spec limits, and a ciphertext that does not
 * open is {@code InvalidCiphertextException} without a message.
 */
class AsymmetricEncryptionTest {
    private static final String REGION = "eu-west-3";
    private static final byte[] PLAINTEXT = "the plaintext".getBytes(StandardCharsets.UTF_8);
    private final CoreFixture core = new CoreFixture();
    private final Cryptography cryptography = new Cryptography(core.registry,
            new KeyUsageTracker(core.registry, core.clock), new AwsManagedKeys(core.registry, core.clock),
            new AttestationDocumentVerifier(AwsNitroEnclavesRoot.certificate()), core.clock);

    @AfterEach
    void close() {
        core.close();
    }

    private String createRsaKey(String spec) {
        return core.lifecycle.createKey(caller(REGION), new CreateKeyRequest(null, null, KeyUsage.ENCRYPT_DECRYPT, spec,
                null, false, null, false, null)).record().reference().keyId().value();
    }

    private String arn(String keyId) {
        return CoreFixture.reference(REGION, keyId).arn();
    }

    @Test
    void encryptsToTheBareOaepOutputThatOpensOnlyWithTheKeyAndAlgorithm() {
        String keyId = createRsaKey("RSA_2048");
        Cryptography.Encrypted encrypted = cryptography.encrypt(caller(REGION), keyId, PLAINTEXT, null,
                "RSAES_OAEP_SHA_1");
        assertThat(encrypted.ciphertext()).hasSize(256);
        assertThat(encrypted.encryptionAlgorithm()).isEqualTo("RSAES_OAEP_SHA_1");
        assertThat(encrypted.keyMaterialId()).isNull();
        Cryptography.Decrypted decrypted = cryptography.decrypt(caller(REGION), encrypted.ciphertext(), Map.of(), keyId,
                "RSAES_OAEP_SHA_1");
        assertThat(decrypted.plaintext().toByteArray()).isEqualTo(PLAINTEXT);
        assertThat(decrypted.keyMaterialId()).isNull();
        assertThat(decrypted.encryptionAlgorithm()).isEqualTo("RSAES_OAEP_SHA_1");

        assertRefused(() -> cryptography.decrypt(caller(REGION), encrypted.ciphertext(), null, keyId,
                "RSAES_OAEP_SHA_256"), ErrorCode.INVALID_CIPHERTEXT, null);
        String otherKey = createRsaKey("RSA_2048");
        assertRefused(() -> cryptography.decrypt(caller(REGION), encrypted.ciphertext(), null, otherKey,
                "RSAES_OAEP_SHA_1"), ErrorCode.INVALID_CIPHERTEXT, null);
        assertRefused(() -> cryptography.decrypt(caller(REGION), encrypted.ciphertext(), null, keyId, null),
                ErrorCode.INVALID_CIPHERTEXT, null);
        assertRefused(() -> cryptography.decrypt(caller(REGION), encrypted.ciphertext(), null, null, null),
                ErrorCode.INVALID_CIPHERTEXT, null);
        assertRefused(() -> cryptography.decrypt(caller(REGION), encrypted.ciphertext(), null, null, "RSAES_OAEP_SHA_1"),
                ErrorCode.VALIDATION, "KeyId must not be null");
    }

    @Test
    void theAlgorithmMustBeTheKeySpecsAndTheContextAbsent() {
        String keyId = createRsaKey("RSA_2048");
        String symmetricKeyId = core.createKey(REGION);
        assertRefused(() -> cryptography.encrypt(caller(REGION), keyId, PLAINTEXT, null, null),
                ErrorCode.INVALID_KEY_USAGE, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        assertRefused(() -> cryptography.encrypt(caller(REGION), symmetricKeyId, PLAINTEXT, null, "RSAES_OAEP_SHA_256"),
                ErrorCode.INVALID_KEY_USAGE, "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
        assertRefused(() -> cryptography.decrypt(caller(REGION), new byte[256], null, symmetricKeyId,
                "RSAES_OAEP_SHA_256"), ErrorCode.INVALID_KEY_USAGE,
                "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
        assertRefused(() -> cryptography.generateDataKey(caller(REGION), keyId, "AES_256", null, null, true),
                ErrorCode.INVALID_KEY_USAGE, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        assertRefused(() -> cryptography.encrypt(caller(REGION), keyId, PLAINTEXT, Map.of("purpose", "test"),
                "RSAES_OAEP_SHA_256"), ErrorCode.VALIDATION,
                "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.");
        assertRefused(() -> cryptography.decrypt(caller(REGION), new byte[256], Map.of("purpose", "test"), keyId,
                "RSAES_OAEP_SHA_256"), ErrorCode.VALIDATION,
                "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.");
        assertThat(cryptography.encrypt(caller(REGION), keyId, new byte[190], Map.of(), "RSAES_OAEP_SHA_256")
                .ciphertext()).hasSize(256);
        assertRefused(() -> cryptography.encrypt(caller(REGION), keyId, new byte[191], null, "RSAES_OAEP_SHA_256"),
                ErrorCode.VALIDATION, "Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger"
                        + " than 190 bytes.");
        assertRefused(() -> cryptography.encrypt(caller(REGION), keyId, new byte[215], null, "RSAES_OAEP_SHA_1"),
                ErrorCode.VALIDATION, "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger"
                        + " than 214 bytes.");
    }

    @Test
    void reEncryptMovesBetweenRsaAndSymmetricKeys() {
        String rsaKeyId = createRsaKey("RSA_2048");
        String symmetricKeyId = core.createKey(REGION);
        byte[] rsaCiphertext = cryptography.encrypt(caller(REGION), rsaKeyId, PLAINTEXT, null, "RSAES_OAEP_SHA_256")
                .ciphertext();
        Cryptography.ReEncrypted toSymmetric = cryptography.reEncrypt(caller(REGION), rsaCiphertext, null, rsaKeyId,
                "RSAES_OAEP_SHA_256", symmetricKeyId, Map.of("to", "symmetric"), null);
        assertThat(toSymmetric.sourceKeyMaterialId()).isNull();
        assertThat(toSymmetric.destinationKeyMaterialId()).isNotNull();
        assertThat(toSymmetric.sourceEncryptionAlgorithm()).isEqualTo("RSAES_OAEP_SHA_256");
        assertThat(toSymmetric.destinationEncryptionAlgorithm()).isEqualTo("SYMMETRIC_DEFAULT");
        Cryptography.ReEncrypted back = cryptography.reEncrypt(caller(REGION), toSymmetric.ciphertext(),
                Map.of("to", "symmetric"), null, null, rsaKeyId, null, "RSAES_OAEP_SHA_1");
        assertThat(back.sourceKeyMaterialId()).isNotNull();
        assertThat(back.destinationKeyMaterialId()).isNull();
        assertThat(back.ciphertext()).hasSize(256);
        assertThat(cryptography.decrypt(caller(REGION), back.ciphertext(), null, rsaKeyId, "RSAES_OAEP_SHA_1")
                .plaintext().toByteArray()).isEqualTo(PLAINTEXT);
        assertRefused(() -> cryptography.reEncrypt(caller(REGION), rsaCiphertext, null, null, "RSAES_OAEP_SHA_256",
                symmetricKeyId, null, null), ErrorCode.VALIDATION, "SourceKeyId must not be null");
        assertRefused(() -> cryptography.reEncrypt(caller(REGION), toSymmetric.ciphertext(), Map.of("to", "symmetric"),
                null, null, rsaKeyId, Map.of("to", "rsa"), "RSAES_OAEP_SHA_1"), ErrorCode.VALIDATION,
                "EncryptionContext is not supported when encrypting/decrypting with asymmetric CMKs.");
        assertRefused(() -> cryptography.reEncrypt(caller(REGION), rsaCiphertext, null, rsaKeyId, "RSAES_OAEP_SHA_256",
                rsaKeyId, null, null), ErrorCode.INVALID_KEY_USAGE,
                "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        assertThat(arn(rsaKeyId)).isEqualTo(back.destinationKey().arn());
    }
}
