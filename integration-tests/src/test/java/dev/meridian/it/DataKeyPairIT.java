package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidGrantTokenException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * GenerateDataKeyPair and GenerateDataKeyPairWithoutPlaintext through the AWS SDK, for every {@code DataKeyPairSpec}
 * Meridian offers: the private key is PKCS#8 DER and the public key SubjectPublicKeyInfo, checked independently of
 * Meridian (OpenSSL derives the same public key from the private key and names the curve; the JDK parses both and a
 * signature of the private key verifies with the public key, for every spec the JDK still has); the encrypted
 * private key opens with Decrypt (also through a multi-Region replica in another Region); and every refusal, with
 * AWS's error and message.
 */
class DataKeyPairIT {
    private static final String REGION = "ap-northeast-1";
    private static final String REPLICA = "sa-east-1";
    private static final String CHINA = "cn-north-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final Map<String, String> CONTEXT = Map.of("Project", "Alpha", "purpose", "data key pair");
    private static final byte[] MESSAGE = "signed with a data key pair".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String keyId;
    @TempDir
    Path folder;

    @BeforeAll
    static void start() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        client = kms.client(REGION);
        keyId = kms.createKey(REGION);
    }

    /** Every spec of the service model's {@code DataKeyPairSpec} but SM2 (China Regions, below). */
    @ParameterizedTest
    @ValueSource(strings = {"RSA_2048", "RSA_3072", "RSA_4096", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521",
            "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519"})
    void everySpecGivesAPairThatOpenSslAndTheJdkRead(String spec) throws Exception {
        GenerateDataKeyPairResponse pair = client.generateDataKeyPair(request -> request.keyId(keyId).keyPairSpec(spec)
                .encryptionContext(CONTEXT));

        assertThat(pair.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(pair.keyPairSpecAsString()).isEqualTo(spec);
        assertThat(pair.keyMaterialId()).isEqualTo(currentKeyMaterialId(client, keyId));
        assertThat(pair.ciphertextForRecipient()).isNull();
        byte[] privateKey = pair.privateKeyPlaintext().asByteArray();
        byte[] publicKey = pair.publicKey().asByteArray();
        assertThat(decrypt(client, pair.privateKeyCiphertextBlob(), CONTEXT)).isEqualTo(privateKey);
        checkPair(spec, privateKey, publicKey);

        GenerateDataKeyPairWithoutPlaintextResponse withoutPlaintext = client.generateDataKeyPairWithoutPlaintext(
                request -> request.keyId(keyId).keyPairSpec(spec));
        assertThat(withoutPlaintext.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(withoutPlaintext.keyPairSpecAsString()).isEqualTo(spec);
        assertThat(withoutPlaintext.keyMaterialId()).isEqualTo(pair.keyMaterialId());
        assertThat(withoutPlaintext.publicKey().asByteArray()).isNotEqualTo(publicKey);
        checkPair(spec, decrypt(client, withoutPlaintext.privateKeyCiphertextBlob(), Map.of()),
                withoutPlaintext.publicKey().asByteArray());
    }

    /**
     * The pair, checked without Meridian: OpenSSL reads the PKCS#8 private key, names its curve or size, and derives
     * from it the very SubjectPublicKeyInfo returned; the JDK (where it has the curve) signs with the private key and
     * verifies with the public key.
     */
    private void checkPair(String spec, byte[] privateKey, byte[] publicKey) throws Exception {
        Path privateFile = folder.resolve("private.der");
        Files.write(privateFile, privateKey);
        openssl("pkey", "-inform", "DER", "-in", "private.der", "-pubout", "-outform", "DER", "-out", "derived.der");
        assertThat(Files.readAllBytes(folder.resolve("derived.der"))).as("OpenSSL's public key of the private key")
                .isEqualTo(publicKey);
        String text = openssl("pkey", "-inform", "DER", "-in", "private.der", "-noout", "-text");
        assertThat(text).contains(switch (spec) {
            case "RSA_2048" -> "Private-Key: (2048 bit, 2 primes)";
            case "RSA_3072" -> "Private-Key: (3072 bit, 2 primes)";
            case "RSA_4096" -> "Private-Key: (4096 bit, 2 primes)";
            case "ECC_NIST_P256" -> "NIST CURVE: P-256";
            case "ECC_NIST_P384" -> "NIST CURVE: P-384";
            case "ECC_NIST_P521" -> "NIST CURVE: P-521";
            case "ECC_SECG_P256K1" -> "ASN1 OID: secp256k1";
            case "ECC_NIST_EDWARDS25519" -> "ED25519 Private-Key:";
            case "SM2" -> "ASN1 OID: SM2";
            default -> throw new IllegalArgumentException(spec);
        });
        if (spec.equals("ECC_SECG_P256K1") || spec.equals("SM2")) {
            // JDK 17 has neither secp256k1 nor SM2: OpenSSL signs and verifies with the two halves instead.
            Files.write(folder.resolve("public.der"), publicKey);
            Files.write(folder.resolve("message.bin"), MESSAGE);
            String digest = spec.equals("SM2") ? "-sm3" : "-sha256";
            openssl("dgst", digest, "-sign", "private.der", "-keyform", "DER", "-out", "signature.bin", "message.bin");
            assertThat(openssl("dgst", digest, "-verify", "public.der", "-keyform", "DER", "-signature", "signature.bin",
                    "message.bin")).contains("Verified OK");
            return;
        }
        String family = spec.startsWith("RSA") ? "RSA" : spec.equals("ECC_NIST_EDWARDS25519") ? "Ed25519" : "EC";
        KeyFactory factory = KeyFactory.getInstance(family);
        PrivateKey parsedPrivate = factory.generatePrivate(new PKCS8EncodedKeySpec(privateKey));
        PublicKey parsedPublic = factory.generatePublic(new X509EncodedKeySpec(publicKey));
        if (parsedPublic instanceof RSAPublicKey rsa) {
            assertThat(rsa.getModulus().bitLength()).isEqualTo(Integer.parseInt(spec.substring(4)));
            assertThat(rsa.getPublicExponent().intValue()).isEqualTo(65537);
        }
        if (parsedPublic instanceof ECPublicKey ec) {
            assertThat(ec.getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(Integer.parseInt(spec.substring(10)));
        }
        String algorithm = switch (family) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> "Ed25519";
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(parsedPrivate);
        signer.update(MESSAGE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(parsedPublic);
        verifier.update(MESSAGE);
        assertThat(verifier.verify(signature)).as("a signature of the private key verifies with the public key").isTrue();
    }

    @Test
    void aPrivateKeyEncryptedUnderAMultiRegionKeyDecryptsThroughItsReplica() {
        String primary = client.createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        client.replicateKey(request -> request.keyId(primary).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(REPLICA);

        GenerateDataKeyPairResponse pair = client.generateDataKeyPair(request -> request.keyId(primary)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256).encryptionContext(CONTEXT));
        assertThat(decrypt(replica, pair.privateKeyCiphertextBlob(), CONTEXT))
                .isEqualTo(pair.privateKeyPlaintext().asByteArray());

        GenerateDataKeyPairWithoutPlaintextResponse fromReplica = replica.generateDataKeyPairWithoutPlaintext(request -> request
                .keyId(primary).keyPairSpec(DataKeyPairSpec.ECC_NIST_EDWARDS25519));
        assertThat(fromReplica.keyId()).isEqualTo(arn(REPLICA, primary));
        assertThat(fromReplica.keyMaterialId()).isEqualTo(pair.keyMaterialId());
        assertThat(decrypt(client, fromReplica.privateKeyCiphertextBlob(), Map.of()))
                .isEqualTo(decrypt(replica, fromReplica.privateKeyCiphertextBlob(), Map.of()));
    }

    @Test
    void theEncryptionContextMustBeGivenAgainToDecrypt() {
        GenerateDataKeyPairWithoutPlaintextResponse pair = client.generateDataKeyPairWithoutPlaintext(request -> request
                .keyId(keyId).keyPairSpec(DataKeyPairSpec.ECC_NIST_P256).encryptionContext(CONTEXT));
        assertKmsError(() -> decrypt(client, pair.privateKeyCiphertextBlob(), Map.of()), InvalidCiphertextException.class,
                null);
        assertKmsError(() -> decrypt(client, pair.privateKeyCiphertextBlob(), Map.of("Project", "Alpha")),
                InvalidCiphertextException.class, null);
    }

    @Test
    void anAliasNamesTheKey() {
        client.createAlias(request -> request.aliasName("alias/data-key-pairs").targetKeyId(keyId));
        assertThat(client.generateDataKeyPairWithoutPlaintext(request -> request.keyId("alias/data-key-pairs")
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P384)).keyId()).isEqualTo(arn(REGION, keyId));
    }

    @Test
    void keysThatDoNotEncryptSymmetricallyAreRefusedByTheirUsage() {
        String signing = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        String hmac = client.createKey(request -> request.keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(signing)
                .keyPairSpec(DataKeyPairSpec.RSA_2048)), InvalidKeyUsageException.class,
                arn(REGION, signing) + " key usage is SIGN_VERIFY which is not valid for GenerateDataKeyPair.");
        assertKmsError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(hmac)
                .keyPairSpec(DataKeyPairSpec.RSA_2048)), InvalidKeyUsageException.class,
                arn(REGION, hmac) + " key usage is GENERATE_VERIFY_MAC which is not valid for"
                        + " GenerateDataKeyPairWithoutPlaintext.");
    }

    @Test
    void asymmetricEncryptionKeysAreRefusedByTheirSpec() {
        String rsa = client.createKey(request -> request.keySpec(KeySpec.RSA_2048)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)).keyMetadata().keyId();
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(rsa)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)), InvalidKeyUsageException.class,
                arn(REGION, rsa) + " key KeySpec is RSA_2048 which is not valid for GenerateDataKeyPair.");
        assertKmsError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(rsa)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)), InvalidKeyUsageException.class,
                arn(REGION, rsa) + " key KeySpec is RSA_2048 which is not valid for"
                        + " GenerateDataKeyPairWithoutPlaintext.");
    }

    @Test
    void missingKeysAreNotFound() {
        String missing = "1234abcd-12ab-34cd-56ef-1234567890ab";
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(missing)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)), NotFoundException.class,
                "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId("alias/missing")
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)), NotFoundException.class,
                "Alias arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":alias/missing is not found.");
    }

    @Test
    void theKeyStateIsChecked() {
        String disabled = kms.createKey(REGION);
        client.disableKey(request -> request.keyId(disabled));
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(disabled)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)), DisabledException.class, arn(REGION, disabled) + " is disabled.");
        String deleted = kms.createKey(REGION);
        client.scheduleKeyDeletion(request -> request.keyId(deleted).pendingWindowInDays(7));
        assertKmsError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(deleted)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)), KmsInvalidStateException.class,
                arn(REGION, deleted) + " is pending deletion.");
    }

    @Test
    void sm2IsOfferedOnlyInTheChinaRegions() throws Exception {
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(keyId).keyPairSpec(DataKeyPairSpec.SM2)),
                UnsupportedOperationException.class, "KeyPairSpec SM2 is not supported in this Region");
        assertKmsError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(keyId)
                .keyPairSpec(DataKeyPairSpec.SM2)), UnsupportedOperationException.class,
                "KeyPairSpec SM2 is not supported in this Region");
        KmsClient china = kms.client(CHINA);
        String chinaKey = kms.createKey(CHINA);
        GenerateDataKeyPairResponse pair = china.generateDataKeyPair(request -> request.keyId(chinaKey)
                .keyPairSpec(DataKeyPairSpec.SM2));
        assertThat(pair.keyId()).startsWith("arn:aws-cn:kms:" + CHINA + ":");
        assertThat(pair.keyPairSpecAsString()).isEqualTo("SM2");
        byte[] privateKey = pair.privateKeyPlaintext().asByteArray();
        assertThat(decrypt(china, pair.privateKeyCiphertextBlob(), Map.of())).isEqualTo(privateKey);
        checkPair("SM2", privateKey, pair.publicKey().asByteArray());
    }

    @Test
    void theModelRefusesAMissingOrUnknownSpec() {
        assertUndeclaredError(() -> client.generateDataKeyPair(request -> request.keyId(keyId)), "ValidationException",
                "1 validation error detected: Value null at 'keyPairSpec' failed to satisfy constraint: Member must not be"
                        + " null");
        assertUndeclaredError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(keyId)
                .keyPairSpec("RSA_1024")), "ValidationException",
                "1 validation error detected: Value 'RSA_1024' at 'keyPairSpec' failed to satisfy constraint: Member must"
                        + " satisfy enum value set: [RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384,"
                        + " ECC_NIST_P521, ECC_SECG_P256K1, SM2, ECC_NIST_EDWARDS25519]");
    }

    @Test
    void aDryRunChecksTheRequestAndReturnsNoPair() {
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(keyId)
                .keyPairSpec(DataKeyPairSpec.RSA_4096).dryRun(true)), DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.");
        assertKmsError(() -> client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(keyId)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256).dryRun(true)), DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.");
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(keyId)
                .keyPairSpec(DataKeyPairSpec.SM2).dryRun(true)), UnsupportedOperationException.class,
                "KeyPairSpec SM2 is not supported in this Region");
    }

    @Test
    void grantTokensAreChecked() {
        assertKmsError(() -> client.generateDataKeyPair(request -> request.keyId(keyId)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256).grantTokens("not a grant token")),
                InvalidGrantTokenException.class, "The request was rejected because the specified grant token is not valid.");
        String grantToken = client.createGrant(request -> request.keyId(keyId)
                .granteePrincipal("arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/pairs")
                .operations(software.amazon.awssdk.services.kms.model.GrantOperation.GENERATE_DATA_KEY_PAIR))
                .grantToken();
        assertThat(client.generateDataKeyPairWithoutPlaintext(request -> request.keyId(keyId)
                .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256).grantTokens(grantToken)).keyId()).isEqualTo(arn(REGION, keyId));
    }

    private static byte[] decrypt(KmsClient in, SdkBytes ciphertext, Map<String, String> context) {
        return in.decrypt(request -> request.ciphertextBlob(ciphertext).encryptionContext(context)).plaintext()
                .asByteArray();
    }

    private static String currentKeyMaterialId(KmsClient in, String id) {
        return in.describeKey(request -> request.keyId(id)).keyMetadata().currentKeyMaterialId();
    }

    /** Runs {@code openssl} with {@code arguments} in the test's folder; its output, after a zero exit. */
    private String openssl(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", command, output).isZero();
        return output;
    }
}
