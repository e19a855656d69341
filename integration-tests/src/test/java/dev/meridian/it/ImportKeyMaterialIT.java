package dev.meridian.it;

import static dev.meridian.it.ImportSupport.createExternalKey;
import static dev.meridian.it.ImportSupport.importMaterial;
import static dev.meridian.it.ImportSupport.newMaterial;
import static dev.meridian.it.ImportSupport.parameters;
import static dev.meridian.it.ImportSupport.run;
import static dev.meridian.it.ImportSupport.wrap;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/** GetParametersForImport and ImportKeyMaterial that succeed, with material wrapped by the JDK or OpenSSL. */
class ImportKeyMaterialIT {
    private static final String REGION = "eu-central-1";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static KeyMetadata describe(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata();
    }

    @ParameterizedTest
    @CsvSource({
        "RSAES_OAEP_SHA_1, RSA_2048, 2048",
        "RSAES_OAEP_SHA_256, RSA_2048, 2048",
        "RSA_AES_KEY_WRAP_SHA_1, RSA_2048, 2048",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_2048, 2048",
        "RSAES_OAEP_SHA_256, RSA_3072, 3072",
        "RSA_AES_KEY_WRAP_SHA_256, RSA_4096, 4096",
    })
    void everyWrappingAlgorithmAndKeySpecImports(AlgorithmSpec algorithm, WrappingKeySpec spec, int bits)
            throws Exception {
        String keyId = createExternalKey(client());
        Instant before = Instant.now();
        GetParametersForImportResponse parameters = parameters(client(), keyId, algorithm, spec);

        assertThat(parameters.keyId()).isEqualTo(arn(REGION, keyId));
        RSAPublicKey publicKey = (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(parameters.publicKey().asByteArray()));
        assertThat(publicKey.getModulus().bitLength()).isEqualTo(bits);
        assertThat(parameters.parametersValidTo()).isBetween(before.plus(24, ChronoUnit.HOURS).minusSeconds(1),
                Instant.now().plus(24, ChronoUnit.HOURS).plusSeconds(1));

        ImportKeyMaterialResponse imported = client().importKeyMaterial(request -> request.keyId(keyId)
                .importToken(parameters.importToken()).encryptedKeyMaterial(wrap(parameters, algorithm, newMaterial()))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE));

        assertThat(imported.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(imported.keyMaterialId()).matches("[0-9a-f]{64}");
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("imported")))
                .ciphertextBlob();
        assertThat(client().decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("imported");
    }

    @Test
    void describeKeyShowsTheExpirationModelOnlyWhileMaterialIsHeld() {
        String keyId = createExternalKey(client());
        KeyMetadata pending = describe(keyId);
        assertThat(pending.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(pending.enabled()).isFalse();
        assertThat(pending.expirationModel()).isNull();
        assertThat(pending.validTo()).isNull();

        importMaterial(client(), keyId, newMaterial());
        KeyMetadata enabled = describe(keyId);
        assertThat(enabled.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
        assertThat(enabled.validTo()).isNull();

        String expiringKey = createExternalKey(client());
        Instant validTo = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        importMaterial(client(), expiringKey, newMaterial(), validTo);
        KeyMetadata expiring = describe(expiringKey);
        assertThat(expiring.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
        assertThat(expiring.validTo()).isEqualTo(validTo);
    }

    @Test
    void theSameMaterialCanBeImportedAgainToChangeItsExpiry() {
        String keyId = createExternalKey(client());
        byte[] material = newMaterial();
        String firstId = importMaterial(client(), keyId, material, Instant.now().plus(1, ChronoUnit.DAYS)).keyMaterialId();
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("kept"))).ciphertextBlob();

        ImportKeyMaterialResponse again = importMaterial(client(), keyId, material);

        assertThat(again.keyMaterialId()).isEqualTo(firstId);
        assertThat(describe(keyId).expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE);
        assertThat(client().decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("kept");
    }

    @Test
    void aDisabledKeyTakesItsMaterialAgainAndStaysDisabled() {
        String keyId = createExternalKey(client());
        byte[] material = newMaterial();
        importMaterial(client(), keyId, material);
        client().disableKey(request -> request.keyId(keyId));

        GetParametersForImportResponse parameters = parameters(client(), keyId);
        client().importKeyMaterial(request -> request.keyId(keyId).importToken(parameters.importToken())
                .encryptedKeyMaterial(wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material))
                .validTo(Instant.now().plus(2, ChronoUnit.DAYS)));

        KeyMetadata key = describe(keyId);
        assertThat(key.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(key.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
    }

    @Test
    void eachCallGivesItsOwnKeyPairAndEveryTokenWorks() {
        String keyId = createExternalKey(client());
        GetParametersForImportResponse first = parameters(client(), keyId);
        GetParametersForImportResponse second = parameters(client(), keyId);
        assertThat(first.publicKey()).isNotEqualTo(second.publicKey());
        assertThat(first.importToken()).isNotEqualTo(second.importToken());
        byte[] material = newMaterial();

        for (GetParametersForImportResponse parameters : List.of(second, first)) {
            client().importKeyMaterial(request -> request.keyId(keyId).importToken(parameters.importToken())
                    .encryptedKeyMaterial(wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)
                    .keyMaterialDescription("from a ceremony"));
        }
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void materialWrappedByOpenSslImports(@TempDir Path folder) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        byte[] material = newMaterial();
        Files.write(folder.resolve("material.bin"), material);
        for (AlgorithmSpec algorithm : List.of(AlgorithmSpec.RSAES_OAEP_SHA_256, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_256,
                AlgorithmSpec.RSAES_OAEP_SHA_1, AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1)) {
            String keyId = createExternalKey(client());
            GetParametersForImportResponse parameters = parameters(client(), keyId, algorithm, WrappingKeySpec.RSA_3072);
            Files.write(folder.resolve("public.der"), parameters.publicKey().asByteArray());
            byte[] encrypted = openSslWrap(folder, algorithm);

            String keyMaterialId = client().importKeyMaterial(request -> request.keyId(keyId)
                    .importToken(parameters.importToken()).encryptedKeyMaterial(SdkBytes.fromByteArray(encrypted))
                    .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)).keyMaterialId();

            assertThat(keyMaterialId).matches("[0-9a-f]{64}");
            assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
        }
    }

    /** Follows AWS's OpenSSL instructions for each wrapping algorithm. */
    private static byte[] openSslWrap(Path folder, AlgorithmSpec algorithm) throws IOException, InterruptedException {
        String hash = algorithm.toString().endsWith("SHA_1") ? "sha1" : "sha256";
        boolean keyWrap = algorithm.toString().startsWith("RSA_AES");
        String rsaInput = keyWrap ? "aes.key" : "material.bin";
        if (keyWrap) {
            Files.write(folder.resolve("aes.key"), ImportSupport.random(32));
            run(folder, "openssl", "enc", "-id-aes256-wrap-pad", "-K",
                    HexFormat.of().formatHex(Files.readAllBytes(folder.resolve("aes.key"))), "-iv", "A65959A6",
                    "-in", "material.bin", "-out", "material.wrapped");
        }
        run(folder, "openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", "public.der", "-keyform", "DER",
                "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:" + hash, "-pkeyopt", "rsa_mgf1_md:" + hash,
                "-in", rsaInput, "-out", "rsa.out");
        byte[] rsa = Files.readAllBytes(folder.resolve("rsa.out"));
        if (!keyWrap) {
            return rsa;
        }
        byte[] wrapped = Files.readAllBytes(folder.resolve("material.wrapped"));
        byte[] combined = new byte[rsa.length + wrapped.length];
        System.arraycopy(rsa, 0, combined, 0, rsa.length);
        System.arraycopy(wrapped, 0, combined, rsa.length, wrapped.length);
        return combined;
    }

    @Test
    void parametersValidToIsTwentyFourHoursAhead() {
        String keyId = createExternalKey(client());
        // Bounded by the times around the call, not by a fixed tolerance: RSA key generation on a busy machine
        // can take longer than any such tolerance.
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant validTo = parameters(client(), keyId).parametersValidTo();
        Instant after = Instant.now();
        assertThat(validTo).isBetween(before.plus(24, ChronoUnit.HOURS), after.plus(24, ChronoUnit.HOURS));
    }

    @Test
    void aCancelledDeletionLeavesAKeyWithoutItsMaterialPendingImport() {
        String never = createExternalKey(client());
        client().scheduleKeyDeletion(request -> request.keyId(never).pendingWindowInDays(7));
        client().cancelKeyDeletion(request -> request.keyId(never));
        assertThat(describe(never).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        KmsTestSupport.assertKmsError(() -> client().enableKey(request -> request.keyId(never)),
                software.amazon.awssdk.services.kms.model.KmsInvalidStateException.class, arn(REGION, never) + " is pending import.");

        String deletedMeanwhile = createExternalKey(client());
        importMaterial(client(), deletedMeanwhile, newMaterial());
        client().scheduleKeyDeletion(request -> request.keyId(deletedMeanwhile).pendingWindowInDays(7));
        client().deleteImportedKeyMaterial(request -> request.keyId(deletedMeanwhile));
        client().cancelKeyDeletion(request -> request.keyId(deletedMeanwhile));
        assertThat(describe(deletedMeanwhile).keyState()).isEqualTo(KeyState.PENDING_IMPORT);

        String held = createExternalKey(client());
        importMaterial(client(), held, newMaterial());
        client().scheduleKeyDeletion(request -> request.keyId(held).pendingWindowInDays(7));
        client().cancelKeyDeletion(request -> request.keyId(held));
        assertThat(describe(held).keyState()).as("a key that holds its material returns Disabled, as AWS documents")
                .isEqualTo(KeyState.DISABLED);
    }
}
