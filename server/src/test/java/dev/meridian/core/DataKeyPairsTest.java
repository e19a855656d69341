package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.crypto.attestation.AttestationDocumentVerifier;
import dev.meridian.crypto.attestation.AwsNitroEnclavesRoot;
import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import dev.meridian.model.KeyOrigin;
import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyReference;
import dev.meridian.model.KeySpec;
import dev.meridian.model.KeyState;
import dev.meridian.model.KeyUsage;
import dev.meridian.model.Region;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DataKeyPairs} below HTTP: every spec the JDK knows gives a PKCS#8 private key and a SubjectPublicKeyInfo
 * that the JDK's own providers parse and that form one pair (a signature of the private key verifies with the
 * public key); the encrypted private key opens with Decrypt; the checks of key, state, usage, spec and dry run,
 * with AWS's texts.
 */
class DataKeyPairsTest {
    private static final String REGION = "eu-west-1";
    private final CoreFixture core = new CoreFixture();
    private final KeyUsageTracker usage = new KeyUsageTracker(core.registry, core.clock);
    private final AwsManagedKeys awsManagedKeys = new AwsManagedKeys(core.registry, core.clock);
    private final Cryptography cryptography = new Cryptography(core.registry, usage, awsManagedKeys,
            new AttestationDocumentVerifier(AwsNitroEnclavesRoot.certificate()), core.clock);
    private final DataKeyPairs pairs = new DataKeyPairs(core.registry, cryptography, usage, awsManagedKeys);

    @AfterEach
    void close() {
        core.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA_2048", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_NIST_EDWARDS25519"})
    void thePairIsOneKeyPairThatTheJdkReadsAndItsPrivateKeyDecrypts(String spec) throws Exception {
        String keyId = core.createKey(REGION);
        Map<String, String> context = Map.of("purpose", "unit test");
        DataKeyPairs.DataKeyPair pair = pairs.generate(caller(REGION), keyId, spec, context, true);

        assertThat(usage.lastUsage(pair.key()).operation()).isEqualTo("GenerateDataKeyPair");
        assertThat(pair.keyPairSpec()).isEqualTo(spec);
        assertThat(pair.key()).isEqualTo(CoreFixture.reference(REGION, keyId));
        assertThat(pair.keyMaterialId()).isEqualTo(core.entry(REGION, keyId).materials().get(1).info().keyMaterialId());
        byte[] pkcs8 = pair.privateKey().toByteArray();
        Cryptography.Decrypted decrypted = cryptography.decrypt(caller(REGION), pair.privateKeyCiphertext(), context,
                null, null);
        assertThat(decrypted.plaintext().toByteArray()).isEqualTo(pkcs8);

        String family = spec.startsWith("RSA") ? "RSA" : spec.equals("ECC_NIST_EDWARDS25519") ? "Ed25519" : "EC";
        KeyFactory factory = KeyFactory.getInstance(family);
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey publicKey = factory.generatePublic(new X509EncodedKeySpec(pair.publicKey()));
        String algorithm = family.equals("RSA") ? "SHA256withRSA" : family.equals("EC") ? "SHA256withECDSA" : "Ed25519";
        byte[] message = "a data key pair".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(privateKey);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(publicKey);
        verifier.update(message);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void withoutPlaintextThereIsNoPrivateKeyInTheClearAndEachPairIsNew() {
        String keyId = core.createKey(REGION);
        DataKeyPairs.DataKeyPair first = pairs.generate(caller(REGION), keyId, "ECC_SECG_P256K1", Map.of(), false);
        DataKeyPairs.DataKeyPair second = pairs.generate(caller(REGION), keyId, "ECC_SECG_P256K1", Map.of(), false);
        assertThat(usage.lastUsage(first.key()).operation()).isEqualTo("GenerateDataKeyPairWithoutPlaintext");
        assertThat(first.privateKey()).isNull();
        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
        assertThat(cryptography.decrypt(caller(REGION), first.privateKeyCiphertext(), Map.of(), keyId, null)
                .plaintext().length()).isGreaterThan(32);
        assertThat(first.toString()).doesNotContain("privateKey");
    }

    @Test
    void theEncryptionContextBindsTheEncryptedPrivateKey() {
        String keyId = core.createKey(REGION);
        DataKeyPairs.DataKeyPair pair = pairs.generate(caller(REGION), keyId, "ECC_NIST_P256", Map.of("a", "b"), false);
        assertRefused(() -> cryptography.decrypt(caller(REGION), pair.privateKeyCiphertext(), Map.of(), null, null),
                ErrorCode.INVALID_CIPHERTEXT, null);
    }

    @Test
    void aKeyOfAnotherUsageIsRefusedByItsUsage() {
        String signing = core.lifecycle.createKey(caller(REGION), new CreateKeyRequest(null, null, KeyUsage.SIGN_VERIFY,
                "ECC_NIST_P256", null, false, null, false, null)).record().reference().keyId().value();
        String arn = CoreFixture.reference(REGION, signing).arn();
        assertRefused(() -> pairs.generate(caller(REGION), signing, "RSA_2048", Map.of(), true),
                ErrorCode.INVALID_KEY_USAGE, arn + " key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.");
        assertRefused(() -> pairs.generate(caller(REGION), signing, "RSA_2048", Map.of(), false),
                ErrorCode.INVALID_KEY_USAGE,
                arn + " key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPairWithoutPlaintext.");
        assertThat(usage.lastUsage(CoreFixture.reference(REGION, signing))).isNull();
    }

    @Test
    void anAsymmetricEncryptionKeyIsRefusedByItsSpec() {
        KeyRecord rsa = KeyRecord.builder()
                .reference(new KeyReference(AccountId.of("111122223333"), Region.of(REGION),
                        KeyId.parseOrNull("1234abcd-12ab-34cd-56ef-1234567890ab")))
                .description("").policy("{}").state(KeyState.Enabled).creationDate(Instant.EPOCH)
                .origin(KeyOrigin.AWS_KMS).keySpec(KeySpec.RSA_2048).keyUsage(KeyUsage.ENCRYPT_DECRYPT)
                .build();
        assertRefused(() -> DataKeyPairs.checkSymmetricEncryptionKey(rsa, "GenerateDataKeyPair"),
                ErrorCode.INVALID_KEY_USAGE, rsa.arn() + " key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPair.");
    }

    @Test
    void aDisabledKeyIsRefusedBeforeTheSpecIsLookedAt() {
        String keyId = core.createKey(REGION);
        core.lifecycle.disableKey(caller(REGION), keyId);
        assertRefused(() -> pairs.generate(caller(REGION), keyId, "SM2", Map.of(), true), ErrorCode.DISABLED,
                CoreFixture.reference(REGION, keyId).arn() + " is disabled.");
    }

    @Test
    void sm2IsOfferedOnlyInTheChinaRegions() {
        String keyId = core.createKey(REGION);
        assertRefused(() -> pairs.generate(caller(REGION), keyId, "SM2", Map.of(), true),
                ErrorCode.UNSUPPORTED_OPERATION, "KeyPairSpec SM2 is not supported in this Region");
        String china = "cn-north-1";
        String chinaKey = core.createKey(china);
        DataKeyPairs.DataKeyPair pair = pairs.generate(caller(china), chinaKey, "SM2", Map.of(), false);
        assertThat(pair.keyPairSpec()).isEqualTo("SM2");
    }

    @Test
    void aDryRunChecksEverythingAndGeneratesNothing() {
        String keyId = core.createKey(REGION);
        assertRefused(() -> DryRun.run(() -> pairs.generate(caller(REGION), keyId, "RSA_4096", Map.of(), true)),
                ErrorCode.DRY_RUN_OPERATION, DryRun.MESSAGE);
        assertRefused(() -> DryRun.run(() -> pairs.generate(caller(REGION), keyId, "SM2", Map.of(), true)),
                ErrorCode.UNSUPPORTED_OPERATION, "KeyPairSpec SM2 is not supported in this Region");
        assertThat(usage.lastUsage(CoreFixture.reference(REGION, keyId))).isNull();
    }
}
