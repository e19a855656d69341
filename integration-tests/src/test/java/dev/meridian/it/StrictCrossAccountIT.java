package dev.meridian.it;

import static dev.meridian.it.StrictSupport.allow;
import static dev.meridian.it.StrictSupport.assertAccessDenied;
import static dev.meridian.it.StrictSupport.noIdentityPolicyAllows;
import static dev.meridian.it.StrictSupport.otherAccount;
import static dev.meridian.it.StrictSupport.policy;
import static dev.meridian.it.StrictSupport.rootArn;
import static dev.meridian.it.StrictSupport.statement;
import static dev.meridian.it.StrictSupport.userArn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Strict mode across accounts over HTTP: a user of a second account of the identity file uses the first account's
 * key by its ARN when the key policy allows its account and its own identity policy allows; AWS's cross-account
 * text when the key policy does not; form 1 when only its identity policy is missing; and the operations that
 * cannot cross accounts refused whatever the policies say.
 */
class StrictCrossAccountIT {
    private static final String OWNER = "111122223333";
    private static final String OTHER = "444455556666";
    private static final String REGION = "us-east-1";
    private static final String OWNER_ROOT = "AKIAOWNERROOT0000001";
    private static final String OTHER_ROOT = "AKIAOTHERROOT0000001";
    private static final String BOB = "AKIABOB0000000000001";
    private static final String CAROL = "AKIACAROL00000000001";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.identities()
            .account(OWNER, OWNER_ROOT)
            .account(OTHER, OTHER_ROOT)
            .user("bob", BOB, allow("kms:*"))
            .user("carol", CAROL)
            .write()).build();

    private static final String BOB_ARN = userArn(OTHER, "bob");

    private static KmsClient kms(String accessKeyId) {
        return StrictSupport.kms(meridian, accessKeyId, REGION);
    }

    /** A key of the owner's account whose policy lets the other account decide the actions given. */
    private static KeyMetadata sharedKey(String... actionsForOther) {
        try (KmsClient owner = kms(OWNER_ROOT)) {
            return owner.createKey(request -> request.policy(policy(statement("Allow", rootArn(OWNER), "kms:*"),
                    statement("Allow", OTHER, actionsForOther)))).keyMetadata();
        }
    }

    private static SdkBytes encrypt(KmsClient client, String keyId) {
        return client.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("across"))).ciphertextBlob();
    }

    @Test
    void aUserOfAnotherAccountUsesTheKeyByItsArnWhenBothPoliciesAllow() {
        KeyMetadata key = sharedKey("kms:Encrypt", "kms:Decrypt", "kms:DescribeKey");
        try (KmsClient bob = kms(BOB); KmsClient owner = kms(OWNER_ROOT)) {
            SdkBytes ciphertext = encrypt(bob, key.arn());
            assertThat(bob.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("across");
            assertThat(bob.describeKey(request -> request.keyId(key.arn())).keyMetadata().awsAccountId()).isEqualTo(OWNER);
            assertThat(owner.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("across");
            KmsTestSupport.assertKmsError(() -> encrypt(bob, key.keyId()), NotFoundException.class,
                    "Key 'arn:aws:kms:" + REGION + ":" + OTHER + ":key/" + key.keyId() + "' does not exist");
        }
    }

    @Test
    void aKeyPolicyThatDoesNotAllowTheOtherAccountRefusesWithTheCrossAccountText() {
        KeyMetadata shared = sharedKey("kms:Encrypt");
        KeyMetadata ownOnly;
        try (KmsClient owner = kms(OWNER_ROOT)) {
            ownOnly = owner.createKey(request -> { }).keyMetadata();
        }
        try (KmsClient bob = kms(BOB)) {
            assertAccessDenied(() -> encrypt(bob, ownOnly.arn()), otherAccount(BOB_ARN, "kms:Encrypt"));
            assertAccessDenied(() -> bob.describeKey(request -> request.keyId(shared.arn())),
                    otherAccount(BOB_ARN, "kms:DescribeKey"));
            SdkBytes ciphertext = encrypt(bob, shared.arn());
            assertAccessDenied(() -> bob.decrypt(request -> request.ciphertextBlob(ciphertext)),
                    otherAccount(BOB_ARN, "kms:Decrypt"));
        }
    }

    @Test
    void aUserWithoutAnIdentityPolicyIsRefusedAsWithinItsAccount() {
        KeyMetadata key = sharedKey("kms:Encrypt");
        try (KmsClient carol = kms(CAROL)) {
            assertAccessDenied(() -> encrypt(carol, key.arn()),
                    noIdentityPolicyAllows(userArn(OTHER, "carol"), "kms:Encrypt", key.arn()));
        }
    }

    @Test
    void operationsThatCannotCrossAccountsAreRefusedWhateverThePoliciesSay() {
        KeyMetadata key = sharedKey("kms:*");
        try (KmsClient bob = kms(BOB)) {
            encrypt(bob, key.arn());
            assertAccessDenied(() -> bob.putKeyPolicy(request -> request.keyId(key.arn()).policyName("default")
                    .policy(policy(statement("Allow", OTHER, "kms:*")))), otherAccount(BOB_ARN, "kms:PutKeyPolicy"));
            assertAccessDenied(() -> bob.scheduleKeyDeletion(request -> request.keyId(key.arn()).pendingWindowInDays(7)),
                    otherAccount(BOB_ARN, "kms:ScheduleKeyDeletion"));
            assertAccessDenied(() -> bob.disableKey(request -> request.keyId(key.arn())),
                    otherAccount(BOB_ARN, "kms:DisableKey"));
        }
        try (KmsClient owner = kms(OWNER_ROOT)) {
            assertThat(owner.describeKey(request -> request.keyId(key.keyId())).keyMetadata().enabled()).isTrue();
        }
    }
}
