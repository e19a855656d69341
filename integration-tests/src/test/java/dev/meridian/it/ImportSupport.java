package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialRequest;
import software.amazon.awssdk.services.kms.model.ImportKeyMaterialResponse;
import software.amazon.awssdk.services.kms.model.ImportType;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.WrappingKeySpec;

/**
 * What the import tests share. The client-side wrap is done here with the JDK's own providers (RSA-OAEP and
 * AES-KWP) or with OpenSSL ({@link #run}), never with Meridian's code, as a client following AWS's instructions
 * would.
 */
final class ImportSupport {
    static final String INVALID_TOKEN = "The request was rejected because the provided import token is invalid or is"
            + " associated with a different KMS key.";
    static final String EXPIRED_TOKEN = "The request was rejected because the specified import token is expired. Use"
            + " GetParametersForImport to get a new import token and public key, use the new public key to encrypt the"
            + " key material, and then try the request again.";
    static final String INCORRECT_MATERIAL = "The request was rejected because the key material in the request is,"
            + " expired, invalid, or is not the same key material that was previously imported into this KMS key.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ImportSupport() {
    }

    /** A server of its own whose clock the test moves, with a zero replication delay. */
    static KmsTestSupport serverWithClock(MovableClock clock) {
        return new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                .clock(clock)));
    }

    /** 256 bits of AES material, what a key takes outside the China Regions. */
    static byte[] newMaterial() {
        return random(32);
    }

    /** 128 bits of SM4 material, what a key in the China Regions takes. */
    static byte[] chinaMaterial() {
        return random(16);
    }

    static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static String createExternalKey(KmsClient client) {
        return client.createKey(request -> request.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
    }

    static String createExternalPrimary(KmsClient client) {
        return client.createKey(request -> request.origin(OriginType.EXTERNAL).multiRegion(true)).keyMetadata().keyId();
    }

    static GetParametersForImportResponse parameters(KmsClient client, String keyId, AlgorithmSpec algorithm,
            WrappingKeySpec spec) {
        return client.getParametersForImport(request -> request.keyId(keyId).wrappingAlgorithm(algorithm)
                .wrappingKeySpec(spec));
    }

    static GetParametersForImportResponse parameters(KmsClient client, String keyId) {
        return parameters(client, keyId, AlgorithmSpec.RSAES_OAEP_SHA_256, WrappingKeySpec.RSA_2048);
    }

    /** Fetches parameters, wraps {@code material} with RSAES_OAEP_SHA_256 and imports it, never expiring. */
    static ImportKeyMaterialResponse importMaterial(KmsClient client, String keyId, byte[] material) {
        return importMaterial(client, keyId, material, request -> { });
    }

    /** The same, expiring at {@code validTo}. */
    static ImportKeyMaterialResponse importMaterial(KmsClient client, String keyId, byte[] material, Instant validTo) {
        return importMaterial(client, keyId, material, request -> request
                .expirationModel(ExpirationModelType.KEY_MATERIAL_EXPIRES).validTo(validTo));
    }

    /** The same, as material for the key's next on-demand rotation ({@code NEW_KEY_MATERIAL}), never expiring. */
    static ImportKeyMaterialResponse importNewMaterial(KmsClient client, String keyId, byte[] material) {
        return importMaterial(client, keyId, material, request -> request.importType(ImportType.NEW_KEY_MATERIAL));
    }

    /** Fetches parameters, wraps and imports, never expiring unless {@code options} say otherwise. */
    static ImportKeyMaterialResponse importMaterial(KmsClient client, String keyId, byte[] material,
            Consumer<ImportKeyMaterialRequest.Builder> options) {
        GetParametersForImportResponse parameters = parameters(client, keyId);
        return client.importKeyMaterial(request -> options.accept(request.keyId(keyId)
                .importToken(parameters.importToken())
                .encryptedKeyMaterial(wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material))
                .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE)));
    }

    static SdkBytes wrap(GetParametersForImportResponse parameters, AlgorithmSpec algorithm, byte[] material) {
        return SdkBytes.fromByteArray(wrap(parameters.publicKey().asByteArray(), algorithm, material));
    }

    /** Wraps as AWS's instructions say, with the JDK: RSA-OAEP with MGF1 of the same hash; AES-KWP (RFC 5649). */
    static byte[] wrap(byte[] publicKeyDer, AlgorithmSpec algorithm, byte[] material) {
        try {
            PublicKey publicKey = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKeyDer));
            boolean sha1 = algorithm == AlgorithmSpec.RSAES_OAEP_SHA_1 || algorithm == AlgorithmSpec.RSA_AES_KEY_WRAP_SHA_1;
            OAEPParameterSpec oaep = new OAEPParameterSpec(sha1 ? "SHA-1" : "SHA-256", "MGF1",
                    sha1 ? MGF1ParameterSpec.SHA1 : MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, publicKey, oaep);
            if (algorithm == AlgorithmSpec.RSAES_OAEP_SHA_1 || algorithm == AlgorithmSpec.RSAES_OAEP_SHA_256) {
                return rsa.doFinal(material);
            }
            byte[] aesKey = random(32);
            Cipher keyWrap = Cipher.getInstance("AES/KWP/NoPadding");
            keyWrap.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(rsa.doFinal(aesKey));
            out.writeBytes(keyWrap.doFinal(material));
            return out.toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code command} (OpenSSL) in {@code folder}, asserts that it succeeded, and returns what it printed. */
    static String run(Path folder, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }
}
