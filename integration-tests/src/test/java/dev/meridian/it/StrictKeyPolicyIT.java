package dev.meridian.it;

import static dev.meridian.it.StrictSupport.allow;
import static dev.meridian.it.StrictSupport.assertAccessDenied;
import static dev.meridian.it.StrictSupport.defaultKeyPolicy;
import static dev.meridian.it.StrictSupport.deny;
import static dev.meridian.it.StrictSupport.explicitDenyInIdentityPolicy;
import static dev.meridian.it.StrictSupport.explicitDenyInKeyPolicy;
import static dev.meridian.it.StrictSupport.noIdentityPolicyAllows;
import static dev.meridian.it.StrictSupport.noKeyPolicyAllows;
import static dev.meridian.it.StrictSupport.policy;
import static dev.meridian.it.StrictSupport.rootArn;
import static dev.meridian.it.StrictSupport.statement;
import static dev.meridian.it.StrictSupport.userArn;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.MeridianExtension;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Strict mode's key policies and identity policies over HTTP, through the SDK with the identity file's keys: each
 * form of AWS's {@code AccessDeniedException} text (400), the operations on no key, tags on CreateKey, a key policy
 * naming the user, the account's root, the lockout safety check, and the audit record of a refusal.
 */
class StrictKeyPolicyIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String ROOT = "AKIAROOT000000000001";
    private static final String READER = "AKIAREADER0000000001";
    private static final String DENIED = "AKIADENIED0000000001";
    private static final String NOBODY = "AKIANOBODY0000000001";
    private static final String CREATOR = "AKIACREATOR000000001";
    private static final String ADMIN = "AKIAADMIN00000000001";
    private static final String NAMED = "AKIANAMED00000000001";
    private static final String AUDITED = "AKIAAUDITED000000001";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.identities()
            .account(ACCOUNT, ROOT)
            .user("reader", READER, allow("kms:Encrypt", "kms:DescribeKey"))
            .user("denied", DENIED, allow("kms:*"), deny("kms:Encrypt", "kms:GenerateRandom"))
            .user("nobody", NOBODY)
            .user("creator", CREATOR, allow("kms:CreateKey"))
            .user("admin", ADMIN, allow("kms:*"))
            .user("named", NAMED)
            .user("audited", AUDITED, allow("kms:DescribeKey"))
            .write()).build();

    private static final Tag TEAM = Tag.builder().tagKey("team").tagValue("a").build();
    private static final String READER_ARN = userArn(ACCOUNT, "reader");

    private static KmsClient kms(String accessKeyId) {
        return StrictSupport.kms(meridian, accessKeyId, REGION);
    }

    /** A key the account's root creates, with {@code policy} (null: the default key policy). */
    private static KeyMetadata rootKey(String policy, boolean bypass) {
        try (KmsClient root = kms(ROOT)) {
            return root.createKey(request -> request.policy(policy).bypassPolicyLockoutSafetyCheck(bypass)).keyMetadata();
        }
    }

    private static void encrypt(KmsClient client, String keyId) {
        client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("secret")));
    }

    @Test
    void theDefaultKeyPolicyLeavesTheUserToItsIdentityPolicies() {
        KeyMetadata key = rootKey(null, false);
        try (KmsClient reader = kms(READER); KmsClient audited = kms(AUDITED)) {
            var ciphertext = reader.encrypt(request -> request.keyId(key.keyId()).plaintext(KmsTestSupport.bytes("secret")))
                    .ciphertextBlob();
            assertThat(reader.describeKey(request -> request.keyId(key.keyId())).keyMetadata().arn()).isEqualTo(key.arn());
            assertAccessDenied(() -> audited.encrypt(request -> request.keyId(key.keyId())
                    .plaintext(KmsTestSupport.bytes("secret"))),
                    noIdentityPolicyAllows(userArn(ACCOUNT, "audited"), "kms:Encrypt", key.arn()));
            assertAccessDenied(() -> reader.decrypt(request -> request.keyId(key.keyId())
                    .ciphertextBlob(ciphertext)),
                    noIdentityPolicyAllows(READER_ARN, "kms:Decrypt", key.arn()));
        }
    }

    @Test
    void aDenyInTheKeyPolicyRefusesWhatTheIdentityPolicyAllows() {
        KeyMetadata key = rootKey(policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Deny", READER_ARN, "kms:Encrypt")), false);
        try (KmsClient reader = kms(READER)) {
            assertAccessDenied(() -> encrypt(reader, key.keyId()), explicitDenyInKeyPolicy(READER_ARN, "kms:Encrypt", key.arn()));
            reader.describeKey(request -> request.keyId(key.keyId()));
        }
    }

    @Test
    void aKeyPolicyThatNeitherNamesTheUserNorDelegatesRefusesWhatTheIdentityPolicyAllows() {
        KeyMetadata key = rootKey(policy(statement("Allow", userArn(ACCOUNT, "admin"), "kms:*")), true);
        try (KmsClient reader = kms(READER)) {
            assertAccessDenied(() -> encrypt(reader, key.keyId()), noKeyPolicyAllows(READER_ARN, "kms:Encrypt", key.arn()));
        }
    }

    @Test
    void aDenyInAnIdentityPolicyRefusesWhatTheKeyPolicyAllows() {
        String deniedArn = userArn(ACCOUNT, "denied");
        KeyMetadata key = rootKey(policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Allow", deniedArn, "kms:*")), false);
        try (KmsClient denied = kms(DENIED)) {
            assertAccessDenied(() -> encrypt(denied, key.keyId()),
                    explicitDenyInIdentityPolicy(deniedArn, "kms:Encrypt", key.arn()));
            denied.describeKey(request -> request.keyId(key.keyId()));
            assertAccessDenied(() -> denied.generateRandom(request -> request.numberOfBytes(8)),
                    explicitDenyInIdentityPolicy(deniedArn, "kms:GenerateRandom", "*"));
        }
    }

    @Test
    void operationsOnNoKeyAreDecidedByIdentityPoliciesOnResourceStar() {
        String nobodyArn = userArn(ACCOUNT, "nobody");
        try (KmsClient nobody = kms(NOBODY)) {
            assertAccessDenied(() -> nobody.createKey(request -> { }), noIdentityPolicyAllows(nobodyArn, "kms:CreateKey", "*"));
            assertAccessDenied(nobody::listKeys, noIdentityPolicyAllows(nobodyArn, "kms:ListKeys", "*"));
            assertAccessDenied(() -> nobody.generateRandom(request -> request.numberOfBytes(16)),
                    noIdentityPolicyAllows(nobodyArn, "kms:GenerateRandom", "*"));
        }
        try (KmsClient admin = kms(ADMIN)) {
            assertThat(admin.generateRandom(request -> request.numberOfBytes(16)).plaintext().asByteArray()).hasSize(16);
            assertThat(admin.listKeys().keys()).isNotNull();
        }
    }

    @Test
    void createKeyWithTagsNeedsTagResource() {
        try (KmsClient creator = kms(CREATOR); KmsClient admin = kms(ADMIN)) {
            assertAccessDenied(() -> creator.createKey(request -> request.tags(TEAM)),
                    "User: " + userArn(ACCOUNT, "creator") + " is not authorized to perform: kms:TagResource because no"
                            + " identity-based policy allows the kms:TagResource action");
            assertThat(creator.createKey(request -> { }).keyMetadata().arn()).startsWith("arn:aws:kms:" + REGION + ":" + ACCOUNT);
            String keyId = admin.createKey(request -> request.tags(TEAM)).keyMetadata().keyId();
            assertThat(admin.listResourceTags(request -> request.keyId(keyId)).tags()).hasSize(1);
        }
    }

    @Test
    void aKeyPolicyNamingTheUserSufficesWithoutAnIdentityPolicy() {
        KeyMetadata key = rootKey(policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Allow", userArn(ACCOUNT, "named"), "kms:Encrypt")), false);
        try (KmsClient named = kms(NAMED)) {
            encrypt(named, key.keyId());
            assertAccessDenied(() -> named.describeKey(request -> request.keyId(key.keyId())),
                    noIdentityPolicyAllows(userArn(ACCOUNT, "named"), "kms:DescribeKey", key.arn()));
        }
    }

    @Test
    void theAccountsRootNeedsNoIdentityPolicyWithTheDefaultKeyPolicy() {
        try (KmsClient root = kms(ROOT)) {
            String keyId = root.createKey(request -> { }).keyMetadata().keyId();
            var ciphertext = root.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("root's")))
                    .ciphertextBlob();
            assertThat(root.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("root's");
            root.putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(defaultKeyPolicy(ACCOUNT)));
            assertThat(root.listKeys().keys()).isNotEmpty();
        }
    }

    @Test
    void theLockoutSafetyCheckRefusesAPolicyThatWouldLockTheCallerOut() {
        String lockout = "The new key policy will not allow you to update the key policy in the future.";
        String othersOnly = policy(statement("Allow", READER_ARN, "kms:*"));
        try (KmsClient admin = kms(ADMIN); KmsClient creator = kms(CREATOR)) {
            KmsTestSupport.assertKmsError(() -> admin.createKey(request -> request.policy(othersOnly)),
                    MalformedPolicyDocumentException.class, lockout);
            // The check weighs the caller's effective permission: the account may decide, but creator's IAM has no PutKeyPolicy.
            KmsTestSupport.assertKmsError(() -> creator.createKey(request -> request.policy(defaultKeyPolicy(ACCOUNT))),
                    MalformedPolicyDocumentException.class, lockout);
            String keyId = admin.createKey(request -> request.policy(defaultKeyPolicy(ACCOUNT))).keyMetadata().keyId();
            KmsTestSupport.assertKmsError(() -> admin.putKeyPolicy(request -> request.keyId(keyId).policyName("default")
                    .policy(othersOnly)), MalformedPolicyDocumentException.class, lockout);
            assertThat(admin.getKeyPolicy(request -> request.keyId(keyId)).policy()).isEqualTo(defaultKeyPolicy(ACCOUNT));
            admin.putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(othersOnly)
                    .bypassPolicyLockoutSafetyCheck(true));
            assertAccessDenied(() -> admin.putKeyPolicy(request -> request.keyId(keyId).policyName("default")
                    .policy(defaultKeyPolicy(ACCOUNT))),
                    noKeyPolicyAllows(userArn(ACCOUNT, "admin"), "kms:PutKeyPolicy", KmsTestSupport.arn(REGION, keyId)));
            assertThat(admin.createKey(request -> request.policy(othersOnly).bypassPolicyLockoutSafetyCheck(true))
                    .keyMetadata().keyId()).isNotBlank();
        }
    }

    @Test
    void aRefusalIsAuditedWithTheUserAndAwsMessage() {
        KeyMetadata key = rootKey(null, false);
        String auditedArn = userArn(ACCOUNT, "audited");
        String message = noIdentityPolicyAllows(auditedArn, "kms:GenerateDataKey", key.arn());
        try (KmsClient audited = kms(AUDITED)) {
            assertAccessDenied(() -> audited.generateDataKey(request -> request.keyId(key.keyId()).numberOfBytes(32)), message);
        }
        try (CloudTrailClient cloudTrail = KmsTestSupport.pointedAt(CloudTrailClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(StrictSupport.credentials(ROOT))).build()) {
            List<Event> events = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> AuditSupport.lookup(cloudTrail, LookupAttributeKey.ACCESS_KEY_ID, AUDITED),
                    found -> found.stream().anyMatch(event -> event.eventName().equals("GenerateDataKey")));
            JsonNode record = events.stream().filter(event -> event.eventName().equals("GenerateDataKey"))
                    .map(AuditSupport::record).findFirst().orElseThrow();
            assertThat(record.path("eventSource").asText()).isEqualTo("kms.amazonaws.com");
            assertThat(record.path("errorCode").asText()).isEqualTo("AccessDenied");
            assertThat(record.path("errorMessage").asText()).isEqualTo(message);
            JsonNode identity = record.path("userIdentity");
            assertThat(identity.path("type").asText()).isEqualTo("IAMUser");
            assertThat(identity.path("arn").asText()).isEqualTo(auditedArn);
            assertThat(identity.path("accountId").asText()).isEqualTo(ACCOUNT);
            assertThat(identity.path("accessKeyId").asText()).isEqualTo(AUDITED);
            assertThat(identity.path("userName").asText()).isEqualTo(auditedArn.substring(auditedArn.lastIndexOf('/') + 1));
            assertThat(identity.path("principalId").asText()).startsWith("AIDA");
        }
    }
}
