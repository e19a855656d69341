package dev.meridian.it;

import static dev.meridian.it.ImportSupport.run;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.gm.GMNamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.agreement.ECDHBasicAgreement;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.util.BigIntegers;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.math.ec.ECPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.DeriveSharedSecretResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GetPublicKeyResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyAgreementAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.SignResponse;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/**
 * {@code SM2} keys through the AWS SDK, in the China Regions only, as AWS KMS has them: CreateKey with each of the
 * three usages (SIGN_VERIFY with SM2DSA, ENCRYPT_DECRYPT with SM2PKE, KEY_AGREEMENT with ECDH) and AWS's refusal
 * outside {@code aws-cn}, DescribeKey and GetPublicKey (id-ecPublicKey with the named curve sm2p256v1), Sign and
 * Verify over RAW messages (the default distinguishing ID 1234567812345678) and DIGEST messages (the caller's
 * SM3(Z_A || M), with any ID), every signature verified by OpenSSL 3.0 ({@code pkeyutl -verify -rawin -digest sm3
 * -pkeyopt distid:...}) with the public key from GetPublicKey, Encrypt and Decrypt with SM2PKE (DER ciphertexts,
 * 1024 bytes at most, OpenSSL's ciphertexts decrypt, every altered byte InvalidCiphertextException without a
 * message), DeriveSharedSecret equal to BouncyCastle's own ECDH
 * (OpenSSL 3.0 does not derive with SM2 keys) in both Regions of a multi-Region key, and the errors.
 */
class Sm2IT {
    private static final String BEIJING = "cn-north-1";
    private static final String NINGXIA = "cn-northwest-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final SigningAlgorithmSpec SM2DSA = SigningAlgorithmSpec.SM2_DSA;
    private static final byte[] MESSAGE = "the SM2 message".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DEFAULT_ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    private static final String SPKI_PREFIX = "3059301306072a8648ce3d020106082a811ccf5501822d03420004";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String keyId;

    @TempDir
    Path folder;

    @BeforeAll
    static void start() {
        client = kms.client(BEIJING);
        keyId = create(KeyUsageType.SIGN_VERIFY, false).keyId();
    }

    private static KeyMetadata create(KeyUsageType usage, boolean multiRegion) {
        return client.createKey(request -> request.keySpec(KeySpec.SM2).keyUsage(usage).multiRegion(multiRegion))
                .keyMetadata();
    }

    private static String arn(String region, String id) {
        return "arn:aws-cn:kms:" + region + ":" + KmsTestSupport.ACCOUNT + ":key/" + id;
    }

    private static SignResponse sign(KmsClient in, String id, byte[] message, MessageType type) {
        return in.sign(request -> request.keyId(id).signingAlgorithm(SM2DSA).message(SdkBytes.fromByteArray(message))
                .messageType(type));
    }

    private static boolean verify(KmsClient in, String id, byte[] message, MessageType type, byte[] signature) {
        return in.verify(request -> request.keyId(id).signingAlgorithm(SM2DSA).message(SdkBytes.fromByteArray(message))
                .messageType(type).signature(SdkBytes.fromByteArray(signature))).signatureValid();
    }

    /** SM3(Z_A || M) for the public key and distinguishing ID, computed here with BouncyCastle's SM3 and curve. */
    private static byte[] sm2Digest(byte[] publicKeyInfo, byte[] id, byte[] message) {
        X9ECParameters curve = GMNamedCurves.getByName("sm2p256v1");
        ECPoint q = curve.getCurve().decodePoint(Arrays.copyOfRange(publicKeyInfo, publicKeyInfo.length - 65,
                publicKeyInfo.length));
        byte[] bits = {(byte) (id.length * 8 >>> 8), (byte) (id.length * 8)};
        byte[] z = sm3(bits, id, curve.getCurve().getA().getEncoded(), curve.getCurve().getB().getEncoded(),
                curve.getG().getAffineXCoord().getEncoded(), curve.getG().getAffineYCoord().getEncoded(),
                q.getAffineXCoord().getEncoded(), q.getAffineYCoord().getEncoded());
        return sm3(z, message);
    }

    private static byte[] sm3(byte[]... parts) {
        SM3Digest digest = new SM3Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    private void requireOpenSslWithSm2() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        assumeTrue(run(folder, "openssl", "list", "-public-key-algorithms").toUpperCase(Locale.ROOT).contains("SM2"),
                "this openssl has no SM2");
    }

    /** Whether OpenSSL verifies {@code signature} of {@code message} under {@code publicKeyInfo} with {@code id}. */
    private boolean openSslVerifies(byte[] publicKeyInfo, String id, byte[] message, byte[] signature)
            throws IOException, InterruptedException {
        Files.write(folder.resolve("public.der"), publicKeyInfo);
        Files.write(folder.resolve("message.bin"), message);
        Files.write(folder.resolve("signature.bin"), signature);
        Process process = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey",
                "public.der", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:" + id, "-in", "message.bin",
                "-sigfile", "signature.bin").directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(output).containsAnyOf("Signature Verified Successfully", "Signature Verification Failure");
        return process.exitValue() == 0;
    }

    @Test
    void eachUsageIsCreatedDescribedAndGivesItsPublicKey() {
        KeyMetadata signing = client.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(signing.arn()).isEqualTo(arn(BEIJING, keyId));
        assertThat(signing.keySpec()).isEqualTo(KeySpec.SM2);
        assertThat(signing.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(signing.signingAlgorithms()).containsExactly(SM2DSA);
        assertThat(signing.hasEncryptionAlgorithms()).isFalse();
        assertThat(signing.hasKeyAgreementAlgorithms()).isFalse();
        assertThat(signing.currentKeyMaterialId()).isNull();

        KeyMetadata encrypting = create(KeyUsageType.ENCRYPT_DECRYPT, false);
        assertThat(encrypting.keySpec()).isEqualTo(KeySpec.SM2);
        assertThat(encrypting.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SM2_PKE);
        assertThat(encrypting.hasSigningAlgorithms()).isFalse();
        KeyMetadata agreeing = create(KeyUsageType.KEY_AGREEMENT, false);
        assertThat(agreeing.keyAgreementAlgorithms()).containsExactly(KeyAgreementAlgorithmSpec.ECDH);
        assertThat(agreeing.hasEncryptionAlgorithms()).isFalse();

        GetPublicKeyResponse publicKey = client.getPublicKey(request -> request.keyId(keyId));
        assertThat(publicKey.keyId()).isEqualTo(arn(BEIJING, keyId));
        assertThat(publicKey.keySpec()).isEqualTo(KeySpec.SM2);
        assertThat(publicKey.keyUsage()).isEqualTo(KeyUsageType.SIGN_VERIFY);
        assertThat(publicKey.signingAlgorithms()).containsExactly(SM2DSA);
        assertThat(publicKey.publicKey().asByteArray()).hasSize(91);
        assertThat(HexFormat.of().formatHex(publicKey.publicKey().asByteArray())).startsWith(SPKI_PREFIX);
        GetPublicKeyResponse encryptionKey = client.getPublicKey(request -> request.keyId(encrypting.keyId()));
        assertThat(encryptionKey.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(encryptionKey.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SM2_PKE);
        assertThat(encryptionKey.hasSigningAlgorithms()).isFalse();
        GetPublicKeyResponse agreementKey = client.getPublicKey(request -> request.keyId(agreeing.keyId()));
        assertThat(agreementKey.keyUsage()).isEqualTo(KeyUsageType.KEY_AGREEMENT);
        assertThat(agreementKey.keyAgreementAlgorithms()).containsExactly(KeyAgreementAlgorithmSpec.ECDH);
        assertThat(HexFormat.of().formatHex(agreementKey.publicKey().asByteArray())).startsWith(SPKI_PREFIX);
    }

    @Test
    void theOpenSslKeyStructureIsIdEcPublicKeyOnSm2() throws Exception {
        requireOpenSslWithSm2();
        Files.write(folder.resolve("public.der"), client.getPublicKey(request -> request.keyId(keyId)).publicKey()
                .asByteArray());
        String structure = run(folder, "openssl", "asn1parse", "-inform", "DER", "-in", "public.der");
        assertThat(structure).contains(":id-ecPublicKey").contains(":sm2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"us-east-1", "eu-central-1", "us-gov-west-1"})
    void createKeyOutsideChinaIsRefusedAsAwsRefusesIt(String region) {
        for (KeyUsageType usage : new KeyUsageType[] {KeyUsageType.SIGN_VERIFY, KeyUsageType.ENCRYPT_DECRYPT,
                KeyUsageType.KEY_AGREEMENT}) {
            assertKmsError(() -> kms.client(region).createKey(request -> request.keySpec(KeySpec.SM2).keyUsage(usage)),
                    UnsupportedOperationException.class, "KeySpec SM2 is not supported in this Region");
        }
        assertKmsError(() -> kms.client(region).createKey(request -> request.keySpec(KeySpec.SM2)
                .keyUsage(KeyUsageType.SIGN_VERIFY).multiRegion(true)), UnsupportedOperationException.class,
                "KeySpec SM2 is not supported in this Region");
        assertThat(kms.client(region).listKeys(request -> { }).keys()).isEmpty();
    }

    @Test
    void createKeyRefusesAMissingOrIncompatibleUsage() {
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.SM2)), "ValidationException",
                "You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.SM2)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)), "ValidationException",
                "KeyUsage GENERATE_VERIFY_MAC is not compatible with KeySpec SM2");
    }

    @Test
    void rawAndDigestMessagesSignAndOpenSslVerifies() throws Exception {
        requireOpenSslWithSm2();
        byte[] publicKey = client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray();
        SignResponse raw = sign(client, keyId, MESSAGE, MessageType.RAW);
        assertThat(raw.keyId()).isEqualTo(arn(BEIJING, keyId));
        assertThat(raw.signingAlgorithm()).isEqualTo(SM2DSA);
        byte[] signature = raw.signature().asByteArray();
        assertThat(signature[0]).as("DER SEQUENCE").isEqualTo((byte) 0x30);
        assertThat(openSslVerifies(publicKey, "1234567812345678", MESSAGE, signature)).isTrue();
        assertThat(openSslVerifies(publicKey, "another-id", MESSAGE, signature)).isFalse();
        assertThat(verify(client, keyId, MESSAGE, MessageType.RAW, signature)).isTrue();
        assertThat(client.verify(request -> request.keyId(keyId).signingAlgorithm(SM2DSA)
                .message(SdkBytes.fromByteArray(MESSAGE)).signature(raw.signature())).signatureValid()).isTrue();

        byte[] digest = sm2Digest(publicKey, DEFAULT_ID, MESSAGE);
        byte[] overDigest = sign(client, keyId, digest, MessageType.DIGEST).signature().asByteArray();
        assertThat(openSslVerifies(publicKey, "1234567812345678", MESSAGE, overDigest)).isTrue();
        assertThat(verify(client, keyId, MESSAGE, MessageType.RAW, overDigest)).isTrue();
        assertThat(verify(client, keyId, digest, MessageType.DIGEST, signature)).isTrue();

        byte[] withOwnId = sm2Digest(publicKey, "alice@example.cn".getBytes(StandardCharsets.UTF_8), MESSAGE);
        byte[] ownIdSignature = sign(client, keyId, withOwnId, MessageType.DIGEST).signature().asByteArray();
        assertThat(openSslVerifies(publicKey, "alice@example.cn", MESSAGE, ownIdSignature)).isTrue();
        assertThat(verify(client, keyId, withOwnId, MessageType.DIGEST, ownIdSignature)).isTrue();

        byte[] longest = new byte[4096];
        byte[] longestSignature = sign(client, keyId, longest, MessageType.RAW).signature().asByteArray();
        assertThat(openSslVerifies(publicKey, "1234567812345678", longest, longestSignature)).isTrue();
    }

    @Test
    void aWrongSignatureIsInvalidWithoutAMessage() {
        byte[] signature = sign(client, keyId, MESSAGE, MessageType.RAW).signature().asByteArray();
        byte[] flipped = signature.clone();
        flipped[signature.length - 1] ^= 1;
        assertKmsError(() -> verify(client, keyId, MESSAGE, MessageType.RAW, flipped),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, bytes("other").asByteArray(), MessageType.RAW, signature),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, MESSAGE, MessageType.RAW, "not DER".getBytes(StandardCharsets.UTF_8)),
                KmsInvalidSignatureException.class, null);
        assertKmsError(() -> verify(client, keyId, new byte[32], MessageType.DIGEST, signature),
                KmsInvalidSignatureException.class, null);
        String otherKey = create(KeyUsageType.SIGN_VERIFY, false).keyId();
        assertKmsError(() -> verify(client, otherKey, MESSAGE, MessageType.RAW, signature),
                KmsInvalidSignatureException.class, null);
    }

    @Test
    void aDigestOfTheWrongLengthAnotherMessageTypeOrAnotherAlgorithmIsRefused() {
        assertUndeclaredError(() -> sign(client, keyId, new byte[31], MessageType.DIGEST), "ValidationException",
                "Digest is invalid length for algorithm SM2DSA.");
        assertUndeclaredError(() -> verify(client, keyId, new byte[64], MessageType.DIGEST, new byte[70]),
                "ValidationException", "Digest is invalid length for algorithm SM2DSA.");
        assertUndeclaredError(() -> sign(client, keyId, new byte[64], MessageType.EXTERNAL_MU), "ValidationException",
                "Message type EXTERNAL_MU is incompatible with algorithm SM2DSA.");
        assertKmsError(() -> client.sign(request -> request.keyId(keyId)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256).message(bytes("x"))),
                InvalidKeyUsageException.class, "Algorithm ECDSA_SHA_256 is incompatible with key spec SM2.");
        assertKmsError(() -> client.verify(request -> request.keyId(keyId)
                .signingAlgorithm(SigningAlgorithmSpec.RSASSA_PSS_SHA_256).message(bytes("x")).signature(bytes("x"))),
                InvalidKeyUsageException.class, "Algorithm RSASSA_PSS_SHA_256 is incompatible with key spec SM2.");
        String p256 = client.createKey(request -> request.keySpec(KeySpec.ECC_NIST_P256)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        assertKmsError(() -> sign(client, p256, MESSAGE, MessageType.RAW), InvalidKeyUsageException.class,
                "Algorithm SM2DSA is incompatible with key spec ECC_NIST_P256.");
    }

    @Test
    void keysAreUsedOnlyForTheirUsage() {
        String encrypting = create(KeyUsageType.ENCRYPT_DECRYPT, false).keyId();
        String agreeing = create(KeyUsageType.KEY_AGREEMENT, false).keyId();
        assertKmsError(() -> sign(client, encrypting, MESSAGE, MessageType.RAW), InvalidKeyUsageException.class,
                arn(BEIJING, encrypting) + " key usage is ENCRYPT_DECRYPT which is not valid for Sign.");
        assertKmsError(() -> verify(client, agreeing, MESSAGE, MessageType.RAW, new byte[70]),
                InvalidKeyUsageException.class,
                arn(BEIJING, agreeing) + " key usage is KEY_AGREEMENT which is not valid for Verify.");
        assertKmsError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE)), InvalidKeyUsageException.class,
                arn(BEIJING, keyId) + " key usage is SIGN_VERIFY which is not valid for Encrypt.");
    }

    @Test
    void statesRotationDryRunGrantsAndLastUsage() {
        String id = create(KeyUsageType.SIGN_VERIFY, false).keyId();
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(id)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.rotateKeyOnDemand(request -> request.keyId(id)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.sign(request -> request.keyId(id).signingAlgorithm(SM2DSA).message(bytes("x"))
                .dryRun(true)), DryRunOperationException.class,
                "The request would have succeeded, but the DryRun option is set.");
        client.createGrant(request -> request.keyId(id).granteePrincipal("arn:aws-cn:iam::111122223333:role/sign")
                .operations(GrantOperation.SIGN, GrantOperation.VERIFY, GrantOperation.GET_PUBLIC_KEY));
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(id)
                .granteePrincipal("arn:aws-cn:iam::111122223333:role/sign").operations(GrantOperation.DECRYPT)),
                "ValidationException", "The grant operations Decrypt are not valid for " + arn(BEIJING, id)
                        + " whose key spec is SM2.");
        sign(client, id, MESSAGE, MessageType.RAW);
        assertThat(client.getKeyLastUsage(request -> request.keyId(id)).keyLastUsage().operationAsString())
                .isEqualTo("Sign");
        client.disableKey(request -> request.keyId(id));
        assertKmsError(() -> sign(client, id, MESSAGE, MessageType.RAW), DisabledException.class,
                arn(BEIJING, id) + " is disabled.");
        assertKmsError(() -> verify(client, id, MESSAGE, MessageType.RAW, new byte[70]), DisabledException.class,
                arn(BEIJING, id) + " is disabled.");
        assertKmsError(() -> client.getPublicKey(request -> request.keyId(id)), DisabledException.class,
                arn(BEIJING, id) + " is disabled.");
    }

    @Test
    void aReplicaInNingxiaHoldsTheSameKeyPairAndAReplicaOutsideChinaIsRefused() throws Exception {
        String id = create(KeyUsageType.SIGN_VERIFY, true).keyId();
        assertThat(id).startsWith("mrk-");
        assertUndeclaredError(() -> client.replicateKey(request -> request.keyId(id).replicaRegion("us-east-1")),
                "ValidationException",
                "Replica region us-east-1 is not in the partition of the primary key (aws-cn).");
        client.replicateKey(request -> request.keyId(id).replicaRegion(NINGXIA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(NINGXIA);
        KeyMetadata replicated = replica.describeKey(request -> request.keyId(id)).keyMetadata();
        assertThat(replicated.arn()).isEqualTo(arn(NINGXIA, id));
        assertThat(replicated.keySpec()).isEqualTo(KeySpec.SM2);
        assertThat(replicated.signingAlgorithms()).containsExactly(SM2DSA);
        byte[] publicKey = client.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray();
        assertThat(replica.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray()).isEqualTo(publicKey);
        byte[] made = sign(client, id, MESSAGE, MessageType.RAW).signature().asByteArray();
        assertThat(verify(replica, id, MESSAGE, MessageType.RAW, made)).isTrue();
        byte[] back = sign(replica, id, sm2Digest(publicKey, DEFAULT_ID, MESSAGE), MessageType.DIGEST).signature()
                .asByteArray();
        assertThat(verify(client, id, MESSAGE, MessageType.RAW, back)).isTrue();
        requireOpenSslWithSm2();
        assertThat(openSslVerifies(publicKey, "1234567812345678", MESSAGE, back)).isTrue();
    }

    private static final String NO_CONTEXT = "EncryptionContext is not supported when encrypting/decrypting with"
            + " asymmetric CMKs.";

    private static EncryptResponse encrypt(String id, byte[] plaintext) {
        return client.encrypt(request -> request.keyId(id).plaintext(SdkBytes.fromByteArray(plaintext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE));
    }

    private static DecryptResponse decrypt(String id, byte[] ciphertext) {
        return client.decrypt(request -> request.keyId(id).ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE));
    }

    @Test
    void sm2pkeEncryptsUpToAwssLimitAndOpenSslsCiphertextsDecrypt() throws Exception {
        requireOpenSslWithSm2();
        String id = create(KeyUsageType.ENCRYPT_DECRYPT, false).keyId();
        for (int length : new int[] {1, 100, 1024}) {
            byte[] plaintext = new byte[length];
            new java.security.SecureRandom().nextBytes(plaintext);
            EncryptResponse encrypted = encrypt(id, plaintext);
            assertThat(encrypted.keyId()).isEqualTo(arn(BEIJING, id));
            assertThat(encrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SM2_PKE);
            byte[] ciphertext = encrypted.ciphertextBlob().asByteArray();
            Files.write(folder.resolve("ciphertext.der"), ciphertext);
            String structure = run(folder, "openssl", "asn1parse", "-inform", "DER", "-in", "ciphertext.der");
            assertThat(structure.lines().filter(line -> line.contains("INTEGER")).count()).isEqualTo(2);
            assertThat(structure.lines().filter(line -> line.contains("OCTET STRING")).count()).isEqualTo(2);
            DecryptResponse decrypted = decrypt(id, ciphertext);
            assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
            assertThat(decrypted.keyId()).isEqualTo(arn(BEIJING, id));
            assertThat(decrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SM2_PKE);
        }
        assertUndeclaredError(() -> encrypt(id, new byte[1025]), "ValidationException",
                "Algorithm SM2PKE and key spec SM2 cannot encrypt data larger than 1024 bytes.");

        Files.write(folder.resolve("public.der"), client.getPublicKey(request -> request.keyId(id)).publicKey()
                .asByteArray());
        byte[] plaintext = "encrypted by OpenSSL with the GetPublicKey key".getBytes(StandardCharsets.UTF_8);
        Files.write(folder.resolve("plaintext.bin"), plaintext);
        run(folder, "openssl", "pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", "public.der", "-in",
                "plaintext.bin", "-out", "openssl.der");
        assertThat(decrypt(id, Files.readAllBytes(folder.resolve("openssl.der"))).plaintext().asByteArray())
                .isEqualTo(plaintext);
    }

    @Test
    void decryptNeedsTheKeyAndTheAlgorithmAndRefusesEveryAlteredCiphertextAlike() {
        String id = create(KeyUsageType.ENCRYPT_DECRYPT, false).keyId();
        byte[] ciphertext = encrypt(id, "secret".getBytes(StandardCharsets.UTF_8)).ciphertextBlob().asByteArray();
        assertUndeclaredError(() -> client.decrypt(request -> request.ciphertextBlob(SdkBytes.fromByteArray(ciphertext))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE)), "ValidationException", "KeyId must not be null");
        assertKmsError(() -> client.decrypt(request -> request.keyId(id)
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertext))), InvalidCiphertextException.class, null);
        for (int i = 0; i < ciphertext.length; i++) {
            byte[] altered = ciphertext.clone();
            altered[i] ^= 1;
            assertKmsError(() -> decrypt(id, altered), InvalidCiphertextException.class, null);
        }
        for (byte[] malformed : new byte[][] {Arrays.copyOf(ciphertext, ciphertext.length + 1),
                Arrays.copyOf(ciphertext, ciphertext.length - 1), new byte[100], "not DER".getBytes(StandardCharsets.UTF_8)}) {
            assertKmsError(() -> decrypt(id, malformed), InvalidCiphertextException.class, null);
        }
        String other = create(KeyUsageType.ENCRYPT_DECRYPT, false).keyId();
        assertKmsError(() -> decrypt(other, ciphertext), InvalidCiphertextException.class, null);
        assertUndeclaredError(() -> client.encrypt(request -> request.keyId(id).plaintext(bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE).encryptionContext(java.util.Map.of("a", "b"))),
                "ValidationException", NO_CONTEXT);
        assertUndeclaredError(() -> client.decrypt(request -> request.keyId(id)
                .ciphertextBlob(SdkBytes.fromByteArray(ciphertext)).encryptionAlgorithm(EncryptionAlgorithmSpec.SM2_PKE)
                .encryptionContext(java.util.Map.of("a", "b"))), "ValidationException", NO_CONTEXT);
        assertKmsError(() -> client.encrypt(request -> request.keyId(id).plaintext(bytes("x"))),
                InvalidKeyUsageException.class, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec SM2.");
        assertKmsError(() -> client.encrypt(request -> request.keyId(id).plaintext(bytes("x"))
                .encryptionAlgorithm(EncryptionAlgorithmSpec.RSAES_OAEP_SHA_256)), InvalidKeyUsageException.class,
                "Algorithm RSAES_OAEP_SHA_256 is incompatible with key spec SM2.");
        assertKmsError(() -> client.generateDataKey(request -> request.keyId(id).numberOfBytes(32)),
                InvalidKeyUsageException.class, "Algorithm SYMMETRIC_DEFAULT is incompatible with key spec SM2.");
        assertThat(decrypt(id, ciphertext).plaintext().asUtf8String()).isEqualTo("secret");
    }

    @Test
    void deriveSharedSecretAgreesWithBouncyCastlesEcdhInEveryRegion() {
        String id = create(KeyUsageType.KEY_AGREEMENT, true).keyId();
        client.replicateKey(request -> request.keyId(id).replicaRegion(NINGXIA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        byte[] publicKey = client.getPublicKey(request -> request.keyId(id)).publicKey().asByteArray();
        X9ECParameters curve = GMNamedCurves.getByName("sm2p256v1");
        ECDomainParameters domain = new ECDomainParameters(curve);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, new java.security.SecureRandom()));
        AsymmetricCipherKeyPair peer = generator.generateKeyPair();
        ECPoint peerPoint = ((ECPublicKeyParameters) peer.getPublic()).getQ();
        byte[] peerKey = HexFormat.of().parseHex(SPKI_PREFIX.substring(0, SPKI_PREFIX.length() - 2)
                + HexFormat.of().formatHex(peerPoint.getEncoded(false)));
        ECDHBasicAgreement agreement = new ECDHBasicAgreement();
        agreement.init(peer.getPrivate());
        byte[] expected = BigIntegers.asUnsignedByteArray(32, agreement.calculateAgreement(new ECPublicKeyParameters(
                curve.getCurve().decodePoint(Arrays.copyOfRange(publicKey, publicKey.length - 65, publicKey.length)),
                domain)));
        for (String region : new String[] {BEIJING, NINGXIA}) {
            DeriveSharedSecretResponse derived = kms.client(region).deriveSharedSecret(request -> request.keyId(id)
                    .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(SdkBytes.fromByteArray(peerKey)));
            assertThat(derived.sharedSecret().asByteArray()).isEqualTo(expected);
            assertThat(derived.keyId()).isEqualTo(arn(region, id));
            assertThat(derived.keyAgreementAlgorithm()).isEqualTo(KeyAgreementAlgorithmSpec.ECDH);
        }
        byte[] p256 = client.getPublicKey(request -> request.keyId(client.createKey(key -> key
                .keySpec(KeySpec.ECC_NIST_P256).keyUsage(KeyUsageType.KEY_AGREEMENT)).keyMetadata().keyId()))
                .publicKey().asByteArray();
        byte[] offCurve = peerKey.clone();
        offCurve[offCurve.length - 1] ^= 1;
        for (byte[] bad : new byte[][] {p256, offCurve, "InvalidPublicKey".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(peerKey, peerKey.length + 1)}) {
            assertUndeclaredError(() -> client.deriveSharedSecret(request -> request.keyId(id)
                    .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(SdkBytes.fromByteArray(bad))),
                    "ValidationException", null);
        }
        assertKmsError(() -> client.deriveSharedSecret(request -> request.keyId(keyId)
                .keyAgreementAlgorithm(KeyAgreementAlgorithmSpec.ECDH).publicKey(SdkBytes.fromByteArray(peerKey))),
                InvalidKeyUsageException.class,
                arn(BEIJING, keyId) + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.");
        assertThat(client.getKeyLastUsage(request -> request.keyId(id)).keyLastUsage().operationAsString())
                .isEqualTo("DeriveSharedSecret");
        client.createGrant(request -> request.keyId(id).granteePrincipal("arn:aws-cn:iam::111122223333:role/agree")
                .operations(GrantOperation.DERIVE_SHARED_SECRET, GrantOperation.GET_PUBLIC_KEY));
    }
}
