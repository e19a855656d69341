package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.IncorrectKeyMaterialException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * HMAC keys with imported material (origin {@code EXTERNAL}): GenerateMac equals the JDK's HMAC over the imported
 * secret, for each spec at its shortest and longest allowed length, and a secret of a length the spec does not
 * take is refused.
 */
class HmacImportIT {
    private static final String REGION = "us-west-2";
    private static final KeySpec[] SPECS = {KeySpec.HMAC_224, KeySpec.HMAC_256, KeySpec.HMAC_384, KeySpec.HMAC_512};
    private static final MacAlgorithmSpec[] ALGORITHMS = {MacAlgorithmSpec.HMAC_SHA_224, MacAlgorithmSpec.HMAC_SHA_256,
        MacAlgorithmSpec.HMAC_SHA_384, MacAlgorithmSpec.HMAC_SHA_512};
    private static final String[] JDK = {"HmacSHA224", "HmacSHA256", "HmacSHA384", "HmacSHA512"};
    private static final int[] SHORTEST = {28, 32, 48, 64};
    private static final int[] LONGEST = {64, 64, 128, 128};
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static KmsClient client;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
    }

    private static String createExternal(KeySpec spec) {
        String keyId = client.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                .origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.PENDING_IMPORT);
        return keyId;
    }

    @Test
    void generateMacIsTheJdksHmacOverTheImportedSecret() throws Exception {
        byte[] message = "imported".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < SPECS.length; i++) {
            for (int length : new int[] {SHORTEST[i], LONGEST[i]}) {
                String keyId = createExternal(SPECS[i]);
                byte[] secret = ImportSupport.random(length);
                ImportSupport.importMaterial(client, keyId, secret);
                Mac jdk = Mac.getInstance(JDK[i]);
                jdk.init(new SecretKeySpec(secret, JDK[i]));
                byte[] expected = jdk.doFinal(message);
                MacAlgorithmSpec algorithm = ALGORITHMS[i];
                assertThat(client.generateMac(request -> request.keyId(keyId).macAlgorithm(algorithm)
                        .message(SdkBytes.fromByteArray(message))).mac().asByteArray()).as("%s, %d bytes", SPECS[i], length)
                        .isEqualTo(expected);
                assertThat(client.verifyMac(request -> request.keyId(keyId).macAlgorithm(algorithm)
                        .message(SdkBytes.fromByteArray(message)).mac(SdkBytes.fromByteArray(expected))).macValid()).isTrue();
            }
        }
    }

    @Test
    void aSecretOfALengthTheSpecDoesNotTakeIsRefused() {
        for (int i = 0; i < SPECS.length; i++) {
            for (int length : new int[] {SHORTEST[i] - 1, LONGEST[i] + 1}) {
                String keyId = createExternal(SPECS[i]);
                byte[] secret = ImportSupport.random(length);
                assertKmsError(() -> ImportSupport.importMaterial(client, keyId, secret), IncorrectKeyMaterialException.class,
                        ImportSupport.INCORRECT_MATERIAL);
            }
        }
    }
}
