package dev.meridian.it;

import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.AuditSupport.record;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunModifierType;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.ReEncryptResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * RSA encryption keys ({@code RSA_2048/3072/4096} with {@code ENCRYPT_DECRYPT}) through the AWS SDK: every spec
 * and algorithm round trip at AWS's plaintext limits, the bare OAEP ciphertext checked and made independently
 * (the JDK, the {@code openssl} command), AWS's errors with their exact codes and messages, ReEncrypt across
 * symmetric and RSA keys, multi-Region keys, DryRun, GetKeyLastUsage, grants and the audit trail.
 */
class RsaEncryptionIT {
    private static final String REGION = "ap-southeast-2";
    private static final String REPLICA = "ap-northeast-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final String OAEP_SHA_1 = "RSAES_OAEP_SHA_1";
    private static final String OAEP_SHA_256 = "RSAES_OAEP_SHA_256";
    private static final String NO_CONTEXT = "EncryptionContext is not supported when encrypting/decrypting with"
            + " asymmetric CMKs.";
    /** AWS's limits (the Encrypt API reference), per spec: RSAES_OAEP_SHA_1, then RSAES_OAEP_SHA_256. */
    private static final Map<KeySpec, int[]> LIMITS = Map.of(KeySpec.RSA_2048, new int[] {214, 190},
            KeySpec.RSA_3072, new int[] {342, 318}, KeySpec.RSA_4096, new int[] {470, 446});
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String rsaKeyId;
    private static String symmetricKeyId;
    /** One key per spec, made once: RSA key generation is slow on a loaded machine (4096 bits above all). */
    private static final Map<KeySpec, KeyMetadata> KEYS = new java.util.EnumMap<>(KeySpec.class);

    @TempDir
    Path folder;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        for (KeySpec spec : LIMITS.keySet()) {
            KEYS.put(spec, create(spec, false));
        }
        rsaKeyId = KEYS.get(KeySpec.RSA_2048).keyId();
        symmetricKeyId = kms.createKey(REGION);
    }

    /**
     * A new RSA encryption key. CreateKey goes through a client that waits up to 5 minutes for the answer: the
     * key pair is generated before it, which can take long when the machine is busy.
     */
    private static KeyMetadata create(KeySpec spec, boolean multiRegion) {
        try (KmsClient patient = KmsTestSupport.pointedAt(KmsClient.builder(), kms.server().endpoint(), REGION)
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder()
                        .socketTimeout(Duration.ofMinutes(5)).build()).build()) {
            return patient.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.ENCRYPT_DECRYPT)
                    .multiRegion(multiRegion)).keyMetadata();
        }
    }

    private static EncryptResponse encrypt(KmsClient in, String keyId, byte[] plaintext, String algorithm) {
        return in.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                .encryptionAlgorithm(algorithm));
    }

    private static DecryptResponse decrypt(KmsClient in, String keyId, SdkBytes ciphertext, String algorithm) {
        return in.decrypt(request -> request.keyId(keyId).ciphertextBlob(ciphertext).encryptionAlgorithm(algorithm));
    }

    private static int modulusBytes(KeySpec spec) {
        return Integer.parseInt(spec.toString().substring("RSA_".length())) / 8;
    }

    /** The JDK's RSA-OAEP (SunJCE) with explicit parameters, never Meridian's code. */
    private static Cipher jdkCipher(String algorithm, byte[] publicKeyInfo) throws Exception {
        String hash = algorithm.equals(OAEP_SHA_1) ? "SHA-1" : "SHA-256";
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWith" + hash + "AndMGF1Padding");
        cipher.init(Cipher.ENCRYPT_MODE, KeyFactory.getInstance("RSA").generatePublic(
                new X509EncodedKeySpec(publicKeyInfo)), new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash),
                        PSource.PSpecified.DEFAULT));
        return cipher;
    }

    @Test
    void everySpecAndAlgorithmRoundTripsUpToItsLimitAndRefusesOneByteMore() {
        for (KeySpec spec : LIMITS.keySet()) {
            String keyId = KEYS.get(spec).keyId();
            for (int index = 0; index < 2; index++) {
                String algorithm = index == 0 ? OAEP_SHA_1 : OAEP_SHA_256;
                int limit = LIMITS.get(spec)[index];
                byte[] plaintext = new byte[limit];
                java.util.Arrays.fill(plaintext, (byte) (limit & 0x7f));
                EncryptResponse encrypted = encrypt(client, keyId, plaintext, algorithm);
                assertThat(encrypted.keyId()).isEqualTo(arn(REGION, keyId));
                assertThat(encrypted.encryptionAlgorithmAsString()).isEqualTo(algorithm);
                assertThat(encrypted.ciphertextBlob().asByteArray()).as("%s %s", spec, algorithm)
                        .hasSize(modulusBytes(spec));
                DecryptResponse decrypted = decrypt(client, keyId, encrypted.ciphertextBlob(), algorithm);
                assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
                assertThat(decrypted.keyId()).isEqualTo(arn(REGION, keyId));
                assertThat(decrypted.encryptionAlgorithmAsString()).isEqualTo(algorithm);
                assertThat(decrypted.keyMaterialId()).isNull();
                assertUndeclaredError(() -> encrypt(client, keyId, new byte[limit + 1], algorithm), "ValidationException",
                        "Algorithm " + algorithm + " and key spec " + spec + " cannot encrypt data larger than " + limit
                                + " bytes.");
            }
        }
    }

    @Test
    void describeKeyAndGetPublicKeyListTheEncryptionAlgorithms() {
        KeyMetadata created = KEYS.get(KeySpec.RSA_3072);
        KeyMetadata described = client.describeKey(request -> request.keyId(created.keyId())).keyMetadata();
        for (KeyMetadata metadata : List.of(created, described)) {
            assertThat(metadata.keySpec()).isEqualTo(KeySpec.RSA_3072);
            assertThat(metadata.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
            assertThat(metadata.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1,
                    EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
            assertThat(metadata.hasSigningAlgorithms()).isFalse();
            assertThat(metadata.currentKeyMaterialId()).isNull();
        }
        GetPublicKeyResponse publicKey = client.getPublicKey(request -> request.keyId(created.keyId()));
        assertThat(publicKey.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(publicKey.keySpec()).isEqualTo(KeySpec.RSA_3072);
        assertThat(publicKey.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1,
                EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
        assertThat(publicKey.hasSigningAlgorithms()).isFalse();
    }

    @Test
    void dataTheJdkEncryptsWithThePublicKeyDecryptsInMeridian() throws Exception {
        for (KeySpec spec : LIMITS.keySet()) {
            String keyId = KEYS.get(spec).keyId();
            byte[] publicKeyInfo = client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray();
            for (String algorithm : List.of(OAEP_SHA_1, OAEP_SHA_256)) {
                byte[] plaintext = ("made by the JDK with " + algorithm).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] ciphertext = jdkCipher(algorithm, publicKeyInfo).doFinal(plaintext);
                assertThat(decrypt(client, keyId, SdkBytes.fromByteArray(ciphertext), algorithm).plaintext().asByteArray())
                        .as("%s %s", spec, algorithm).isEqualTo(plaintext);
            }
        }
    }

    @Test
    void dataOpensslEncryptsWithThePublicKeyDecryptsInMeridian() throws Exception {
        for (KeySpec spec : LIMITS.keySet()) {
            String keyId = KEYS.get(spec).keyId();
            Path publicKey = folder.resolve(spec + ".der");
            Files.write(publicKey, client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray());
            for (String algorithm : List.of(OAEP_SHA_1, OAEP_SHA_256)) {
                String digest = algorithm.equals(OAEP_SHA_1) ? "sha1" : "sha256";
                byte[] plaintext = ("made by OpenSSL for " + spec + " " + algorithm)
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                Path in = folder.resolve("plaintext");
                Path out = folder.resolve("ciphertext");
                Files.write(in, plaintext);
                Files.deleteIfExists(out);
                Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-encrypt", "-pubin", "-keyform", "DER",
                        "-inkey", publicKey.toString(), "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt",
                        "rsa_oaep_md:" + digest, "-pkeyopt", "rsa_mgf1_md:" + digest, "-in", in.toString(), "-out",
                        out.toString()).redirectErrorStream(true).start();
                String output = new String(openssl.getInputStream().readAllBytes());
                assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(openssl.exitValue()).as(output).isZero();
                byte[] ciphertext = Files.readAllBytes(out);
                assertThat(ciphertext).hasSize(modulusBytes(spec));
                assertThat(decrypt(client, keyId, SdkBytes.fromByteArray(ciphertext), algorithm).plaintext().asByteArray())
                        .as("%s %s", spec, algorithm).isEqualTo(plaintext);
            }
        }
    }

    @Test
    void encryptRefusesAWrongAlgorithmAContextAndAKeyOfAnotherUsage() {
        assertKmsError(() -> client.encrypt(request -> request.keyId(rsaKeyId).plaintext(bytes("x"))),
                InvalidKeyUsageException.class, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        assertKmsError(() -> encrypt(client, rsaKeyId, new byte[1], "SYMMETRIC_DEFAULT"), InvalidKeyUsageException.class,
                "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        assertKmsError(() -> encrypt(client, symmetricKeyId, new byte[1], OAEP_SHA_256), InvalidKeyUsageException.class,
                "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
        assertKmsError(() -> encrypt(client, rsaKeyId, new byte[1], "SM2PKE"), InvalidKeyUsageException.class,
                "Algorithm SM2PKE is incompatible with key spec RSA_2048.");
        assertUndeclaredError(() -> client.encrypt(request -> request.keyId(rsaKeyId).plaintext(bytes("x"))
                .encryptionAlgorithm(OAEP_SHA_256).encryptionContext(Map.of("purpose", "test"))), "ValidationException",
                NO_CONTEXT);
        String signingKeyId = client.createKey(request -> request.keySpec(KeySpec.RSA_2048)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        assertKmsError(() -> encrypt(client, signingKeyId, new byte[1], OAEP_SHA_256), InvalidKeyUsageException.class,
                arn(REGION, signingKeyId) + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
        assertKmsError(() -> client.sign(request -> request.keyId(rsaKeyId).message(bytes("x"))
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256)), InvalidKeyUsageException.class,
                arn(REGION, rsaKeyId) + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
        assertKmsError(() -> client.generateDataKey(request -> request.keyId(rsaKeyId).numberOfBytes(32)),
                InvalidKeyUsageException.class, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
        assertKmsError(() -> client.generateDataKeyWithoutPlaintext(request -> request.keyId(rsaKeyId)
                .keySpec("AES_256")), InvalidKeyUsageException.class,
                "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.");
    }

    @Test
    void decryptNeedsTheKeyAndTheAlgorithmAndSaysNothingOfWhyACiphertextDoesNotOpen() {
        SdkBytes ciphertext = encrypt(client, rsaKeyId, bytes("secret").asByteArray(), OAEP_SHA_256).ciphertextBlob();
        assertUndeclaredError(() -> client.decrypt(request -> request.ciphertextBlob(ciphertext)
                .encryptionAlgorithm(OAEP_SHA_256)), "ValidationException", "KeyId must not be null");
        // Without the algorithm, the ciphertext is read as a symmetric one, which it is not.
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(ciphertext)),
                InvalidCiphertextException.class, null);
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(ciphertext).keyId(rsaKeyId)),
                InvalidCiphertextException.class, null);
        assertKmsError(() -> decrypt(client, rsaKeyId, ciphertext, OAEP_SHA_1), InvalidCiphertextException.class, null);
        String otherKeyId = create(KeySpec.RSA_2048, false).keyId();
        assertKmsError(() -> decrypt(client, otherKeyId, ciphertext, OAEP_SHA_256), InvalidCiphertextException.class,
                null);
        byte[] altered = ciphertext.asByteArray();
        altered[7] ^= 1;
        assertKmsError(() -> decrypt(client, rsaKeyId, SdkBytes.fromByteArray(altered), OAEP_SHA_256),
                InvalidCiphertextException.class, null);
        assertKmsError(() -> decrypt(client, rsaKeyId, SdkBytes.fromByteArray(new byte[100]), OAEP_SHA_256),
                InvalidCiphertextException.class, null);
        assertKmsError(() -> decrypt(client, symmetricKeyId, ciphertext, OAEP_SHA_256), InvalidKeyUsageException.class,
                "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SYMMETRIC_DEFAULT.");
        assertUndeclaredError(() -> client.decrypt(request -> request.keyId(rsaKeyId).ciphertextBlob(ciphertext)
                .encryptionAlgorithm(OAEP_SHA_256).encryptionContext(Map.of("purpose", "test"))), "ValidationException",
                NO_CONTEXT);
        // A symmetric ciphertext named with the RSA key is another key's ciphertext.
        SdkBytes symmetric = client.encrypt(request -> request.keyId(symmetricKeyId).plaintext(bytes("x")))
                .ciphertextBlob();
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(symmetric).keyId(rsaKeyId)),
                IncorrectKeyException.class,
                "The key ID in the request does not identify a CMK that can perform this operation.");
        assertThat(decrypt(client, rsaKeyId, ciphertext, OAEP_SHA_256).plaintext()).isEqualTo(bytes("secret"));
    }

    @Test
    void reEncryptMovesDataBetweenRsaAndSymmetricKeys() {
        String destinationKeyId = KEYS.get(KeySpec.RSA_4096).keyId();
        SdkBytes ciphertext = encrypt(client, rsaKeyId, bytes("moved").asByteArray(), OAEP_SHA_256).ciphertextBlob();
        ReEncryptResponse rsaToRsa = client.reEncrypt(request -> request.ciphertextBlob(ciphertext).sourceKeyId(rsaKeyId)
                .sourceEncryptionAlgorithm(OAEP_SHA_256).destinationKeyId(destinationKeyId)
                .destinationEncryptionAlgorithm(OAEP_SHA_1));
        assertThat(rsaToRsa.sourceKeyId()).isEqualTo(arn(REGION, rsaKeyId));
        assertThat(rsaToRsa.keyId()).isEqualTo(arn(REGION, destinationKeyId));
        assertThat(rsaToRsa.sourceEncryptionAlgorithmAsString()).isEqualTo(OAEP_SHA_256);
        assertThat(rsaToRsa.destinationEncryptionAlgorithmAsString()).isEqualTo(OAEP_SHA_1);
        assertThat(rsaToRsa.sourceKeyMaterialId()).isNull();
        assertThat(rsaToRsa.destinationKeyMaterialId()).isNull();
        assertThat(rsaToRsa.ciphertextBlob().asByteArray()).hasSize(512);
        assertThat(decrypt(client, destinationKeyId, rsaToRsa.ciphertextBlob(), OAEP_SHA_1).plaintext())
                .isEqualTo(bytes("moved"));

        ReEncryptResponse toSymmetric = client.reEncrypt(request -> request.ciphertextBlob(rsaToRsa.ciphertextBlob())
                .sourceKeyId(destinationKeyId).sourceEncryptionAlgorithm(OAEP_SHA_1).destinationKeyId(symmetricKeyId)
                .destinationEncryptionContext(Map.of("to", "symmetric")));
        assertThat(toSymmetric.destinationEncryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(toSymmetric.sourceKeyMaterialId()).isNull();
        assertThat(toSymmetric.destinationKeyMaterialId()).isNotEmpty();
        ReEncryptResponse back = client.reEncrypt(request -> request.ciphertextBlob(toSymmetric.ciphertextBlob())
                .sourceEncryptionContext(Map.of("to", "symmetric")).destinationKeyId(rsaKeyId)
                .destinationEncryptionAlgorithm(OAEP_SHA_256));
        assertThat(back.sourceEncryptionAlgorithmAsString()).isEqualTo("SYMMETRIC_DEFAULT");
        assertThat(back.sourceKeyMaterialId()).isNotEmpty();
        assertThat(back.destinationKeyMaterialId()).isNull();
        assertThat(decrypt(client, rsaKeyId, back.ciphertextBlob(), OAEP_SHA_256).plaintext()).isEqualTo(bytes("moved"));

        assertUndeclaredError(() -> client.reEncrypt(request -> request.ciphertextBlob(ciphertext)
                .sourceEncryptionAlgorithm(OAEP_SHA_256).destinationKeyId(symmetricKeyId)), "ValidationException",
                "SourceKeyId must not be null");
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(ciphertext).sourceKeyId(rsaKeyId)
                .sourceEncryptionAlgorithm(OAEP_SHA_1).destinationKeyId(symmetricKeyId)),
                InvalidCiphertextException.class, null);
        assertKmsError(() -> client.reEncrypt(request -> request.ciphertextBlob(ciphertext).sourceKeyId(rsaKeyId)
                .sourceEncryptionAlgorithm(OAEP_SHA_256).destinationKeyId(destinationKeyId)),
                InvalidKeyUsageException.class, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_4096.");
        assertUndeclaredError(() -> client.reEncrypt(request -> request.ciphertextBlob(ciphertext).sourceKeyId(rsaKeyId)
                .sourceEncryptionAlgorithm(OAEP_SHA_256).destinationKeyId(destinationKeyId)
                .destinationEncryptionAlgorithm(OAEP_SHA_1).destinationEncryptionContext(Map.of("a", "b"))),
                "ValidationException", NO_CONTEXT);
    }

    @Test
    void dataEncryptedInOneRegionDecryptsInTheReplicasRegion() {
        String keyId = create(KeySpec.RSA_2048, true).keyId();
        assertThat(keyId).startsWith("mrk-");
        client.replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(REPLICA);
        KeyMetadata replicated = replica.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(replicated.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_1,
                EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256);
        assertThat(replica.getPublicKey(request -> request.keyId(keyId)).publicKey())
                .isEqualTo(client.getPublicKey(request -> request.keyId(keyId)).publicKey());
        SdkBytes made = encrypt(client, keyId, bytes("across Regions").asByteArray(), OAEP_SHA_256).ciphertextBlob();
        DecryptResponse opened = decrypt(replica, keyId, made, OAEP_SHA_256);
        assertThat(opened.plaintext()).isEqualTo(bytes("across Regions"));
        assertThat(opened.keyId()).isEqualTo(arn(REPLICA, keyId));
        SdkBytes back = encrypt(replica, keyId, bytes("and back").asByteArray(), OAEP_SHA_1).ciphertextBlob();
        assertThat(decrypt(client, keyId, back, OAEP_SHA_1).plaintext()).isEqualTo(bytes("and back"));
    }

    @Test
    void dryRunsGrantsStatesRotationAndLastUsageWork() {
        String keyId = create(KeySpec.RSA_2048, false).keyId();
        SdkBytes ciphertext = encrypt(client, keyId, new byte[] {1}, OAEP_SHA_1).ciphertextBlob();
        String dryRun = "The request would have succeeded, but the DryRun option is set.";
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))
                .encryptionAlgorithm(OAEP_SHA_1).dryRun(true)), DryRunOperationException.class, dryRun);
        assertKmsError(() -> client.decrypt(request -> request.keyId(keyId).ciphertextBlob(ciphertext)
                .encryptionAlgorithm(OAEP_SHA_1).dryRun(true)), DryRunOperationException.class, dryRun);
        assertKmsError(() -> client.decrypt(request -> request.keyId(keyId).encryptionAlgorithm(OAEP_SHA_1).dryRun(true)
                .dryRunModifiers(DryRunModifierType.IGNORE_CIPHERTEXT)), DryRunOperationException.class, dryRun);
        assertUndeclaredError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(
                new byte[215])).encryptionAlgorithm(OAEP_SHA_1).dryRun(true)), "ValidationException",
                "Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.");
        assertKmsError(() -> client.decrypt(request -> request.keyId(keyId).ciphertextBlob(ciphertext)
                .encryptionAlgorithm(OAEP_SHA_256).dryRun(true)), InvalidCiphertextException.class, null);

        decrypt(client, keyId, ciphertext, OAEP_SHA_1);
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage().operationAsString())
                .isEqualTo("Decrypt");
        encrypt(client, keyId, new byte[] {2}, OAEP_SHA_256);
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage().operationAsString())
                .isEqualTo("Encrypt");

        client.createGrant(request -> request.keyId(keyId).granteePrincipal("arn:aws:iam::111122223333:role/rsa")
                .operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT, GrantOperation.RE_ENCRYPT_FROM,
                        GrantOperation.RE_ENCRYPT_TO, GrantOperation.GET_PUBLIC_KEY, GrantOperation.DESCRIBE_KEY));
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(keyId)
                .granteePrincipal("arn:aws:iam::111122223333:role/rsa").operations(GrantOperation.DECRYPT,
                        GrantOperation.GENERATE_DATA_KEY)), "ValidationException", "The grant operations"
                + " GenerateDataKey are not valid for " + arn(REGION, keyId) + " whose key spec is RSA_2048.");
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(keyId)),
                UnsupportedOperationException.class, null);

        client.disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> encrypt(client, keyId, new byte[] {1}, OAEP_SHA_1), DisabledException.class,
                arn(REGION, keyId) + " is disabled.");
        assertKmsError(() -> decrypt(client, keyId, ciphertext, OAEP_SHA_1), DisabledException.class,
                arn(REGION, keyId) + " is disabled.");
    }

    @Test
    void auditRecordsNameTheAlgorithmButNeitherTheDataNorAKeyMaterialId() {
        KeyMetadata key = create(KeySpec.RSA_2048, false);
        SdkBytes ciphertext = encrypt(client, key.keyId(), bytes("audited secret").asByteArray(), OAEP_SHA_256)
                .ciphertextBlob();
        decrypt(client, key.keyId(), ciphertext, OAEP_SHA_256);
        client.reEncrypt(request -> request.ciphertextBlob(ciphertext).sourceKeyId(key.keyId())
                .sourceEncryptionAlgorithm(OAEP_SHA_256).destinationKeyId(key.keyId())
                .destinationEncryptionAlgorithm(OAEP_SHA_1));

        List<Event> history;
        try (CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            history = historyOf(trail, key.arn());
        }
        assertThat(names(history)).containsExactly("CreateKey", "Encrypt", "Decrypt", "ReEncrypt");
        JsonNode encrypted = record(history.get(1));
        assertThat(encrypted.path("requestParameters").path("encryptionAlgorithm").asText()).isEqualTo(OAEP_SHA_256);
        JsonNode decrypted = record(history.get(2));
        assertThat(decrypted.path("requestParameters").path("encryptionAlgorithm").asText()).isEqualTo(OAEP_SHA_256);
        JsonNode reEncrypted = record(history.get(3)).path("requestParameters");
        assertThat(reEncrypted.path("sourceEncryptionAlgorithm").asText()).isEqualTo(OAEP_SHA_256);
        assertThat(reEncrypted.path("destinationEncryptionAlgorithm").asText()).isEqualTo(OAEP_SHA_1);
        for (Event event : history.subList(1, 4)) {
            JsonNode recorded = record(event);
            assertThat(recorded.path("additionalEventData").toString()).doesNotContain("eyMaterialId");
            assertThat(recorded.toString()).doesNotContain("audited secret")
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(ciphertext.asByteArray()))
                    .doesNotContain(java.util.Base64.getEncoder().encodeToString(bytes("audited secret").asByteArray()));
        }
    }
}
