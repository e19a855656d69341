package dev.meridian.it;

import static dev.meridian.it.AuditSupport.historyOf;
import static dev.meridian.it.AuditSupport.names;
import static dev.meridian.it.AuditSupport.record;
import static dev.meridian.it.EncryptionSdkSupport.assertNoKeyMatched;
import static dev.meridian.it.EncryptionSdkSupport.discoveryKeyring;
import static dev.meridian.it.EncryptionSdkSupport.strictKeyring;
import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoResult;
import com.amazonaws.encryptionsdk.exception.AwsCryptoException;
import com.amazonaws.encryptionsdk.model.KeyBlob;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.it.EncryptionSdkSupport.MeridianClients;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.model.AwsCryptographicMaterialProvidersException;

/**
 * The AWS Encryption SDK for Java 3.x against Meridian, set up as AWS recommends for multi-Region keys: data
 * encrypted under a multi-Region key in us-east-1 is decrypted in us-west-2 by the multi-Region-aware keyrings,
 * in strict mode and in discovery mode, through the replica alone (no request to us-east-1). The SDK's defaults
 * hold: no data key caching, the encryption context carried to KMS and checkable on decrypt, key commitment
 * required on encrypt and on decrypt. (The same decrypt during a us-east-1 outage: {@link EncryptionSdkOutageIT}.)
 */
class EncryptionSdkIT {
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "us-west-2";
    private static final byte[] PLAINTEXT = "the ledger of 2 December".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CONTEXT = Map.of("purpose", "rehearsal", "tenant", "42");

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static String keyId;

    /** The SDK as its users build it: every default, so the commitment policy is RequireEncryptRequireDecrypt. */
    private final AwsCrypto crypto = AwsCrypto.builder().build();
    private final MeridianClients clients = new MeridianClients(kms.server().endpoint());

    @BeforeAll
    static void multiRegionKey() {
        keyId = kms.client(PRIMARY).createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        kms.server().runDueWork();
        assertThat(kms.client(REPLICA).describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.ENABLED);
    }

    @AfterEach
    void closeClients() {
        clients.close();
    }

    /** Encrypts {@link #PLAINTEXT} with {@link #CONTEXT} in us-east-1, the key's primary Region; forgets the requests. */
    private CryptoResult<byte[], ?> encryptInPrimaryRegion() {
        CryptoResult<byte[], ?> encrypted = crypto.encryptData(strictKeyring(clients, arn(PRIMARY, keyId)), PLAINTEXT,
                CONTEXT);
        assertThat(clients.sentTo(PRIMARY)).containsExactly("GenerateDataKey");
        clients.forget();
        return encrypted;
    }

    @Test
    void aStrictKeyringForTheReplicaDecryptsInItsRegionAlone() {
        CryptoResult<byte[], ?> encrypted = encryptInPrimaryRegion();
        // One encrypted data key, wrapped by the primary: its provider information is the primary's key ARN.
        List<KeyBlob> dataKeys = encrypted.getHeaders().getEncryptedKeyBlobs();
        assertThat(dataKeys).hasSize(1);
        assertThat(dataKeys.get(0).getProviderId()).isEqualTo("aws-kms");
        assertThat(new String(dataKeys.get(0).getProviderInformation(), StandardCharsets.UTF_8))
                .isEqualTo(arn(PRIMARY, keyId));

        CryptoResult<byte[], ?> decrypted = crypto.decryptData(strictKeyring(clients, arn(REPLICA, keyId)),
                encrypted.getResult());

        assertThat(decrypted.getResult()).isEqualTo(PLAINTEXT);
        assertThat(clients.sent()).containsExactly(new EncryptionSdkSupport.SentRequest(REPLICA, "Decrypt"));
    }

    @Test
    void aDiscoveryKeyringForTheReplicaRegionDecryptsThereAloneAndKeepsToItsAccount() {
        CryptoResult<byte[], ?> encrypted = encryptInPrimaryRegion();

        CryptoResult<byte[], ?> decrypted = crypto.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT),
                encrypted.getResult());

        assertThat(decrypted.getResult()).isEqualTo(PLAINTEXT);
        assertThat(clients.sent()).containsExactly(new EncryptionSdkSupport.SentRequest(REPLICA, "Decrypt"));
        clients.forget();
        // The discovery filter: a key of another account is never asked.
        assertNoKeyMatched(() -> crypto.decryptData(discoveryKeyring(clients, REPLICA, "444455556666"),
                encrypted.getResult()));
        assertThat(clients.sent()).isEmpty();
    }

    @Test
    void theReplicaRegionsAuditTrailHasTheDecryptAndThePrimaryRegionsHasNone() {
        CryptoResult<byte[], ?> encrypted = encryptInPrimaryRegion();
        crypto.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT), encrypted.getResult());

        try (CloudTrailClient primaryTrail = AuditSupport.cloudTrail(kms.server().endpoint(), PRIMARY);
                CloudTrailClient replicaTrail = AuditSupport.cloudTrail(kms.server().endpoint(), REPLICA)) {
            assertThat(names(historyOf(primaryTrail, arn(PRIMARY, keyId)))).doesNotContain("Decrypt");
            List<Event> decrypts = historyOf(replicaTrail, arn(REPLICA, keyId)).stream()
                    .filter(event -> event.eventName().equals("Decrypt")).toList();
            assertThat(decrypts).isNotEmpty();
            JsonNode decrypt = record(decrypts.get(decrypts.size() - 1));
            assertThat(decrypt.path("awsRegion").asText()).isEqualTo(REPLICA);
            assertThat(decrypt.path("requestParameters").path("keyId").asText()).isEqualTo(arn(REPLICA, keyId));
            // The encryption context went to KMS with the data key (with the SDK's signing key beside it).
            JsonNode context = decrypt.path("requestParameters").path("encryptionContext");
            assertThat(context.path("purpose").asText()).isEqualTo("rehearsal");
            assertThat(context.path("tenant").asText()).isEqualTo("42");
            assertThat(context.has("aws-crypto-public-key")).isTrue();
        }
    }

    @Test
    void dataKeysAreNotCachedEachMessageHasItsOwnFromKms() {
        IKeyring encryptKeyring = strictKeyring(clients, arn(PRIMARY, keyId));
        IKeyring decryptKeyring = discoveryKeyring(clients, REPLICA, ACCOUNT);
        List<byte[]> messages = new ArrayList<>();
        Set<String> wrappedDataKeys = new HashSet<>();
        for (int message = 0; message < 3; message++) {
            CryptoResult<byte[], ?> encrypted = crypto.encryptData(encryptKeyring, PLAINTEXT, CONTEXT);
            messages.add(encrypted.getResult());
            wrappedDataKeys.add(HexFormat.of().formatHex(encrypted.getHeaders().getEncryptedKeyBlobs().get(0)
                    .getEncryptedDataKey()));
        }
        for (byte[] message : messages) {
            assertThat(crypto.decryptData(decryptKeyring, message).getResult()).isEqualTo(PLAINTEXT);
        }

        assertThat(wrappedDataKeys).hasSize(3);
        assertThat(clients.sentTo(PRIMARY)).containsExactly("GenerateDataKey", "GenerateDataKey", "GenerateDataKey");
        assertThat(clients.sentTo(REPLICA)).containsExactly("Decrypt", "Decrypt", "Decrypt");
    }

    @Test
    void theEncryptionContextIsCarriedAndCanBeRequiredOnDecrypt() {
        CryptoResult<byte[], ?> encrypted = encryptInPrimaryRegion();
        IKeyring keyring = discoveryKeyring(clients, REPLICA, ACCOUNT);

        CryptoResult<byte[], ?> decrypted = crypto.decryptData(keyring, encrypted.getResult(), CONTEXT);
        assertThat(decrypted.getResult()).isEqualTo(PLAINTEXT);
        assertThat(decrypted.getEncryptionContext()).containsAllEntriesOf(CONTEXT).containsKey("aws-crypto-public-key");

        clients.forget();
        assertThatThrownBy(() -> crypto.decryptData(keyring, encrypted.getResult(), Map.of("purpose", "production")))
                .isInstanceOf(AwsCryptographicMaterialProvidersException.class)
                .hasMessage("Encryption context does not match reproduced encryption context.");
        assertThat(clients.sent()).isEmpty();

        // KMS binds the context to the data key: without it the replica refuses the encrypted data key.
        byte[] wrappedDataKey = encrypted.getHeaders().getEncryptedKeyBlobs().get(0).getEncryptedDataKey();
        assertKmsError(() -> kms.client(REPLICA).decrypt(request -> request.keyId(arn(REPLICA, keyId))
                .ciphertextBlob(SdkBytes.fromByteArray(wrappedDataKey))), InvalidCiphertextException.class, null);
        assertThat(kms.client(REPLICA).decrypt(request -> request.keyId(arn(REPLICA, keyId))
                .ciphertextBlob(SdkBytes.fromByteArray(wrappedDataKey))
                .encryptionContext(encrypted.getEncryptionContext())).plaintext().asByteArray()).hasSize(32);
    }

    @Test
    void aMessageUnderASingleRegionKeyCannotBeDecryptedInAnotherRegion() {
        String single = kms.createKey(PRIMARY);
        CryptoResult<byte[], ?> encrypted = crypto.encryptData(strictKeyring(clients, arn(PRIMARY, single)), PLAINTEXT,
                CONTEXT);
        clients.forget();

        // A single-Region key has no related key in us-west-2: neither keyring finds a key to ask, and none asks.
        assertNoKeyMatched(() -> crypto.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT), encrypted.getResult()));
        assertNoKeyMatched(() -> crypto.decryptData(strictKeyring(clients, arn(REPLICA, single)), encrypted.getResult()));
        assertThat(clients.sent()).isEmpty();
        // The message itself is sound: its own Region decrypts it.
        assertThat(crypto.decryptData(discoveryKeyring(clients, PRIMARY, ACCOUNT), encrypted.getResult()).getResult())
                .isEqualTo(PLAINTEXT);
        assertThat(clients.sent()).containsExactly(new EncryptionSdkSupport.SentRequest(PRIMARY, "Decrypt"));
    }

    @Test
    void theDefaultCommitmentPolicyRequiresKeyCommitmentOnEncryptAndDecrypt() {
        CryptoResult<byte[], ?> encrypted = encryptInPrimaryRegion();
        assertThat(encrypted.getCryptoAlgorithm()).isEqualTo(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);
        CryptoResult<byte[], ?> decrypted = crypto.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT),
                encrypted.getResult());
        assertThat(decrypted.getCryptoAlgorithm()).isEqualTo(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);

        // A message without key commitment (written under the legacy policy) is refused before any KMS request.
        AwsCrypto legacy = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.ForbidEncryptAllowDecrypt).build();
        CryptoResult<byte[], ?> uncommitted = legacy.encryptData(strictKeyring(clients, arn(PRIMARY, keyId)), PLAINTEXT);
        assertThat(uncommitted.getCryptoAlgorithm())
                .isEqualTo(CryptoAlgorithm.ALG_AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384);
        clients.forget();
        assertThatThrownBy(() -> crypto.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT), uncommitted.getResult()))
                .isInstanceOf(AwsCryptoException.class)
                .hasMessageStartingWith("Configuration conflict. Cannot decrypt message with ID ")
                .hasMessageContaining(" due to CommitmentPolicy RequireEncryptRequireDecrypt requiring only committed"
                        + " messages. Algorithm ID was ALG_AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384.");
        assertThat(clients.sent()).isEmpty();
        AwsCrypto migrating = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptAllowDecrypt).build();
        assertThat(migrating.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT), uncommitted.getResult()).getResult())
                .isEqualTo(PLAINTEXT);
    }
}
