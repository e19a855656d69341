package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CustomerMasterKeySpec;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.KeyManagerType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KeyUsageType;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.Tag;

/** CreateKey with each member, the KeyMetadata AWS sends, DescribeKey by every kind of name, the key quota. */
class LifecycleIT {
    private static final String REGION = "eu-west-1";
    private static final String OTHER_REGION = "us-east-2";
    /** A well-formed policy that does not let the caller (the account root) change the policy again. */
    static final String LOCKOUT_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    static final Set<String> SINGLE_REGION_MEMBERS = Set.of("AWSAccountId", "KeyId", "Arn", "CreationDate", "Enabled",
            "Description", "KeyUsage", "KeyState", "Origin", "KeyManager", "CustomerMasterKeySpec", "KeySpec",
            "EncryptionAlgorithms", "MultiRegion", "CurrentKeyMaterialId");

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    /** The names of the members a response carried (the SDK leaves absent ones null or auto-constructed). */
    static Set<String> presentMembers(KeyMetadata metadata) {
        Set<String> present = new TreeSet<>();
        for (SdkField<?> field : metadata.sdkFields()) {
            Object value = field.getValueOrDefault(metadata);
            if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
                present.add(field.memberName());
            }
        }
        return present;
    }

    @Test
    @SuppressWarnings("deprecation") // AWS still sends the deprecated CustomerMasterKeySpec; the test checks it
    void aKeyCreatedWithoutMembersHasExactlyTheMetadataAwsSends() {
        Instant before = Instant.now().minusSeconds(1);
        KeyMetadata created = client().createKey(request -> { }).keyMetadata();

        assertThat(presentMembers(created)).containsExactlyInAnyOrderElementsOf(SINGLE_REGION_MEMBERS);
        assertThat(created.awsAccountId()).isEqualTo(ACCOUNT);
        assertThat(created.keyId()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(created.arn()).isEqualTo(arn(REGION, created.keyId()));
        assertThat(created.creationDate()).isBetween(before, Instant.now().plusSeconds(1));
        assertThat(created.enabled()).isTrue();
        assertThat(created.description()).isEmpty();
        assertThat(created.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(created.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(created.origin()).isEqualTo(OriginType.AWS_KMS);
        assertThat(created.keyManager()).isEqualTo(KeyManagerType.CUSTOMER);
        assertThat(created.customerMasterKeySpec()).isEqualTo(CustomerMasterKeySpec.SYMMETRIC_DEFAULT);
        assertThat(created.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(created.encryptionAlgorithms()).containsExactly(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        assertThat(created.multiRegion()).isFalse();
        assertThat(created.multiRegionConfiguration()).isNull();

        KeyMetadata described = client().describeKey(request -> request.keyId(created.keyId())).keyMetadata();
        assertThat(described).isEqualTo(created);
    }

    @Test
    void createKeyTakesEveryMemberMeridianSupports() {
        KeyMetadata created = client().createKey(request -> request.description("payments")
                .keySpec(KeySpec.SYMMETRIC_DEFAULT).keyUsage(KeyUsageType.ENCRYPT_DECRYPT).origin(OriginType.AWS_KMS)
                .multiRegion(false).tags(Tag.builder().tagKey("team").tagValue("core").build())).keyMetadata();

        assertThat(created.description()).isEqualTo("payments");
        assertThat(created.keySpec()).isEqualTo(KeySpec.SYMMETRIC_DEFAULT);
        assertThat(created.keyUsage()).isEqualTo(KeyUsageType.ENCRYPT_DECRYPT);
        assertThat(created.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(client().listResourceTags(request -> request.keyId(created.keyId())).tags())
                .containsExactly(Tag.builder().tagKey("team").tagValue("core").build());
        assertThat(client().encrypt(request -> request.keyId(created.keyId()).plaintext(bytes("x"))).keyId())
                .isEqualTo(created.arn());
    }

    @Test
    void anExternalKeyIsPendingImportAndNotEnabled() {
        KeyMetadata created = client().createKey(request -> request.origin(OriginType.EXTERNAL)).keyMetadata();

        assertThat(created.origin()).isEqualTo(OriginType.EXTERNAL);
        assertThat(created.keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        assertThat(created.enabled()).isFalse();
        assertThat(presentMembers(created)).containsExactlyInAnyOrderElementsOf(SINGLE_REGION_MEMBERS.stream()
                .filter(member -> !member.equals("CurrentKeyMaterialId")).toList());
        assertThat(client().describeKey(request -> request.keyId(created.keyId())).keyMetadata()).isEqualTo(created);
    }

    @Test
    void aMultiRegionKeyIsAPrimaryWithAnMrkId() {
        KeyMetadata created = client().createKey(request -> request.multiRegion(true)).keyMetadata();

        assertThat(created.keyId()).matches("mrk-[0-9a-f]{32}");
        assertThat(created.multiRegion()).isTrue();
        assertThat(created.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.PRIMARY);
        assertThat(created.multiRegionConfiguration().primaryKey().arn()).isEqualTo(arn(REGION, created.keyId()));
        assertThat(created.multiRegionConfiguration().primaryKey().region()).isEqualTo(REGION);
        assertThat(created.multiRegionConfiguration().replicaKeys()).isEmpty();
    }

    @Test
    void aPolicyThatLocksTheCallerOutNeedsTheBypassFlag() {
        assertKmsError(() -> client().createKey(request -> request.policy(LOCKOUT_POLICY)),
                MalformedPolicyDocumentException.class,
                "The new key policy will not allow you to update the key policy in the future.");

        KeyMetadata created = client().createKey(request -> request.policy(LOCKOUT_POLICY)
                .bypassPolicyLockoutSafetyCheck(true)).keyMetadata();
        assertThat(client().getKeyPolicy(request -> request.keyId(created.keyId()).policyName("default")).policy())
                .isEqualTo(LOCKOUT_POLICY);
    }

    @Test
    void describeKeyAcceptsTheIdTheArnAnAliasNameAndAnAliasArn() {
        KeyMetadata created = client().createKey(request -> request.description("named")).keyMetadata();
        client().createAlias(request -> request.aliasName("alias/lifecycle-describe").targetKeyId(created.keyId()));

        for (String name : new String[] {created.keyId(), created.arn(),
                "alias/lifecycle-describe", "arn:aws:kms:" + REGION + ":" + ACCOUNT + ":alias/lifecycle-describe"}) {
            assertThat(client().describeKey(request -> request.keyId(name)).keyMetadata()).as(name).isEqualTo(created);
        }
    }

    @Test
    void describeKeyNamesEveryWayAKeyCanBeMissing() {
        String keyId = client().createKey(request -> { }).keyMetadata().keyId();
        String missing = "134f2428-cec1-4b25-a1ae-9048164dba47";

        assertKmsError(() -> client().describeKey(request -> request.keyId(arn(OTHER_REGION, keyId))),
                NotFoundException.class, "Invalid arn " + OTHER_REGION);
        assertKmsError(() -> client().describeKey(request -> request.keyId(missing)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().describeKey(request -> request.keyId(arn(REGION, missing))),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().describeKey(request -> request.keyId("mrk-d3b95762d3b95762d3b95762d3b95762")),
                NotFoundException.class, "Key '" + arn(REGION, "mrk-d3b95762d3b95762d3b95762d3b95762") + "' does not exist");
        for (String malformed : new String[] {"fake-key-id", "134f2428cec14b25a1ae9048164dba47", "mrk-fake-key-id"}) {
            assertKmsError(() -> client().describeKey(request -> request.keyId(malformed)),
                    NotFoundException.class, "Invalid keyId '" + malformed + "'");
        }
        assertKmsError(() -> client().describeKey(request -> request.keyId("alias/lifecycle-nothing")),
                NotFoundException.class, "Alias arn:aws:kms:" + REGION + ":" + ACCOUNT + ":alias/lifecycle-nothing is not found.");
    }

    @Test
    void aKeyExistsOnlyInItsOwnRegion() {
        String keyId = client().createKey(request -> { }).keyMetadata().keyId();

        assertKmsError(() -> kms.client(OTHER_REGION).describeKey(request -> request.keyId(keyId)),
                NotFoundException.class, "Key '" + arn(OTHER_REGION, keyId) + "' does not exist");
        assertKmsError(() -> kms.client(OTHER_REGION).encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                NotFoundException.class, "Key '" + arn(OTHER_REGION, keyId) + "' does not exist");
        assertThat(kms.client(OTHER_REGION).listKeys(request -> request.limit(1000)).keys())
                .noneMatch(entry -> entry.keyId().equals(keyId));
    }

    @Test
    void createKeyStopsAtThePerRegionKeyQuota() {
        try (KmsTestSupport limited = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(Duration.ZERO).keyLimitPerRegion(2)))) {
            KmsClient client = limited.client(REGION);
            String first = client.createKey(request -> { }).keyMetadata().keyId();
            client.createKey(request -> { });

            assertKmsError(() -> client.createKey(request -> { }), LimitExceededException.class,
                    "Key quota for this account in this region is 2 but the current usage is 2.");
            // Keys pending deletion still count toward the quota.
            client.scheduleKeyDeletion(request -> request.keyId(first).pendingWindowInDays(7));
            assertKmsError(() -> client.createKey(request -> request.multiRegion(true)), LimitExceededException.class,
                    "Key quota for this account in this region is 2 but the current usage is 2.");
            assertThat(client.listKeys(request -> { }).keys()).hasSize(2);
            // The quota is per Region.
            assertThat(limited.client(OTHER_REGION).createKey(request -> { }).keyMetadata().keyState())
                    .isEqualTo(KeyState.ENABLED);
        }
    }
}
