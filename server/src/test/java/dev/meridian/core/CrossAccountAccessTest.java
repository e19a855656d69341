package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyReference;
import dev.meridian.model.Region;
import dev.meridian.model.RequestContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Another account's key named by ARN, below HTTP: refused with AWS's cross-account AccessDenied text unless
 * the operation may cross accounts and the key's policy allows the caller; the caller's own keys pass.
 */
class CrossAccountAccessTest {
    private static final String REGION = "us-east-1";
    private static final AccountId OTHER = AccountId.of("222222222222");
    private final CoreFixture core = new CoreFixture();
    private final CrossAccountAccess access = new CrossAccountAccess(core.registry);

    @AfterEach
    void close() {
        core.close();
    }

    private static RequestContext other() {
        return RequestContext.root(OTHER, Region.of(REGION));
    }

    private static String denied(String action) {
        return "User: arn:aws:iam::222222222222:root is not authorized to perform: kms:" + action + " on this resource"
                + " because the resource does not exist in this Region, no resource-based policies allow access, or a"
                + " resource-based policy explicitly denies access";
    }

    private String createKey(String policy) {
        return core.lifecycle.createKey(CoreFixture.caller(REGION), new CreateKeyRequest(policy, null, null, null, null,
                false, null, false, null)).record().reference().keyId().value();
    }

    @Test
    void theCallersOwnKeysAndNamesThatAreNotArnsPass() {
        String keyId = createKey(null);
        KeyReference key = CoreFixture.reference(REGION, keyId);
        assertThatCode(() -> access.check(CoreFixture.caller(REGION), "DisableKey", key.arn())).doesNotThrowAnyException();
        assertThatCode(() -> access.check(other(), "Encrypt", keyId)).doesNotThrowAnyException();
        assertThatCode(() -> access.check(other(), "Encrypt", "alias/x")).doesNotThrowAnyException();
        assertThatCode(() -> access.check(other(), "Encrypt", (String) null)).doesNotThrowAnyException();
        // Another Region's ARN or a malformed one: left to the operation's own answer.
        assertThatCode(() -> access.check(other(), "Encrypt", key.arn().replace(REGION, "eu-west-1")))
                .doesNotThrowAnyException();
        assertThatCode(() -> access.check(other(), "Encrypt", "arn:aws:kms:us-east-1:111122223333"))
                .doesNotThrowAnyException();
    }

    @Test
    void anotherAccountsKeyWithTheDefaultPolicyIsRefusedAsIsOneThatDoesNotExist() {
        String arn = CoreFixture.reference(REGION, createKey(null)).arn();
        assertRefused(() -> access.check(other(), "Encrypt", arn), ErrorCode.ACCESS_DENIED, denied("Encrypt"));
        assertRefused(() -> access.check(other(), "DescribeKey",
                "arn:aws:kms:us-east-1:111122223333:key/00000000-0000-0000-0000-000000000000"),
                ErrorCode.ACCESS_DENIED, denied("DescribeKey"));
        assertRefused(() -> access.check(other(), "Encrypt", "arn:aws:kms:us-east-1:111122223333:alias/none"),
                ErrorCode.ACCESS_DENIED, denied("Encrypt"));
    }

    @Test
    void aPolicyAllowingTheOtherAccountOpensOnlyTheActionsItNamesThatMayCrossAccounts() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"222222222222\"},\"Action\":[\"kms:Encrypt\",\"kms:ReEncrypt*\","
                + "\"kms:ScheduleKeyDeletion\"],\"Resource\":\"*\"}]}";
        String arn = CoreFixture.reference(REGION, createKey(policy)).arn();
        assertThatCode(() -> access.check(other(), "Encrypt", arn)).doesNotThrowAnyException();
        assertThatCode(() -> access.check(other(), "ReEncryptFrom", arn)).doesNotThrowAnyException();
        assertRefused(() -> access.check(other(), "Decrypt", arn), ErrorCode.ACCESS_DENIED, denied("Decrypt"));
        assertRefused(() -> access.check(other(), "ScheduleKeyDeletion", arn), ErrorCode.ACCESS_DENIED,
                denied("ScheduleKeyDeletion"));
    }
}
