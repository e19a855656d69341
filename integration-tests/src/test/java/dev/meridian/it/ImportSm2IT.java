package dev.meridian.it;

import static dev.meridian.it.ImportSupport.EXPIRED_TOKEN;
import static dev.meridian.it.ImportSupport.INCORRECT_MATERIAL;
import static dev.meridian.it.ImportSupport.INVALID_TOKEN;
import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.chinaMaterial;
import static dev.meridian.it.ImportSupport.parameters;
import static dev.meridian.it.ImportSupport.random;
import static dev.meridian.it.ImportSupport.run;
import static dev.meridian.it.ImportSupport.serverWithClock;
import static dev.meridian.it.ImportSupport.wrap;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.meridian.testkit.MovableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.util.Arrays;
import org.bouncycastle.util.BigIntegers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.ExpiredImportTokenException;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.InvalidImportTokenException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * The SM2 wrapping key (China Regions): GetParametersForImport with {@code WrappingKeySpec=SM2} and
 * {@code WrappingAlgorithm=SM2PKE}, and ImportKeyMaterial of material that OpenSSL encrypted under that public
 * key ({@code openssl pkeyutl -encrypt}, whose output is the GM/T 0009 DER form AWS KMS reads). The wrap is
 * OpenSSL's, never Meridian's; the tests are skipped where OpenSSL has no SM2.
 */
class ImportSm2IT {
    private static final String REGION = "cn-north-1";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    @TempDir
    Path folder;

    @BeforeEach
    void requireOpenSslWithSm2() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        String algorithms = run(folder, "openssl", "list", "-public-key-algorithms");
        assumeTrue(algorithms.toUpperCase(Locale.ROOT).contains("SM2"), "this openssl has no SM2");
    }

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String chinaArn(String region, String keyId) {
        return "arn:aws-cn:kms:" + region + ":" + KmsTestSupport.ACCOUNT + ":key/" + keyId;
    }

    private static GetParametersForImportResponse sm2Parameters(KmsClient client, String keyId) {
        return parameters(client, keyId, AlgorithmSpec.SM2_PKE, WrappingKeySpec.SM2);
    }

    /** Encrypts {@code material} under the SM2 public key of {@code parameters} with OpenSSL. */
    private SdkBytes openSslWrap(GetParametersForImportResponse parameters, byte[] material)
            throws IOException, InterruptedException {
        Files.write(folder.resolve("public.der"), parameters.publicKey().asByteArray());
        Files.write(folder.resolve("material.bin"), material);
        run(folder, "openssl", "pkey", "-pubin", "-inform", "DER", "-in", "public.der", "-out", "public.pem");
        run(folder, "openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "public.pem", "-in", "material.bin",
                "-out", "encrypted.bin");
        return SdkBytes.fromByteArray(Files.readAllBytes(folder.resolve("encrypted.bin")));
    }

    private static ImportKeyMaterialResponse importWith(KmsClient client, String keyId,
            GetParametersForImportResponse parameters, SdkBytes encrypted) {
        return importWith(client, keyId, parameters.importToken(), encrypted);
    }

    private static ImportKeyMaterialResponse importWith(KmsClient client, String keyId, SdkBytes importToken,
            SdkBytes encrypted) {
        return client.importKeyMaterial(request -> request.keyId(keyId).importToken(importToken)
                .encryptedKeyMaterial(encrypted).expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));
    }

    private static KeyState state(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata().keyState();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cn-north-1", "cn-northwest-1"})
    void materialWrappedByOpenSslImportsAndTheKeyEncryptsAndDecrypts(String region) throws Exception {
        KmsClient client = kms.client(region);
        String keyId = createExternalKey(client);
        Instant before = Instant.now();
        GetParametersForImportResponse parameters = sm2Parameters(client, keyId);

        assertThat(parameters.keyId()).isEqualTo(chinaArn(region, keyId));
        assertThat(parameters.parametersValidTo()).isBetween(before.plus(24, ChronoUnit.HOURS).minusSeconds(1),
                Instant.now().plus(24, ChronoUnit.HOURS).plusSeconds(1));
        Files.write(folder.resolve("public.der"), parameters.publicKey().asByteArray());
        String structure = run(folder, "openssl", "asn1parse", "-inform", "DER", "-in", "public.der");
        assertThat(structure).contains(":id-ecPublicKey").contains(":sm2").contains("BIT STRING");

        ImportKeyMaterialResponse imported = importWith(client, keyId, parameters,
                openSslWrap(parameters, chinaMaterial()));

        assertThat(imported.keyId()).isEqualTo(chinaArn(region, keyId));
        assertThat(imported.keyMaterialId()).matches("[0-9a-f]{64}");
        assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.ENABLED);
        SdkBytes ciphertext = client.encrypt(request -> request.keyId(keyId).plaintext(bytes("imported under SM2")))
                .ciphertextBlob();
        assertThat(client.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("imported under SM2");
    }

    @Test
    void eachCallGivesItsOwnKeyPairAndTheSameMaterialImportsAgainUnderEither() throws Exception {
        String keyId = createExternalKey(client());
        GetParametersForImportResponse first = sm2Parameters(client(), keyId);
        GetParametersForImportResponse second = sm2Parameters(client(), keyId);
        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
        byte[] material = chinaMaterial();

        String firstId = importWith(client(), keyId, second, openSslWrap(second, material)).keyMaterialId();
        SdkBytes again = openSslWrap(first, material);
        String againId = client().importKeyMaterial(request -> request.keyId(keyId).importToken(first.importToken())
                .encryptedKeyMaterial(again).importType(ImportType.EXISTING_KEY_MATERIAL)
                .validTo(Instant.now().plus(2, ChronoUnit.DAYS))).keyMaterialId();

        assertThat(againId).isEqualTo(firstId);
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void tokensOpenOnlyForTheirOwnKeyAndUnaltered() throws Exception {
        String keyId = createExternalKey(client());
        String otherKeyId = createExternalKey(client());
        GetParametersForImportResponse forOther = sm2Parameters(client(), otherKeyId);
        SdkBytes encrypted = openSslWrap(forOther, chinaMaterial());

        assertKmsError(() -> importWith(client(), keyId, forOther, encrypted), InvalidImportTokenException.class,
                INVALID_TOKEN);
        byte[] altered = forOther.importToken().asByteArray();
        altered[5] ^= 1;
        assertKmsError(() -> importWith(client(), otherKeyId, SdkBytes.fromByteArray(altered), encrypted),
                InvalidImportTokenException.class, INVALID_TOKEN);
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(state(otherKeyId)).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void materialThatDoesNotUnwrapIsAnInvalidCiphertext() throws Exception {
        String keyId = createExternalKey(client());
        GetParametersForImportResponse parameters = sm2Parameters(client(), keyId);
        GetParametersForImportResponse otherSm2 = sm2Parameters(client(), keyId);
        GetParametersForImportResponse rsa = parameters(client(), keyId);
        byte[] material = chinaMaterial();
        SdkBytes forThisKey = openSslWrap(parameters, material);

        for (SdkBytes encrypted : new SdkBytes[] {
            openSslWrap(otherSm2, material),
            wrap(rsa, AlgorithmSpec.RSAES_OAEP_SHA_256, material),
            rawC1C3C2(forThisKey.asByteArray()),
            SdkBytes.fromByteArray(random(140)),
        }) {
            assertKmsError(() -> importWith(client(), keyId, parameters, encrypted), InvalidCiphertextException.class,
                    null);
        }
        // An SM2 ciphertext is not as long as an RSA_2048 modulus: the wrong size for that wrapping key.
        assertUndeclaredError(() -> importWith(client(), keyId, rsa, forThisKey), "ValidationException",
                "Invalid encrypted key size.");
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

        importWith(client(), keyId, parameters, forThisKey);
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
    }

    /** The same ciphertext as the raw concatenation C1 || C3 || C2, without its DER structure. */
    private static SdkBytes rawC1C3C2(byte[] der) {
        ASN1Sequence sequence = ASN1Sequence.getInstance(der);
        byte[] x = BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(sequence.getObjectAt(0)).getValue());
        byte[] y = BigIntegers.asUnsignedByteArray(32, ASN1Integer.getInstance(sequence.getObjectAt(1)).getValue());
        byte[] hash = ASN1OctetString.getInstance(sequence.getObjectAt(2)).getOctets();
        byte[] encrypted = ASN1OctetString.getInstance(sequence.getObjectAt(3)).getOctets();
        return SdkBytes.fromByteArray(Arrays.concatenate(new byte[] {4}, Arrays.concatenate(x, y, hash), encrypted));
    }

    @Test
    void materialOfTheWrongSizeOrIdentityIsIncorrect() throws Exception {
        String keyId = createExternalKey(client());
        GetParametersForImportResponse parameters = sm2Parameters(client(), keyId);
        for (int length : new int[] {1, 15, 17, 24, 31, 33, 64}) {
            SdkBytes wrongSize = openSslWrap(parameters, random(length));
            assertUndeclaredError(() -> importWith(client(), keyId, parameters, wrongSize), "ValidationException",
                    "Invalid encrypted key size.");
        }
        SdkBytes aesSized = openSslWrap(parameters, random(32));
        assertKmsError(() -> importWith(client(), keyId, parameters, aesSized), IncorrectKeyMaterialException.class,
                INCORRECT_MATERIAL);
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

        importWith(client(), keyId, parameters, openSslWrap(parameters, chinaMaterial()));
        SdkBytes otherMaterial = openSslWrap(parameters, chinaMaterial());
        assertKmsError(() -> importWith(client(), keyId, parameters, otherMaterial), IncorrectKeyMaterialException.class,
                INCORRECT_MATERIAL);
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void anSm2PrivateKeyMadeByOpenSslImportsAndSignsAsOpenSslVerifies() throws Exception {
        run(folder, "openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "sm2.pem");
        run(folder, "openssl", "pkcs8", "-topk8", "-nocrypt", "-in", "sm2.pem", "-outform", "DER", "-out", "sm2.der");
        run(folder, "openssl", "pkey", "-in", "sm2.pem", "-pubout", "-outform", "DER", "-out", "sm2-public.der");
        byte[] privateKeyInfo = Files.readAllBytes(folder.resolve("sm2.der"));
        byte[] publicKeyInfo = Files.readAllBytes(folder.resolve("sm2-public.der"));
        String keyId = client().createKey(request -> request.keySpec(KeySpec.SM2).keyUsage(KeyUsageType.SIGN_VERIFY)
                .origin(OriginType.EXTERNAL)).keyMetadata().keyId();

        SdkBytes p256 = SdkBytes.fromByteArray(java.security.KeyPairGenerator.getInstance("EC").generateKeyPair()
                .getPrivate().getEncoded());
        GetParametersForImportResponse refused = sm2Parameters(client(), keyId);
        assertKmsError(() -> importWith(client(), keyId, refused, openSslWrap(refused, p256.asByteArray())),
                IncorrectKeyMaterialException.class, INCORRECT_MATERIAL);
        assertThat(state(keyId)).isEqualTo(KeyState.PENDING_IMPORT);

        GetParametersForImportResponse parameters = sm2Parameters(client(), keyId);
        importWith(client(), keyId, parameters, openSslWrap(parameters, privateKeyInfo));
        assertThat(state(keyId)).isEqualTo(KeyState.ENABLED);
        byte[] message = bytes("signed by an imported SM2 key").asByteArray();
        byte[] signature = client().sign(request -> request.keyId(keyId).message(SdkBytes.fromByteArray(message))
                .signingAlgorithm(SigningAlgorithmSpec.SM2_DSA)).signature().asByteArray();
        Files.write(folder.resolve("message.bin"), message);
        Files.write(folder.resolve("signature.bin"), signature);
        String verified = run(folder, "openssl", "pkeyutl", "-verify", "-pubin", "-keyform", "DER", "-inkey",
                "sm2-public.der", "-rawin", "-digest", "sm3", "-pkeyopt", "distid:1234567812345678", "-in",
                "message.bin", "-sigfile", "signature.bin");
        assertThat(verified).contains("Signature Verified Successfully");
        java.security.spec.X509EncodedKeySpec returned = new java.security.spec.X509EncodedKeySpec(
                client().getPublicKey(request -> request.keyId(keyId)).publicKey().asByteArray());
        assertThat(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(returned.getEncoded()).getPublicKeyData())
                .isEqualTo(org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(publicKeyInfo).getPublicKeyData());
    }

    @Test
    void sm2IsRefusedOutsideTheChinaPartition() {
        for (String region : new String[] {"us-east-1", "us-gov-west-1"}) {
            KmsClient client = kms.client(region);
            String keyId = createExternalKey(client);
            assertUndeclaredError(() -> sm2Parameters(client, keyId), "ValidationException",
                    "The SM2PKE wrapping algorithm is supported only in the China Regions.");
            assertUndeclaredError(() -> parameters(client, keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.SM2),
                    "ValidationException", "The SM2 wrapping key spec is supported only in the China Regions.");
        }
    }

    @Test
    void anSm2SpecMixedWithAnRsaAlgorithmIsRefused() {
        KmsClient client = kms.client("cn-northwest-1");
        String keyId = createExternalKey(client);
        assertUndeclaredError(() -> parameters(client, keyId, AlgorithmSpec.RSAES_OAEP_SHA_1, WrappingKeySpec.SM2),
                "ValidationException", "The wrapping algorithm RSAES_OAEP_SHA_1 is not compatible with the wrapping key"
                        + " spec SM2.");
        assertUndeclaredError(() -> parameters(client, keyId, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256, WrappingKeySpec.SM2),
                "ValidationException", "The wrapping algorithm RSA_AES_KEY_WRAP_SHA_256 is not compatible with the"
                        + " wrapping key spec SM2.");
        assertUndeclaredError(() -> parameters(client, keyId, AlgorithmSpec.SM2_PKE, WrappingKeySpec.RSA_4096),
                "ValidationException", "The wrapping algorithm SM2PKE is not compatible with the wrapping key spec"
                        + " RSA_4096.");
    }

    @Test
    void sm2TokensSurviveARestartAndExpireAfterTwentyFourHours() throws Exception {
        MovableClock clock = new MovableClock();
        try (KmsTestSupport own = serverWithClock(clock)) {
            String keyId = createExternalKey(own.client(REGION));
            GetParametersForImportResponse early = sm2Parameters(own.client(REGION), keyId);
            clock.advance(Duration.ofHours(1));
            GetParametersForImportResponse late = sm2Parameters(own.client(REGION), keyId);
            byte[] material = chinaMaterial();
            SdkBytes wrappedEarly = openSslWrap(early, material);
            SdkBytes wrappedLate = openSslWrap(late, material);

            own.server().restart();
            own.resetClients();
            clock.advance(Duration.ofHours(23));

            assertKmsError(() -> importWith(own.client(REGION), keyId, early, wrappedEarly),
                    ExpiredImportTokenException.class, EXPIRED_TOKEN);
            importWith(own.client(REGION), keyId, late, wrappedLate);
            assertThat(own.client(REGION).describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                    .isEqualTo(KeyState.ENABLED);
        }
    }
}
