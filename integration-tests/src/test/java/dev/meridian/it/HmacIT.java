package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.DryRunOperationException;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.InvalidKeyUsageException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

/**
 * HMAC keys through the AWS SDK: CreateKey and DescribeKey for every HMAC spec, GenerateMac and VerifyMac,
 * multi-Region replicas that verify each other's MACs, and AWS's errors for wrong usages and algorithms.
 */
class HmacIT {
    private static final String REGION = "eu-central-1";
    private static final String REPLICA = "eu-north-1";
    private static final Duration DELAY = Duration.ofMinutes(5);
    private static final MovableClock CLOCK = new MovableClock();
    private static final Map<KeySpec, MacAlgorithmSpec> ALGORITHMS = Map.of(KeySpec.HMAC_224, MacAlgorithmSpec.HMAC_SHA_224,
            KeySpec.HMAC_256, MacAlgorithmSpec.HMAC_SHA_256, KeySpec.HMAC_384, MacAlgorithmSpec.HMAC_SHA_384,
            KeySpec.HMAC_512, MacAlgorithmSpec.HMAC_SHA_512);
    private static final Map<KeySpec, Integer> MAC_LENGTHS = Map.of(KeySpec.HMAC_224, 28, KeySpec.HMAC_256, 32,
            KeySpec.HMAC_384, 48, KeySpec.HMAC_512, 64);
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(DELAY)
            .clock(CLOCK));
    private static KmsClient client;
    private static String hmacKeyId;
    private static String symmetricKeyId;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        hmacKeyId = create(KeySpec.HMAC_256, false).keyId();
        symmetricKeyId = client.createKey(request -> { }).keyMetadata().keyId();
    }

    private static KeyMetadata create(KeySpec spec, boolean multiRegion) {
        return client.createKey(request -> request.keySpec(spec).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                .multiRegion(multiRegion)).keyMetadata();
    }

    private static GenerateMacResponse mac(KmsClient in, String keyId, MacAlgorithmSpec algorithm, SdkBytes message) {
        return in.generateMac(request -> request.keyId(keyId).macAlgorithm(algorithm).message(message));
    }

    private static VerifyMacResponse verify(KmsClient in, String keyId, MacAlgorithmSpec algorithm, SdkBytes message,
            SdkBytes mac) {
        return in.verifyMac(request -> request.keyId(keyId).macAlgorithm(algorithm).message(message).mac(mac));
    }

    @Test
    void everySpecIsCreatedDescribedAndListed() {
        for (KeySpec spec : ALGORITHMS.keySet()) {
            KeyMetadata created = create(spec, false);
            KeyMetadata described = client.describeKey(request -> request.keyId(created.keyId())).keyMetadata();
            for (KeyMetadata metadata : new KeyMetadata[] {created, described}) {
                assertThat(metadata.keySpec()).isEqualTo(spec);
                assertThat(metadata.keyUsage()).isEqualTo(KeyUsageType.GENERATE_VERIFY_MAC);
                assertThat(metadata.macAlgorithms()).containsExactly(ALGORITHMS.get(spec));
                assertThat(metadata.hasEncryptionAlgorithms()).isFalse();
                assertThat(metadata.hasSigningAlgorithms()).isFalse();
                assertThat(metadata.currentKeyMaterialId()).as("only symmetric encryption keys show it").isNull();
            }
            assertThat(client.listKeysPaginator(request -> { }).keys().stream().map(key -> key.keyId()))
                    .contains(created.keyId());
        }
        KeyMetadata symmetric = client.describeKey(request -> request.keyId(symmetricKeyId)).keyMetadata();
        assertThat(symmetric.hasMacAlgorithms()).isFalse();
    }

    @Test
    void everySpecRoundTripsGenerateMacAndVerifyMac() {
        SdkBytes message = bytes("the message");
        for (KeySpec spec : ALGORITHMS.keySet()) {
            String keyId = create(spec, false).keyId();
            MacAlgorithmSpec algorithm = ALGORITHMS.get(spec);
            GenerateMacResponse generated = mac(client, keyId, algorithm, message);
            assertThat(generated.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(generated.macAlgorithm()).isEqualTo(algorithm);
            assertThat(generated.mac().asByteArray()).hasSize(MAC_LENGTHS.get(spec));
            assertThat(mac(client, keyId, algorithm, message).mac()).isEqualTo(generated.mac());
            VerifyMacResponse verified = verify(client, keyId, algorithm, message, generated.mac());
            assertThat(verified.macValid()).isTrue();
            assertThat(verified.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(verified.macAlgorithm()).isEqualTo(algorithm);
        }
        SdkBytes longest = SdkBytes.fromByteArray(new byte[4096]);
        assertThat(verify(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_256, longest,
                mac(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_256, longest).mac()).macValid()).isTrue();
    }

    @Test
    void aWrongMacOrMessageIsInvalidWithoutAMessage() {
        SdkBytes message = bytes("signed");
        byte[] mac = mac(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_256, message).mac().asByteArray();
        byte[] flipped = mac.clone();
        flipped[0] ^= 1;
        assertKmsError(() -> verify(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_256, message,
                SdkBytes.fromByteArray(flipped)), KmsInvalidMacException.class, null);
        assertKmsError(() -> verify(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_256, bytes("other"),
                SdkBytes.fromByteArray(mac)), KmsInvalidMacException.class, null);
        byte[] truncated = java.util.Arrays.copyOf(mac, 16);
        assertKmsError(() -> verify(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_256, message,
                SdkBytes.fromByteArray(truncated)), KmsInvalidMacException.class, null);
        String otherKey = create(KeySpec.HMAC_256, false).keyId();
        assertKmsError(() -> verify(client, otherKey, MacAlgorithmSpec.HMAC_SHA_256, message,
                SdkBytes.fromByteArray(mac)), KmsInvalidMacException.class, null);
    }

    @Test
    void aMacAlgorithmOfAnotherSpecIsRefused() {
        assertKmsError(() -> mac(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_384, bytes("x")),
                InvalidKeyUsageException.class, "Algorithm HMAC_SHA_384 is incompatible with key spec HMAC_256.");
        assertKmsError(() -> verify(client, hmacKeyId, MacAlgorithmSpec.HMAC_SHA_512, bytes("x"),
                SdkBytes.fromByteArray(new byte[32])),
                InvalidKeyUsageException.class, "Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.");
    }

    @Test
    void keysAreUsedOnlyForTheirUsage() {
        String hmacArn = arn(REGION, hmacKeyId);
        assertKmsError(() -> client.encrypt(request -> request.keyId(hmacKeyId).plaintext(bytes("x"))),
                InvalidKeyUsageException.class, hmacArn + " key usage is GENERATE_VERIFY_MAC which is not valid for Encrypt.");
        assertKmsError(() -> client.generateDataKey(request -> request.keyId(hmacKeyId).numberOfBytes(32)),
                InvalidKeyUsageException.class,
                hmacArn + " key usage is GENERATE_VERIFY_MAC which is not valid for GenerateDataKey.");
        assertKmsError(() -> mac(client, symmetricKeyId, MacAlgorithmSpec.HMAC_SHA_256, bytes("x")),
                InvalidKeyUsageException.class, arn(REGION, symmetricKeyId)
                        + " key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.");
        assertKmsError(() -> verify(client, symmetricKeyId, MacAlgorithmSpec.HMAC_SHA_256, bytes("x"),
                SdkBytes.fromByteArray(new byte[32])), InvalidKeyUsageException.class, arn(REGION, symmetricKeyId)
                        + " key usage is ENCRYPT_DECRYPT which is not valid for VerifyMac.");
    }

    @Test
    void createKeyRefusesAWrongOrMissingUsage() {
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.HMAC_256)),
                "ValidationException", "You must specify a KeyUsage value for all KMS keys except for symmetric"
                        + " encryption keys.");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.HMAC_512)
                .keyUsage(KeyUsageType.SIGN_VERIFY)), "ValidationException",
                "KeyUsage SIGN_VERIFY is not compatible with KeySpec HMAC_512");
        assertUndeclaredError(() -> client.createKey(request -> request.keySpec(KeySpec.HMAC_224)
                .keyUsage(KeyUsageType.ENCRYPT_DECRYPT)), "ValidationException",
                "KeyUsage ENCRYPT_DECRYPT is not compatible with KeySpec HMAC_224");
        assertUndeclaredError(() -> client.createKey(request -> request.keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)),
                "ValidationException", "KeyUsage GENERATE_VERIFY_MAC is not compatible with KeySpec SYMMETRIC_DEFAULT");
    }

    @Test
    void aDisabledKeyMakesNoMac() {
        String keyId = create(KeySpec.HMAC_384, false).keyId();
        client.disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> mac(client, keyId, MacAlgorithmSpec.HMAC_SHA_384, bytes("x")), DisabledException.class,
                arn(REGION, keyId) + " is disabled.");
        assertKmsError(() -> verify(client, keyId, MacAlgorithmSpec.HMAC_SHA_384, bytes("x"),
                SdkBytes.fromByteArray(new byte[48])), DisabledException.class, arn(REGION, keyId) + " is disabled.");
    }

    @Test
    void automaticAndOnDemandRotationAreRefused() {
        assertKmsError(() -> client.enableKeyRotation(request -> request.keyId(hmacKeyId)),
                UnsupportedOperationException.class, null);
        assertKmsError(() -> client.rotateKeyOnDemand(request -> request.keyId(hmacKeyId)),
                UnsupportedOperationException.class, null);
        assertThat(client.getKeyRotationStatus(request -> request.keyId(hmacKeyId)).keyRotationEnabled()).isFalse();
    }

    @Test
    void dryRunsAndGrantsAndLastUsage() {
        assertKmsError(() -> client.generateMac(request -> request.keyId(hmacKeyId)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256).message(bytes("x")).dryRun(true)),
                DryRunOperationException.class, "The request would have succeeded, but the DryRun option is set.");
        client.createGrant(request -> request.keyId(hmacKeyId).granteePrincipal("arn:aws:iam::111122223333:role/mac")
                .operations(GrantOperation.GENERATE_MAC, GrantOperation.VERIFY_MAC, GrantOperation.DESCRIBE_KEY));
        assertUndeclaredError(() -> client.createGrant(request -> request.keyId(hmacKeyId)
                .granteePrincipal("arn:aws:iam::111122223333:role/mac").operations(GrantOperation.ENCRYPT,
                        GrantOperation.GENERATE_MAC)), "ValidationException", "The grant operations Encrypt are not valid for "
                + arn(REGION, hmacKeyId) + " whose key spec is HMAC_256.");
        String keyId = create(KeySpec.HMAC_224, false).keyId();
        mac(client, keyId, MacAlgorithmSpec.HMAC_SHA_224, bytes("x"));
        assertThat(client.getKeyLastUsage(request -> request.keyId(keyId)).keyLastUsage().operationAsString())
                .isEqualTo("GenerateMac");
    }

    @Test
    void aMacMadeInOneRegionVerifiesInTheReplicasRegion() {
        String keyId = create(KeySpec.HMAC_512, true).keyId();
        assertThat(keyId).startsWith("mrk-");
        client.replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        CLOCK.advance(DELAY.plusSeconds(1));
        kms.server().runDueWork();
        KmsClient replica = kms.client(REPLICA);
        KeyMetadata replicated = replica.describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(replicated.keySpec()).isEqualTo(KeySpec.HMAC_512);
        assertThat(replicated.macAlgorithms()).containsExactly(MacAlgorithmSpec.HMAC_SHA_512);
        SdkBytes message = bytes("across Regions");
        SdkBytes made = mac(client, keyId, MacAlgorithmSpec.HMAC_SHA_512, message).mac();
        assertThat(verify(replica, keyId, MacAlgorithmSpec.HMAC_SHA_512, message, made).macValid()).isTrue();
        assertThat(mac(replica, keyId, MacAlgorithmSpec.HMAC_SHA_512, message).mac()).isEqualTo(made);
        assertThat(verify(client, keyId, MacAlgorithmSpec.HMAC_SHA_512, message,
                mac(replica, keyId, MacAlgorithmSpec.HMAC_SHA_512, message).mac()).macValid()).isTrue();
    }
}
