package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.bytes;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.MultiRegionSupport.INTERNAL_ERROR;
import static dev.meridian.it.MultiRegionSupport.aliasArn;
import static dev.meridian.it.MultiRegionSupport.arn;
import static dev.meridian.it.MultiRegionSupport.assertGone;
import static dev.meridian.it.MultiRegionSupport.createPrimary;
import static dev.meridian.it.MultiRegionSupport.defaultPolicy;
import static dev.meridian.it.MultiRegionSupport.describe;
import static dev.meridian.it.MultiRegionSupport.regional;
import static dev.meridian.it.MultiRegionSupport.regionals;
import static dev.meridian.it.MultiRegionSupport.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.store.StoreChange;
import dev.meridian.testkit.EmbeddedMeridian;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ReplicateKeyResponse;
import software.amazon.awssdk.services.kms.model.Tag;
import software.amazon.awssdk.services.kms.model.TagException;
import software.amazon.awssdk.services.kms.model.UnsupportedOperationException;

/** ReplicateKey, multi-Region configuration, and cryptography across Regions, with a zero replication delay. */
class MultiRegionReplicationIT {
    private static final String PRIMARY = "us-east-1";
    private static final String LOCKOUT_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/SomeoneElse\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    private static KmsTestSupport kms;
    private static MultiRegionFailingStore store;

    @BeforeAll
    static void start() {
        kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO),
                real -> store = new MultiRegionFailingStore(real)));
    }

    @AfterAll
    static void stop() {
        kms.close();
    }

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    /** Replicates with defaults and waits until the replica is usable. */
    private static ReplicateKeyResponse replicate(String keyId, String replicaRegion) {
        ReplicateKeyResponse response = client(PRIMARY).replicateKey(request -> request.keyId(keyId)
                .replicaRegion(replicaRegion));
        kms.server().runDueWork();
        assertThat(state(kms, replicaRegion, keyId)).isEqualTo(KeyState.ENABLED);
        return response;
    }

    @Test
    void multiRegionKeysHaveMrkIdsAndAConfigurationInEveryRegion() {
        KeyMetadata single = client(PRIMARY).createKey(request -> { }).keyMetadata();
        assertThat(single.multiRegion()).isFalse();
        assertThat(single.multiRegionConfiguration()).isNull();
        assertThat(describe(kms, PRIMARY, single.keyId()).multiRegionConfiguration()).isNull();

        KeyMetadata created = client(PRIMARY).createKey(request -> request.multiRegion(true)).keyMetadata();
        String keyId = created.keyId();
        assertThat(keyId).matches("mrk-[0-9a-f]{32}");
        assertThat(created.multiRegion()).isTrue();
        assertThat(created.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(created.multiRegionConfiguration().primaryKey()).isEqualTo(regional(PRIMARY, keyId));
        assertThat(created.multiRegionConfiguration().replicaKeys()).isEmpty();

        replicate(keyId, "eu-west-1");
        replicate(keyId, "ap-northeast-1");

        KeyMetadata primary = describe(kms, PRIMARY, keyId);
        assertThat(primary.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(primary.multiRegionConfiguration().primaryKey()).isEqualTo(regional(PRIMARY, keyId));
        assertThat(primary.multiRegionConfiguration().replicaKeys())
                .containsExactlyInAnyOrderElementsOf(regionals(keyId, "eu-west-1", "ap-northeast-1"));
        for (String region : List.of("eu-west-1", "ap-northeast-1")) {
            KeyMetadata replica = describe(kms, region, keyId);
            assertThat(replica.keyId()).isEqualTo(keyId);
            assertThat(replica.arn()).isEqualTo(arn(region, keyId));
            assertThat(replica.multiRegion()).isTrue();
            assertThat(replica.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
            assertThat(replica.multiRegionConfiguration().primaryKey()).isEqualTo(regional(PRIMARY, keyId));
            assertThat(replica.multiRegionConfiguration().replicaKeys())
                    .containsExactlyInAnyOrderElementsOf(regionals(keyId, "eu-west-1", "ap-northeast-1"));
        }
    }

    @Test
    void replicateKeyAnswersWithTheNewReplicaAndItsDefaults() {
        String keyId = client(PRIMARY).createKey(request -> request.multiRegion(true).description("the primary"))
                .keyMetadata().keyId();
        ReplicateKeyResponse response = client(PRIMARY).replicateKey(request -> request.keyId(keyId)
                .replicaRegion("eu-central-1"));

        KeyMetadata replica = response.replicaKeyMetadata();
        assertThat(replica.keyState()).isEqualTo(KeyState.CREATING);
        assertThat(replica.enabled()).isFalse();
        assertThat(replica.keyId()).isEqualTo(keyId);
        assertThat(replica.arn()).isEqualTo(arn("eu-central-1", keyId));
        assertThat(replica.description()).isEmpty();
        assertThat(replica.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
        assertThat(replica.multiRegionConfiguration().replicaKeys()).containsExactly(regional("eu-central-1", keyId));
        assertThat(response.replicaPolicy()).isEqualTo(defaultPolicy());
        assertThat(response.hasReplicaTags()).isFalse();
        kms.server().runDueWork();
        assertThat(client("eu-central-1").getKeyPolicy(request -> request.keyId(keyId).policyName("default")).policy())
                .isEqualTo(defaultPolicy());
        assertThat(describe(kms, "eu-central-1", keyId).description()).isEmpty();
        assertThat(client("eu-central-1").listResourceTags(request -> request.keyId(keyId)).tags()).isEmpty();

        String tagged = client(PRIMARY).createKey(request -> request.multiRegion(true)
                .tags(Tag.builder().tagKey("team").tagValue("primary").build())).keyMetadata().keyId();
        Tag tag = Tag.builder().tagKey("team").tagValue("replica").build();
        ReplicateKeyResponse withSettings = client(PRIMARY).replicateKey(request -> request.keyId(arn(PRIMARY, tagged))
                .replicaRegion("eu-central-1").description("replica description").tags(tag)
                .policy(LOCKOUT_POLICY).bypassPolicyLockoutSafetyCheck(true));
        assertThat(withSettings.replicaKeyMetadata().description()).isEqualTo("replica description");
        assertThat(withSettings.replicaTags()).containsExactly(tag);
        assertThat(withSettings.replicaPolicy()).isEqualTo(LOCKOUT_POLICY);
        assertThat(client("eu-central-1").listResourceTags(request -> request.keyId(tagged)).tags()).containsExactly(tag);
        assertThat(client(PRIMARY).listResourceTags(request -> request.keyId(tagged)).tags())
                .containsExactly(Tag.builder().tagKey("team").tagValue("primary").build());
    }

    @Test
    void dataEncryptedUnderAnyRelatedKeyDecryptsInEveryRegion() {
        String keyId = createPrimary(client(PRIMARY));
        List<String> regions = List.of(PRIMARY, "eu-west-2", "ap-southeast-2");
        replicate(keyId, "eu-west-2");
        replicate(keyId, "ap-southeast-2");
        String alias = "alias/everywhere-" + keyId;
        Map<String, String> context = Map.of("purpose", "multi-Region", "Tenant", "a");
        for (String region : regions) {
            client(region).createAlias(request -> request.aliasName(alias).targetKeyId(keyId));
        }
        for (String from : regions) {
            SdkBytes ciphertext = client(from).encrypt(request -> request.keyId(alias).plaintext(bytes("from " + from))
                    .encryptionContext(context)).ciphertextBlob();
            for (String to : regions) {
                for (String named : new String[] {null, keyId, arn(to, keyId), alias, aliasArn(to, alias)}) {
                    var decrypted = client(to).decrypt(request -> request.ciphertextBlob(ciphertext).keyId(named)
                            .encryptionContext(Map.of("Tenant", "a", "purpose", "multi-Region")));
                    assertThat(decrypted.plaintext().asUtf8String()).as("%s to %s as %s", from, to, named)
                            .isEqualTo("from " + from);
                    assertThat(decrypted.keyId()).isEqualTo(arn(to, keyId));
                }
                assertKmsError(() -> client(to).decrypt(request -> request.ciphertextBlob(ciphertext)
                        .encryptionContext(Map.of("purpose", "multi-Region", "Tenant", "A"))),
                        InvalidCiphertextException.class, null);
                assertKmsError(() -> client(to).decrypt(request -> request.ciphertextBlob(ciphertext)),
                        InvalidCiphertextException.class, null);
            }
        }
        String other = client("eu-west-2").createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        SdkBytes ciphertext = client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("x")))
                .ciphertextBlob();
        assertKmsError(() -> client("eu-west-2").decrypt(request -> request.ciphertextBlob(ciphertext).keyId(other)),
                IncorrectKeyException.class,
                "The key ID in the request does not identify a CMK that can perform this operation.");
    }

    @Test
    void enabledStateDescriptionTagsPolicyAndAliasesArePerRegion() {
        String keyId = client(PRIMARY).createKey(request -> request.multiRegion(true).description("primary"))
                .keyMetadata().keyId();
        replicate(keyId, "eu-west-3");
        client(PRIMARY).disableKey(request -> request.keyId(keyId));
        assertThat(state(kms, "eu-west-3", keyId)).isEqualTo(KeyState.ENABLED);
        assertKmsError(() -> client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                DisabledException.class, arn(PRIMARY, keyId) + " is disabled.");
        SdkBytes ciphertext = client("eu-west-3").encrypt(request -> request.keyId(keyId).plaintext(bytes("x")))
                .ciphertextBlob();
        client(PRIMARY).enableKey(request -> request.keyId(keyId));
        client("eu-west-3").disableKey(request -> request.keyId(keyId));
        assertThat(state(kms, PRIMARY, keyId)).isEqualTo(KeyState.ENABLED);
        assertThat(client(PRIMARY).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("x");
        client("eu-west-3").enableKey(request -> request.keyId(keyId));

        client("eu-west-3").updateKeyDescription(request -> request.keyId(keyId).description("replica"));
        client("eu-west-3").tagResource(request -> request.keyId(keyId)
                .tags(Tag.builder().tagKey("where").tagValue("paris").build()));
        client("eu-west-3").putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(LOCKOUT_POLICY)
                .bypassPolicyLockoutSafetyCheck(true));
        client("eu-west-3").createAlias(request -> request.aliasName("alias/paris-" + keyId).targetKeyId(keyId));
        assertThat(describe(kms, PRIMARY, keyId).description()).isEqualTo("primary");
        assertThat(describe(kms, "eu-west-3", keyId).description()).isEqualTo("replica");
        assertThat(client(PRIMARY).listResourceTags(request -> request.keyId(keyId)).tags()).isEmpty();
        assertThat(client(PRIMARY).getKeyPolicy(request -> request.keyId(keyId).policyName("default")).policy())
                .isEqualTo(defaultPolicy());
        assertKmsError(() -> client(PRIMARY).describeKey(request -> request.keyId("alias/paris-" + keyId)),
                NotFoundException.class, "Alias " + aliasArn(PRIMARY, "alias/paris-" + keyId) + " is not found.");
        assertThat(describe(kms, "eu-west-3", "alias/paris-" + keyId).arn()).isEqualTo(arn("eu-west-3", keyId));
    }

    @Test
    void onlyAPrimaryCanBeReplicated() {
        String keyId = createPrimary(client(PRIMARY));
        replicate(keyId, "sa-east-1");
        assertKmsError(() -> client("sa-east-1").replicateKey(request -> request.keyId(keyId).replicaRegion("ca-central-1")),
                UnsupportedOperationException.class, arn("sa-east-1", keyId) + " is not a multi-region primary key.");
        String single = client(PRIMARY).createKey(request -> { }).keyMetadata().keyId();
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(single).replicaRegion("ca-central-1")),
                UnsupportedOperationException.class, arn(PRIMARY, single) + " is not a multi-region key.");
        assertGone(kms, "ca-central-1", keyId);
    }

    @Test
    void aRegionHoldsAtMostOneRelatedKey() {
        // AWS's text, recorded through CloudFormation's AWS::KMS::ReplicaKey; the primary's own Region likewise.
        String oneReplica = "You can create only one replica of each primary key in each AWS Region.";
        String keyId = createPrimary(client(PRIMARY));
        replicate(keyId, "eu-north-1");
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("eu-north-1")),
                AlreadyExistsException.class, oneReplica);
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(PRIMARY)),
                AlreadyExistsException.class, oneReplica);
        assertThat(describe(kms, PRIMARY, keyId).multiRegionConfiguration().replicaKeys()).hasSize(1);
        client("eu-north-1").scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("eu-north-1")),
                AlreadyExistsException.class, oneReplica);
    }

    @Test
    void thePrimaryMustBeEnabled() {
        String keyId = createPrimary(client(PRIMARY));
        client(PRIMARY).disableKey(request -> request.keyId(keyId));
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("us-west-2")),
                DisabledException.class, arn(PRIMARY, keyId) + " is disabled.");
        client(PRIMARY).scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("us-west-2")),
                KmsInvalidStateException.class, arn(PRIMARY, keyId) + " is pending deletion.");
        assertGone(kms, "us-west-2", keyId);

        KeyMetadata external = client(PRIMARY).createKey(request -> request.multiRegion(true).origin(OriginType.EXTERNAL))
                .keyMetadata();
        assertThat(external.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(external.keyId()).replicaRegion("us-west-2")),
                KmsInvalidStateException.class, arn(PRIMARY, external.keyId()) + " is pending import.");
    }

    @Test
    void unknownAndMalformedKeyIdsAreRefused() {
        String missing = "mrk-0123456789abcdef0123456789abcdef";
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(missing).replicaRegion("us-west-1")),
                NotFoundException.class, "Key '" + arn(PRIMARY, missing) + "' does not exist");
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId("mrk-nope").replicaRegion("us-west-1")),
                NotFoundException.class, "Invalid keyId 'mrk-nope'");
        String malformedArn = "arn:aws:kms:us-east-1:" + MultiRegionSupport.ACCOUNT + ":" + missing;
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(malformedArn).replicaRegion("us-west-1")),
                InvalidArnException.class, "Invalid arn " + malformedArn);
        String keyId = createPrimary(client(PRIMARY));
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(arn("us-west-1", keyId))
                .replicaRegion("us-west-1")), NotFoundException.class, "Invalid arn us-west-1");
    }

    @Test
    void thePolicyAndTagsOfTheReplicaAreChecked() {
        String keyId = createPrimary(client(PRIMARY));
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("af-south-1")
                .policy("{not json")), MalformedPolicyDocumentException.class, null);
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("af-south-1")
                .policy(LOCKOUT_POLICY)), MalformedPolicyDocumentException.class,
                "The new key policy will not allow you to update the key policy in the future.");
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("af-south-1")
                .tags(Tag.builder().tagKey("aws:owner").tagValue("x").build())), TagException.class,
                "Tags beginning with aws: are reserved");
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("af-south-1")
                .tags(Tag.builder().tagKey("a").tagValue("1").build(), Tag.builder().tagKey("a").tagValue("2").build())),
                TagException.class, "Duplicate tag keys");
        assertGone(kms, "af-south-1", keyId);
        assertThat(describe(kms, PRIMARY, keyId).multiRegionConfiguration().replicaKeys()).isEmpty();
        assertThat(client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("af-south-1")
                .policy(LOCKOUT_POLICY).bypassPolicyLockoutSafetyCheck(true)).replicaPolicy()).isEqualTo(LOCKOUT_POLICY);
    }

    @Test
    void aFailedCommitLeavesNoReplicaBehindAndCanBeRetried() {
        String keyId = createPrimary(client(PRIMARY));
        store.failNextCommit(batch -> batch.changes().stream().anyMatch(change -> change instanceof StoreChange.PutKey put
                && put.key().reference().region().name().equals("me-south-1")));
        assertKmsError(() -> client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("me-south-1")),
                KmsInternalException.class, INTERNAL_ERROR, 500);
        assertThat(store.isArmed()).isFalse();
        kms.server().runDueWork();
        assertGone(kms, "me-south-1", keyId);
        KeyMetadata primary = describe(kms, PRIMARY, keyId);
        assertThat(primary.multiRegionConfiguration().replicaKeys()).isEmpty();
        assertThat(primary.keyState()).isEqualTo(KeyState.ENABLED);

        ReplicateKeyResponse retried = replicate(keyId, "me-south-1");
        assertThat(retried.replicaKeyMetadata().keyState()).isEqualTo(KeyState.CREATING);
        assertThat(describe(kms, PRIMARY, keyId).multiRegionConfiguration().replicaKeys())
                .containsExactly(regional("me-south-1", keyId));
    }

    @Test
    void replicationFailsWhenTheReplicaRegionIsFull() {
        try (KmsTestSupport small = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(Duration.ZERO).keyLimitPerRegion(2)))) {
            String keyId = createPrimary(small.client(PRIMARY));
            small.client("eu-south-1").createKey(request -> { });
            small.client("eu-south-1").createKey(request -> { });
            assertKmsError(() -> small.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("eu-south-1")),
                    LimitExceededException.class, "Key quota for this account in this region is 2 but the current usage is 2.");
            assertGone(small, "eu-south-1", keyId);
            small.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion("eu-south-2"));
        }
    }

    @Test
    void aNewReplicaIsCreatingUntilTheReplicationDelayHasPassed() {
        try (KmsTestSupport slow = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(Duration.ofSeconds(2))))) {
            String keyId = createPrimary(slow.client(PRIMARY));
            SdkBytes ciphertext = slow.client(PRIMARY).encrypt(request -> request.keyId(keyId).plaintext(bytes("early")))
                    .ciphertextBlob();
            KmsClient replica = slow.client("eu-west-1");
            replica.listKeys(request -> { });
            ReplicateKeyResponse response = slow.client(PRIMARY).replicateKey(request -> request.keyId(keyId)
                    .replicaRegion("eu-west-1"));
            assertThat(response.replicaKeyMetadata().keyState()).isEqualTo(KeyState.CREATING);
            String creating = arn("eu-west-1", keyId) + " is creating.";
            assertKmsError(() -> replica.encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                    KmsInvalidStateException.class, creating);
            assertKmsError(() -> replica.decrypt(request -> request.ciphertextBlob(ciphertext)),
                    KmsInvalidStateException.class, creating);
            assertKmsError(() -> replica.disableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, creating);
            KeyMetadata metadata = describe(slow, "eu-west-1", keyId);
            assertThat(metadata.keyState()).isEqualTo(KeyState.CREATING);
            assertThat(metadata.enabled()).isFalse();

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                    .until(() -> state(slow, "eu-west-1", keyId) == KeyState.ENABLED);
            assertThat(describe(slow, "eu-west-1", keyId).enabled()).isTrue();
            assertThat(replica.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("early");
        }
    }
}
