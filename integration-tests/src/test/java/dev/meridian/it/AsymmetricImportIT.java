package dev.meridian.it;

import static dev.meridian.it.ImportSupport.INCORRECT_MATERIAL;
import static dev.meridian.it.ImportSupport.run;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MovableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * Asymmetric signing keys with imported private keys (origin {@code EXTERNAL}), over the AWS SDK: the key pair is
 * made outside Meridian (the JDK, or OpenSSL for secp256k1), its PKCS#8 DER wrapped as AWS requires (RSA private
 * keys, too long for RSA-OAEP, with RSA_AES_KEY_WRAP_*), imported; GetPublicKey gives the original
 * SubjectPublicKeyInfo, and each signing algorithm's signature verifies with the ORIGINAL public key in the JDK
 * or OpenSSL. A key takes only its own spec's key, and after the first import only that key again, also as a
 * multi-Region replica.
 */
class AsymmetricImportIT {
    private static final String REGION = "us-west-2";
    private static final byte[] MESSAGE = "imported signing key".getBytes(StandardCharsets.UTF_8);
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static KmsClient client;

    /** How a case wraps its private key: the wrapping algorithm and the wrapping key spec. */
    private record Case(KeySpec spec, AlgorithmSpec algorithm, WrappingKeySpec wrappingKey) {
    }

    /** A key pair made outside Meridian: the private key as PKCS#8 DER, the public key as SubjectPublicKeyInfo. */
    private record External(byte[] privateKeyInfo, byte[] publicKeyInfo) {
    }

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
    }

    /** A key pair of {@code spec}: the JDK's, OpenSSL's for secp256k1 (which JDK 17 lacks). */
    static External generate(KeySpec spec, Path folder) throws Exception {
        if (spec == KeySpec.ECC_SECG_P256_K1) {
            Path key = Files.createTempFile(folder, "secp256k1", ".der");
            Path publicKey = Files.createTempFile(folder, "secp256k1", ".pub.der");
            Path pem = Files.createTempFile(folder, "secp256k1", ".pem");
            run(folder, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:secp256k1",
                    "-pkeyopt", "ec_param_enc:named_curve", "-out", pem.toString());
            run(folder, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", pem.toString(), "-outform", "DER",
                    "-out", key.toString());
            run(folder, "openssl", "pkey", "-in", pem.toString(), "-pubout", "-outform", "DER",
                    "-out", publicKey.toString());
            return new External(Files.readAllBytes(key), Files.readAllBytes(publicKey));
        }
        KeyPairGenerator generator;
        switch (spec) {
            case RSA_2048, RSA_3072, RSA_4096 -> {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(spec.toString().substring("RSA_".length())));
            }
            case ECC_NIST_EDWARDS25519 -> generator = KeyPairGenerator.getInstance("Ed25519");
            case ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521 -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp" + spec.toString().substring("ECC_NIST_P".length())
                        + "r1"));
            }
            default -> throw new IllegalArgumentException("No signing key pair for " + spec);
        }
        KeyPair pair = generator.generateKeyPair();
        return new External(pair.getPrivate().getEncoded(), pair.getPublic().getEncoded());
    }

    /**
     * The same private key as OpenSSL re-encodes it in PKCS#8: EC keys through SEC1, which adds the public key
     * inside the ECPrivateKey (the JDK writes none).
     */
    static byte[] reencodedByOpenSsl(KeySpec spec, byte[] privateKeyInfo, Path folder) throws Exception {
        Path in = Files.createTempFile(folder, "key", ".der");
        Path out = Files.createTempFile(folder, "key", ".openssl.der");
        Files.write(in, privateKeyInfo);
        String inform = "DER";
        if (spec.toString().startsWith("ECC_NIST_P") || spec == KeySpec.ECC_SECG_P256_K1) {
            Path sec1 = Files.createTempFile(folder, "key", ".sec1.pem");
            run(folder, "openssl", "ec", "-inform", "DER", "-in", in.toString(), "-out", sec1.toString());
            in = sec1;
            inform = "PEM";
        }
        run(folder, "openssl", "pkcs8", "-topk8", "-nocrypt", "-inform", inform, "-in", in.toString(), "-outform", "DER",
                "-out", out.toString());
        return Files.readAllBytes(out);
    }

    static String createExternal(KmsClient kmsClient, KeySpec spec, boolean multiRegion) {
        KeyMetadata created = kmsClient.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.SIGN_VERIFY)
                .origin(OriginType.EXTERNAL).multiRegion(multiRegion)).keyMetadata();
        assertThat(created.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(created.enabled()).isFalse();
        return created.keyId();
    }

    /** Fetches parameters, wraps {@code privateKeyInfo} as {@code wrapping} says and imports it, never expiring. */
    static ImportKeyMaterialResponse importKey(KmsClient kmsClient, String keyId, byte[] privateKeyInfo, Case wrapping,
            Consumer<ImportKeyMaterialRequest.Builder> options) {
        GetParametersForImportResponse parameters = ImportSupport.parameters(kmsClient, keyId, wrapping.algorithm(),
                wrapping.wrappingKey());
        SdkBytes wrapped = ImportSupport.wrap(parameters, wrapping.algorithm(), privateKeyInfo);
        return kmsClient.importKeyMaterial(request -> options.accept(request.keyId(keyId)
                .importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
    }

    static ImportKeyMaterialResponse importKey(KmsClient kmsClient, String keyId, byte[] privateKeyInfo, Case wrapping) {
        return importKey(kmsClient, keyId, privateKeyInfo, wrapping, request -> { });
    }

    /**
     * How a key of {@code spec} is wrapped by default: RSA keys with AES key wrap, the others directly; under
     * RSA_2048 wrapping keys, the cheapest for the server to make (the larger ones are ImportKeyMaterialIT's).
     */
    static Case wrapping(KeySpec spec) {
        return spec.toString().startsWith("RSA_")
                ? new Case(spec, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048)
                : new Case(spec, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    }

    private KeyState state(String keyId) {
        return client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState();
    }

    @Test
    void everySigningSpecImportsAndSignsForTheOriginalPublicKey(@TempDir Path folder) throws Exception {
        List<Case> cases = List.of(
                new Case(KeySpec.RSA_2048, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.RSA_3072, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.RSA_4096, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.ECC_NIST_P256, AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.ECC_NIST_P384, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.ECC_NIST_P521, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.ECC_SECG_P256_K1, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.ECC_NIST_EDWARDS25519, AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.RSA_2048),
                new Case(KeySpec.ECC_NIST_EDWARDS25519, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048));
        for (Case wrapping : cases) {
            External external = generate(wrapping.spec(), folder);
            String keyId = createExternal(client, wrapping.spec(), false);
            ImportKeyMaterialResponse imported = importKey(client, keyId, external.privateKeyInfo(), wrapping);
            assertThat(imported.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(imported.keyMaterialId()).matches("[0-9a-f]{64}");

            KeyMetadata metadata = client.describeKey(request -> request.keyId(keyId)).keyMetadata();
            assertThat(metadata.keyState()).as("%s", wrapping).isEqualTo(KeyState.ENABLED);
            assertThat(metadata.enabled()).isTrue();
            assertThat(metadata.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
            assertThat(metadata.currentKeyMaterialId()).isNull();
            assertThat(client.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray()).as("%s", wrapping)
                    .isEqualTo(external.publicKeyInfo());
            for (SigningAlgorithmSpec algorithm : metadata.signingAlgorithms()) {
                if (algorithm == SigningAlgorithmSpec.ED25519_PH_SHA_512) {
                    continue;  // signs a DIGEST; the RAW algorithm shows the same private key at work
                }
                byte[] signature = client.sign(request -> request.keyId(keyId).signingAlgorithm(algorithm)
                        .messageType(MessageType.RAW).message(SdkBytes.fromByteArray(MESSAGE))).signature().asByteArray();
                assertThat(verifiesIndependently(external.publicKeyInfo(), algorithm, signature, folder))
                        .as("%s with %s", wrapping, algorithm).isTrue();
            }
        }
    }

    /**
     * Verifies {@code signature} of {@link #MESSAGE} with the original public key: the JDK, OpenSSL for secp256k1.
     * Never Meridian's code.
     */
    static boolean verifiesIndependently(byte[] publicKeyInfo, SigningAlgorithmSpec algorithm, byte[] signature,
            Path folder) throws Exception {
        String name = algorithm.toString();
        if (name.startsWith("ECDSA_") && isSecp256k1(publicKeyInfo)) {
            Path publicKey = Files.createTempFile(folder, "public", ".der");
            Path message = Files.createTempFile(folder, "message", ".bin");
            Path signatureFile = Files.createTempFile(folder, "signature", ".der");
            Files.write(publicKey, publicKeyInfo);
            Files.write(message, MESSAGE);
            Files.write(signatureFile, signature);
            Process process = new ProcessBuilder("openssl", "dgst", "-sha256", "-keyform", "DER", "-verify",
                    publicKey.toString(), "-signature", signatureFile.toString(), message.toString())
                    .directory(folder.toFile()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 && output.contains("Verified OK");
        }
        Signature verifier;
        String keyAlgorithm;
        if (name.startsWith("ECDSA_SHA_")) {
            keyAlgorithm = "EC";
            verifier = Signature.getInstance("SHA" + name.substring("ECDSA_SHA_".length()) + "withECDSA");
        } else if (name.startsWith("RSASSA_PKCS1_V1_5_SHA_")) {
            keyAlgorithm = "RSA";
            verifier = Signature.getInstance("SHA" + name.substring("RSASSA_PKCS1_V1_5_SHA_".length()) + "withRSA");
        } else if (name.startsWith("RSASSA_PSS_SHA_")) {
            keyAlgorithm = "RSA";
            int bits = Integer.parseInt(name.substring("RSASSA_PSS_SHA_".length()));
            verifier = Signature.getInstance("RSASSA-PSS");
            String hash = "SHA-" + bits;
            verifier.setParameter(new PSSParameterSpec(hash, "MGF1", new MGF1ParameterSpec(hash), bits / 8, 1));
        } else if (algorithm == SigningAlgorithmSpec.ED25519_SHA_512) {
            keyAlgorithm = "Ed25519";
            verifier = Signature.getInstance("Ed25519");
        } else {
            throw new IllegalArgumentException("No independent verifier for " + algorithm);
        }
        PublicKey publicKey = KeyFactory.getInstance(keyAlgorithm).generatePublic(new X509EncodedKeySpec(publicKeyInfo));
        verifier.initVerify(publicKey);
        verifier.update(MESSAGE);
        return verifier.verify(signature);
    }

    /** Whether a SubjectPublicKeyInfo names the curve secp256k1 (OID 1.3.132.0.10). */
    private static boolean isSecp256k1(byte[] publicKeyInfo) {
        byte[] oid = {0x06, 0x05, 0x2b, (byte) 0x81, 0x04, 0x00, 0x0a};
        for (int i = 0; i + oid.length <= publicKeyInfo.length; i++) {
            if (java.util.Arrays.equals(publicKeyInfo, i, i + oid.length, oid, 0, oid.length)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aKeyOfAnotherSpecOrNoKeyAtAllIsIncorrectKeyMaterial(@TempDir Path folder) throws Exception {
        External p256 = generate(KeySpec.ECC_NIST_P256, folder);
        External p384 = generate(KeySpec.ECC_NIST_P384, folder);
        External ed25519 = generate(KeySpec.ECC_NIST_EDWARDS25519, folder);
        External rsa3072 = generate(KeySpec.RSA_3072, folder);
        String eccKey = createExternal(client, KeySpec.ECC_NIST_P384, false);
        for (byte[] wrong : new byte[][] {p256.privateKeyInfo(), ed25519.privateKeyInfo(), p256.publicKeyInfo(),
            java.util.Arrays.copyOf(p384.privateKeyInfo(), p384.privateKeyInfo().length - 1), ImportSupport.random(48),
            ImportSupport.random(32)}) {
            assertKmsError(() -> importKey(client, eccKey, wrong, wrapping(KeySpec.ECC_NIST_P384)),
                    IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        }
        assertThat(state(eccKey)).isEqualTo(KeyState.PENDING_IMPORT);
        importKey(client, eccKey, p384.privateKeyInfo(), wrapping(KeySpec.ECC_NIST_P384));
        assertThat(state(eccKey)).isEqualTo(KeyState.ENABLED);

        String rsaKey = createExternal(client, KeySpec.RSA_2048, false);
        for (byte[] wrong : new byte[][] {rsa3072.privateKeyInfo(), p256.privateKeyInfo(), rsa3072.publicKeyInfo()}) {
            assertKmsError(() -> importKey(client, rsaKey, wrong, wrapping(KeySpec.RSA_2048)),
                    IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        }
        String edKey = createExternal(client, KeySpec.ECC_NIST_EDWARDS25519, false);
        assertKmsError(() -> importKey(client, edKey, p256.privateKeyInfo(), wrapping(KeySpec.ECC_NIST_EDWARDS25519)),
                IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        assertThat(state(rsaKey)).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(state(edKey)).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void aKeyTakesOnlyItsOwnPrivateKeyAgainInAnyEncoding(@TempDir Path folder) throws Exception {
        External own = generate(KeySpec.ECC_NIST_P256, folder);
        External other = generate(KeySpec.ECC_NIST_P256, folder);
        Case wrapping = wrapping(KeySpec.ECC_NIST_P256);
        String keyId = createExternal(client, KeySpec.ECC_NIST_P256, false);
        String keyMaterialId = importKey(client, keyId, own.privateKeyInfo(), wrapping).keyMaterialId();

        assertKmsError(() -> importKey(client, keyId, other.privateKeyInfo(), wrapping), IncorrectKeyMaterialException.class,
                INCORRECT_MATERIAL);
        // No new material for an asymmetric key: it has no rotation.
        for (byte[] material : new byte[][] {other.privateKeyInfo(), own.privateKeyInfo()}) {
            assertKmsError(() -> importKey(client, keyId, material, wrapping,
                    request -> request.importType(ImportType.NEW_KEY_MATERIAL)),
                    IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        }
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);

        client.deleteImportedKeyMaterial(request -> request.keyId(keyId));
        KeyMetadata deleted = client.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(deleted.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(deleted.expirationModel()).isNull();
        assertKmsError(() -> client.sign(request -> request.keyId(keyId).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                .message(SdkBytes.fromByteArray(MESSAGE))), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is pending import.");
        assertKmsError(() -> importKey(client, keyId, other.privateKeyInfo(), wrapping), IncorrectKeyMaterialException.class,
                INCORRECT_MATERIAL);

        // The same key as OpenSSL writes it (public key inside): the same material, the same KeyMaterialId.
        byte[] reencoded = reencodedByOpenSsl(KeySpec.ECC_NIST_P256, own.privateKeyInfo(), folder);
        assertThat(reencoded).isNotEqualTo(own.privateKeyInfo());
        Instant validTo = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        assertThat(importKey(client, keyId, reencoded, wrapping, request -> request
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(validTo)).keyMaterialId())
                .isEqualTo(keyMaterialId);
        KeyMetadata again = client.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(again.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(again.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
        assertThat(again.validTo()).isEqualTo(validTo);
        byte[] signature = client.sign(request -> request.keyId(keyId).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                .message(SdkBytes.fromByteArray(MESSAGE))).signature().asByteArray();
        assertThat(verifiesIndependently(own.publicKeyInfo(), SigningAlgorithmSpec.ECDSA_SHA_256, signature, folder)).isTrue();
    }

    @Test
    void anAesKeyWrapOfNoPossibleSizeIsAValidationError(@TempDir Path folder) throws Exception {
        String keyId = createExternal(client, KeySpec.RSA_2048, false);
        GetParametersForImportResponse parameters = ImportSupport.parameters(client, keyId,
                AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.RSA_2048);
        byte[] wrapped = ImportSupport.wrap(parameters, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
                generate(KeySpec.RSA_2048, folder).privateKeyInfo()).asByteArray();
        for (int length : new int[] {256, 256 + 8, 256 + 20, wrapped.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(wrapped, length);
            assertUndeclaredError(() -> client.importKeyMaterial(request -> request.keyId(keyId)
                    .importToken(parameters.importToken()).encryptedKeyMaterial(SdkBytes.fromByteArray(cut))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)),
                    "ValidationException", "Invalid encrypted key size.");
        }
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void aReplicaTakesItsPrimarysKeyPairAndSignaturesVerifyAcrossRegions(@TempDir Path folder) throws Exception {
        String primaryRegion = "us-east-1";
        String replicaRegion = "eu-west-1";
        try (KmsTestSupport own = ImportSupport.serverWithClock(new MovableClock())) {
            for (KeySpec spec : new KeySpec[] {KeySpec.ECC_NIST_P256, KeySpec.RSA_2048, KeySpec.ECC_NIST_EDWARDS25519}) {
                KmsClient primary = own.client(primaryRegion);
                KmsClient replica = own.client(replicaRegion);
                External external = generate(spec, folder);
                String keyId = createExternal(primary, spec, true);
                String keyMaterialId = importKey(primary, keyId, external.privateKeyInfo(), wrapping(spec)).keyMaterialId();
                primary.replicateKey(request -> request.keyId(keyId).replicaRegion(replicaRegion));
                own.server().runDueWork();
                assertThat(replica.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                        .isEqualTo(KeyState.PENDING_IMPORT);

                assertKmsError(() -> importKey(replica, keyId, generate(spec, folder).privateKeyInfo(), wrapping(spec)),
                        IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
                assertThat(importKey(replica, keyId, reencodedByOpenSsl(spec, external.privateKeyInfo(), folder), wrapping(spec))
                        .keyMaterialId()).isEqualTo(keyMaterialId);
                assertThat(replica.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                        .isEqualTo(KeyState.ENABLED);

                assertThat(replica.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray())
                        .isEqualTo(primary.getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray())
                        .isEqualTo(external.publicKeyInfo());
                SigningAlgorithmSpec algorithm = replica.describeKey(request -> request.keyId(keyId)).keyMetadata()
                        .signingAlgorithms().get(0);
                SdkBytes signature = replica.sign(request -> request.keyId(keyId).signingAlgorithm(algorithm)
                        .message(SdkBytes.fromByteArray(MESSAGE))).signature();
                assertThat(primary.verify(request -> request.keyId(keyId).signingAlgorithm(algorithm)
                        .message(SdkBytes.fromByteArray(MESSAGE)).signature(signature)).signatureValid()).isTrue();
                assertThat(verifiesIndependently(external.publicKeyInfo(), algorithm, signature.asByteArray(), folder))
                        .as("%s", spec).isTrue();
            }
        }
    }
}
