package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.store.ForwardingStore;
import dev.meridian.store.Store;
import dev.meridian.store.StoreBatch;
import dev.meridian.store.StoreChange;
import dev.meridian.store.StoreContents;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GetKeyLastUsageResponse;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidSignatureException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;

/**
 * GetKeyLastUsage: the last successful cryptographic use of each Region's key, kept in memory on the
 * request path and stored lazily (every few seconds, and at shutdown).
 */
class KeyLastUsageIT {
    private static final String REGION = "ca-central-1";
    private static final String REPLICA = "eu-west-3";
    private static final MovableClock CLOCK = new MovableClock();
    private static final List<StoreBatch> COMMITS = new CopyOnWriteArrayList<>();
    @RegisterExtension
    static final KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
            .replicationDelay(Duration.ZERO).clock(CLOCK), RecordingStore::new));

    /** Passes everything to the real store and remembers each committed batch. */
    private static final class RecordingStore extends ForwardingStore {
        RecordingStore(Store delegate) {
            super(delegate);
        }

        @Override
        protected void afterCommit(StoreBatch batch) {
            COMMITS.add(batch);
        }
    }

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static GetKeyLastUsageResponse lastUsage(String region, String keyId) {
        return kms.client(region).getKeyLastUsage(request -> request.keyId(keyId));
    }

    private static void assertLastUse(String region, String keyId, String operation, Instant notBefore) {
        GetKeyLastUsageResponse response = lastUsage(region, keyId);
        assertThat(response.keyLastUsage().operationAsString()).isEqualTo(operation);
        assertThat(response.keyLastUsage().timestamp()).isBetween(notBefore, CLOCK.instant().plusSeconds(1));
    }

    @Test
    void anUnusedKeyHasNoLastUsageAndIsTrackedSinceItsCreation() {
        String keyId = kms.createKey(REGION);

        GetKeyLastUsageResponse response = client().getKeyLastUsage(request -> request.keyId(arn(REGION, keyId)));
        assertThat(response.keyId()).isEqualTo(keyId);
        assertThat(response.keyLastUsage()).isNull();
        Instant created = client().describeKey(request -> request.keyId(keyId)).keyMetadata().creationDate();
        assertThat(response.keyCreationDate()).isEqualTo(created);
        assertThat(response.trackingStartDate()).isEqualTo(created);
    }

    @Test
    void everyCryptographicOperationIsRecordedWithItsTime() {
        String keyId = kms.createKey(REGION);
        String destination = kms.createKey(REGION);

        CLOCK.advance(Duration.ofHours(1));
        Instant first = CLOCK.instant().minusMillis(1);
        var ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("used"))).ciphertextBlob();
        assertLastUse(REGION, keyId, "Encrypt", first);

        CLOCK.advance(Duration.ofHours(1));
        Instant second = CLOCK.instant().minusMillis(1);
        client().decrypt(request -> request.ciphertextBlob(ciphertext));
        assertLastUse(REGION, keyId, "Decrypt", second);

        client().generateDataKey(request -> request.keyId(keyId).keySpec("AES_256"));
        assertLastUse(REGION, keyId, "GenerateDataKey", second);
        client().generateDataKeyWithoutPlaintext(request -> request.keyId(keyId).numberOfBytes(8));
        assertLastUse(REGION, keyId, "GenerateDataKeyWithoutPlaintext", second);
        client().generateDataKeyPair(request -> request.keyId(keyId).keyPairSpec("ECC_NIST_P256"));
        assertLastUse(REGION, keyId, "GenerateDataKeyPair", second);
        client().generateDataKeyPairWithoutPlaintext(request -> request.keyId(keyId).keyPairSpec("ECC_NIST_P256"));
        assertLastUse(REGION, keyId, "GenerateDataKeyPairWithoutPlaintext", second);

        client().reEncrypt(request -> request.ciphertextBlob(ciphertext).destinationKeyId(destination));
        assertLastUse(REGION, keyId, "ReEncrypt", second);
        assertLastUse(REGION, destination, "ReEncrypt", second);
    }

    @Test
    void theLastUseNamesItsRequestAndItsAuditRecord() {
        String keyId = kms.createKey(REGION);
        var encrypted = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("traced")));
        String requestId = encrypted.responseMetadata().requestId();

        var lastUsage = lastUsage(REGION, keyId).keyLastUsage();
        assertThat(lastUsage.kmsRequestId()).isEqualTo(requestId);
        try (var trail = AuditSupport.cloudTrail(kms.server().endpoint(), REGION)) {
            var encrypt = AuditSupport.historyOf(trail, arn(REGION, keyId)).stream()
                    .filter(event -> event.eventName().equals("Encrypt")).findFirst().orElseThrow();
            assertThat(lastUsage.cloudTrailEventId()).isEqualTo(encrypt.eventId());
            assertThat(AuditSupport.record(encrypt).path("requestID").asText()).isEqualTo(requestId);
        }

        kms.server().restart();
        kms.resetClients();
        var afterRestart = lastUsage(REGION, keyId).keyLastUsage();
        assertThat(afterRestart.kmsRequestId()).isEqualTo(requestId);
        assertThat(afterRestart.cloudTrailEventId()).isEqualTo(lastUsage.cloudTrailEventId());
    }

    @Test
    void signingAndMacOperationsAreUsesButGetPublicKeyAndAFailedVerificationAreNot() {
        String signingKeyId = client().createKey(request -> request.keySpec(KeySpec.ECC_NIST_P384)
                .keyUsage(KeyUsageType.SIGN_VERIFY)).keyMetadata().keyId();
        String macKeyId = client().createKey(request -> request.keySpec(KeySpec.HMAC_384)
                .keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)).keyMetadata().keyId();

        // GetPublicKey is no tracked operation (the model's KeyLastUsageTrackingOperation does not list it).
        client().getPublicKey(request -> request.keyId(signingKeyId));
        assertThat(lastUsage(REGION, signingKeyId).keyLastUsage()).isNull();

        CLOCK.advance(Duration.ofMinutes(1));
        Instant signed = CLOCK.instant().minusMillis(1);
        SdkBytes signature = client().sign(request -> request.keyId(signingKeyId).message(bytes("used"))
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)).signature();
        assertLastUse(REGION, signingKeyId, "Sign", signed);
        CLOCK.advance(Duration.ofMinutes(1));
        Instant verified = CLOCK.instant().minusMillis(1);
        client().verify(request -> request.keyId(signingKeyId).message(bytes("used")).signature(signature)
                .signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384));
        assertLastUse(REGION, signingKeyId, "Verify", verified);
        CLOCK.advance(Duration.ofMinutes(1));
        client().getPublicKey(request -> request.keyId(signingKeyId));
        assertThatThrownBy(() -> client().verify(request -> request.keyId(signingKeyId).message(bytes("other"))
                .signature(signature).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_384)))
                .isInstanceOf(KmsInvalidSignatureException.class);
        assertLastUse(REGION, signingKeyId, "Verify", verified);
        assertThat(lastUsage(REGION, signingKeyId).keyLastUsage().timestamp()).isBefore(CLOCK.instant());

        Instant macked = CLOCK.instant().minusMillis(1);
        SdkBytes mac = client().generateMac(request -> request.keyId(macKeyId).message(bytes("used"))
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384)).mac();
        assertLastUse(REGION, macKeyId, "GenerateMac", macked);
        CLOCK.advance(Duration.ofMinutes(1));
        Instant checked = CLOCK.instant().minusMillis(1);
        client().verifyMac(request -> request.keyId(macKeyId).message(bytes("used")).mac(mac)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384));
        assertLastUse(REGION, macKeyId, "VerifyMac", checked);
        CLOCK.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> client().verifyMac(request -> request.keyId(macKeyId).message(bytes("other")).mac(mac)
                .macAlgorithm(MacAlgorithmSpec.HMAC_SHA_384))).isInstanceOf(KmsInvalidMacException.class);
        assertLastUse(REGION, macKeyId, "VerifyMac", checked);
        assertThat(lastUsage(REGION, macKeyId).keyLastUsage().timestamp()).isBefore(CLOCK.instant());
    }

    @Test
    void aRefusedOperationIsNotAUse() {
        String keyId = kms.createKey(REGION);
        client().disableKey(request -> request.keyId(keyId));

        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("no"))),
                DisabledException.class, arn(REGION, keyId) + " is disabled.");
        assertThat(lastUsage(REGION, keyId).keyLastUsage()).isNull();
    }

    @Test
    void aReplicaTracksItsOwnUse() {
        String keyId = MultiRegionSupport.createPrimary(client());
        client().replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> MultiRegionSupport.state(kms, REPLICA, keyId) == KeyState.ENABLED);
        Instant before = CLOCK.instant().minusMillis(1);

        kms.client(REPLICA).generateDataKey(request -> request.keyId(keyId).numberOfBytes(32));
        assertLastUse(REPLICA, keyId, "GenerateDataKey", before);
        assertThat(lastUsage(REGION, keyId).keyLastUsage()).isNull();
    }

    @Test
    void theKeyIsAKeyIdOrArnInAnyState() {
        String keyId = kms.createKey(REGION);
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        assertThat(lastUsage(REGION, keyId).keyId()).isEqualTo(keyId);

        client().createAlias(request -> request.aliasName("alias/usage").targetKeyId(kms.createKey(REGION)));
        assertKmsError(() -> lastUsage(REGION, "alias/usage"), InvalidArnException.class, "Key Aliases are not supported for this operation.");
        String missing = "12345678-90ab-cdef-1234-567890abcdef";
        assertKmsError(() -> lastUsage(REGION, missing), NotFoundException.class,
                "Key '" + arn(REGION, missing) + "' does not exist");
    }

    @Test
    void usesAreStoredLazilyInBatchesNotPerRequest() {
        String keyId = kms.createKey(REGION);
        int commitsBefore = COMMITS.size();

        for (int i = 0; i < 50; i++) {
            client().encrypt(request -> request.keyId(keyId).plaintext(bytes("hot path")));
        }
        List<StoreBatch> during = List.copyOf(COMMITS.subList(commitsBefore, COMMITS.size()));
        assertThat(during).allMatch(KeyLastUsageIT::onlyUsage).hasSizeLessThanOrEqualTo(2);

        await().atMost(Duration.ofSeconds(15)).until(() -> COMMITS.stream().anyMatch(batch -> batch.changes().stream()
                .anyMatch(change -> change instanceof StoreChange.PutKeyLastUsage put
                        && put.usage().key().keyId().value().equals(keyId))));
    }

    @Test
    void theLastUseSurvivesARestart() {
        String keyId = kms.createKey(REGION);
        CLOCK.advance(Duration.ofMinutes(5));
        Instant before = CLOCK.instant().minusMillis(1);
        client().encrypt(request -> request.keyId(keyId).plaintext(bytes("remembered")));

        kms.server().restart();
        kms.resetClients();
        assertLastUse(REGION, keyId, "Encrypt", before);
    }

    private static boolean onlyUsage(StoreBatch batch) {
        return batch.changes().stream().allMatch(change -> change instanceof StoreChange.PutKeyLastUsage);
    }
}
