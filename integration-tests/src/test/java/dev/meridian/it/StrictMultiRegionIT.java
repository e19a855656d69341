package dev.meridian.it;

import static dev.meridian.it.StrictSupport.allow;
import static dev.meridian.it.StrictSupport.assertAccessDenied;
import static dev.meridian.it.StrictSupport.explicitDenyInKeyPolicy;
import static dev.meridian.it.StrictSupport.noIdentityPolicyAllows;
import static dev.meridian.it.StrictSupport.policy;
import static dev.meridian.it.StrictSupport.rootArn;
import static dev.meridian.it.StrictSupport.statement;
import static dev.meridian.it.StrictSupport.userArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Strict mode's two-Region permissions over HTTP: ReplicateKey needs {@code kms:ReplicateKey} on the primary,
 * {@code kms:CreateKey} in the replica's Region and, with tags, {@code kms:TagResource}, each refused alone;
 * UpdatePrimaryRegion needs its permission on both the primary and the replica, each refused alone.
 */
class StrictMultiRegionIT {
    private static final String ACCOUNT = "111122223333";
    private static final String PRIMARY_REGION = "us-east-1";
    private static final String REPLICA_REGION = "us-west-2";
    private static final String ROOT = "AKIAROOT000000000001";
    private static final String REPLICATOR = "AKIAREPLICATOR000001";
    private static final String NO_REPLICATE = "AKIANOREPLICATE00001";
    private static final String NO_CREATE = "AKIANOCREATE00000001";
    private static final String NO_TAG = "AKIANOTAG00000000001";
    private static final String PROMOTER = "AKIAPROMOTER00000001";
    private static final Tag TEAM = Tag.builder().tagKey("team").tagValue("a").build();

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.identities()
            .account(ACCOUNT, ROOT)
            .user("replicator", REPLICATOR, allow("kms:ReplicateKey", "kms:CreateKey", "kms:TagResource"))
            .user("noreplicate", NO_REPLICATE, allow("kms:CreateKey", "kms:TagResource"))
            .user("nocreate", NO_CREATE, allow("kms:ReplicateKey", "kms:TagResource"))
            .user("notag", NO_TAG, allow("kms:ReplicateKey", "kms:CreateKey"))
            .user("promoter", PROMOTER, allow("kms:UpdatePrimaryRegion"))
            .write()).build();

    private static KmsClient kms(String accessKeyId, String region) {
        return StrictSupport.kms(meridian, accessKeyId, region);
    }

    /** A multi-Region primary the root creates in the primary Region, with {@code policy} (null: the default). */
    private static KeyMetadata primary(String policy) {
        try (KmsClient root = kms(ROOT, PRIMARY_REGION)) {
            return root.createKey(request -> request.multiRegion(true).policy(policy)).keyMetadata();
        }
    }

    private static KeyMetadata replicate(KmsClient client, String keyId, String policy, Tag... tags) {
        KeyMetadata replica = client.replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA_REGION)
                .policy(policy).tags(tags.length == 0 ? null : java.util.List.of(tags))).replicaKeyMetadata();
        meridian.server().runDueWork();
        return replica;
    }

    @Test
    void replicateKeyIsRefusedByEachMissingPermissionAloneAndAllowedWithAll() {
        KeyMetadata key = primary(null);
        try (KmsClient noReplicate = kms(NO_REPLICATE, PRIMARY_REGION); KmsClient noCreate = kms(NO_CREATE, PRIMARY_REGION);
                KmsClient noTag = kms(NO_TAG, PRIMARY_REGION); KmsClient replicator = kms(REPLICATOR, PRIMARY_REGION)) {
            assertAccessDenied(() -> replicate(noReplicate, key.keyId(), null),
                    noIdentityPolicyAllows(userArn(ACCOUNT, "noreplicate"), "kms:ReplicateKey", key.arn()));
            assertAccessDenied(() -> replicate(noCreate, key.keyId(), null),
                    noIdentityPolicyAllows(userArn(ACCOUNT, "nocreate"), "kms:CreateKey", "*"));
            assertAccessDenied(() -> replicate(noTag, key.keyId(), null, TEAM),
                    "User: " + userArn(ACCOUNT, "notag") + " is not authorized to perform: kms:TagResource because no"
                            + " identity-based policy allows the kms:TagResource action");
            try (KmsClient root = kms(ROOT, REPLICA_REGION)) {
                assertThat(root.listKeys().keys()).noneMatch(entry -> entry.keyId().equals(key.keyId()));
            }
            KeyMetadata replica = replicate(replicator, key.keyId(), null, TEAM);
            assertThat(replica.arn()).isEqualTo("arn:aws:kms:" + REPLICA_REGION + ":" + ACCOUNT + ":key/" + key.keyId());
            try (KmsClient root = kms(ROOT, REPLICA_REGION)) {
                assertThat(root.listResourceTags(request -> request.keyId(key.keyId())).tags()).containsExactly(TEAM);
            }
        }
    }

    @Test
    void withoutTagsReplicateKeyNeedsNoTagResource() {
        KeyMetadata key = primary(null);
        try (KmsClient noTag = kms(NO_TAG, PRIMARY_REGION)) {
            assertThat(replicate(noTag, key.keyId(), null).keyId()).isEqualTo(key.keyId());
        }
    }

    @Test
    void replicateKeyRefusesAReplicaPolicyThatWouldLockTheCallerOut() {
        KeyMetadata key = primary(null);
        String lockout = "The new key policy will not allow you to update the key policy in the future.";
        try (KmsClient replicator = kms(REPLICATOR, PRIMARY_REGION)) {
            // The account may decide, but replicator's identity policies do not allow kms:PutKeyPolicy.
            KmsTestSupport.assertKmsError(() -> replicate(replicator, key.keyId(), StrictSupport.defaultKeyPolicy(ACCOUNT)),
                    MalformedPolicyDocumentException.class, lockout);
            KeyMetadata replica = replicator.replicateKey(request -> request.keyId(key.keyId()).replicaRegion(REPLICA_REGION)
                    .policy(StrictSupport.defaultKeyPolicy(ACCOUNT)).bypassPolicyLockoutSafetyCheck(true))
                    .replicaKeyMetadata();
            assertThat(replica.keyId()).isEqualTo(key.keyId());
        }
    }

    @Test
    void updatePrimaryRegionIsRefusedByThePrimarysPolicy() {
        String denyPromoter = policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Deny", userArn(ACCOUNT, "promoter"), "kms:UpdatePrimaryRegion"));
        KeyMetadata key = primary(denyPromoter);
        try (KmsClient root = kms(ROOT, PRIMARY_REGION); KmsClient promoter = kms(PROMOTER, PRIMARY_REGION)) {
            replicate(root, key.keyId(), null);
            assertAccessDenied(() -> promoter.updatePrimaryRegion(request -> request.keyId(key.keyId())
                    .primaryRegion(REPLICA_REGION)),
                    explicitDenyInKeyPolicy(userArn(ACCOUNT, "promoter"), "kms:UpdatePrimaryRegion", key.arn()));
        }
    }

    @Test
    void updatePrimaryRegionIsRefusedByTheReplicasPolicyAndAllowedByBoth() {
        String denyPromoter = policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Deny", userArn(ACCOUNT, "promoter"), "kms:UpdatePrimaryRegion"));
        KeyMetadata refused = primary(null);
        KeyMetadata allowed = primary(null);
        try (KmsClient root = kms(ROOT, PRIMARY_REGION); KmsClient promoter = kms(PROMOTER, PRIMARY_REGION)) {
            KeyMetadata replica = replicate(root, refused.keyId(), denyPromoter);
            assertAccessDenied(() -> promoter.updatePrimaryRegion(request -> request.keyId(refused.keyId())
                    .primaryRegion(REPLICA_REGION)),
                    explicitDenyInKeyPolicy(userArn(ACCOUNT, "promoter"), "kms:UpdatePrimaryRegion", replica.arn()));

            replicate(root, allowed.keyId(), null);
            promoter.updatePrimaryRegion(request -> request.keyId(allowed.keyId()).primaryRegion(REPLICA_REGION));
            try (KmsClient replicaRoot = kms(ROOT, REPLICA_REGION)) {
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    meridian.server().runDueWork();
                    KeyMetadata promoted = replicaRoot.describeKey(request -> request.keyId(allowed.keyId())).keyMetadata();
                    assertThat(promoted.keyState()).isEqualTo(KeyState.ENABLED);
                    assertThat(promoted.multiRegionConfiguration().primaryKey().region()).isEqualTo(REPLICA_REGION);
                });
            }
        }
    }
}
