package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * PutKeyPolicy below HTTP: the policy is checked before the write, yet its errors keep their place after the
 * key's; a refused policy commits nothing.
 */
class KeyPolicyOperationsTest {
    private static final String REGION = "us-west-2";
    private static final String LOCKOUT = "The new key policy will not allow you to update the key policy in the future.";
    private final CoreFixture core = new CoreFixture();

    @AfterEach
    void close() {
        core.close();
    }

    private static String policy(String action) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::"
                + CoreFixture.ACCOUNT + ":root\"},\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";
    }

    @Test
    void theKeysErrorsComeBeforeThePolicysAsBefore() {
        String missing = "5e5e5e5e-0000-4000-8000-000000000005";
        assertRefused(() -> core.policies.putKeyPolicy(caller(REGION), missing, null, "not json", false), ErrorCode.NOT_FOUND,
                "Key '" + CoreFixture.reference(REGION, missing).arn() + "' does not exist");
        String keyId = core.createKey(REGION);
        assertRefused(() -> core.policies.putKeyPolicy(caller(REGION), keyId, "other", "not json", false), ErrorCode.NOT_FOUND,
                "No such policy exists");
        assertRefused(() -> core.policies.putKeyPolicy(caller(REGION), keyId, "default", "not json", false),
                ErrorCode.MALFORMED_POLICY_DOCUMENT, null);
    }

    @Test
    void aPolicyThatLocksTheCallerOutCommitsNothingUnlessTheCheckIsBypassed() {
        String keyId = core.createKey(REGION);
        int commits = core.store.commits();
        String hostile = policy("kms:" + "*".repeat(40) + "z");
        assertRefused(() -> core.policies.putKeyPolicy(caller(REGION), keyId, null, hostile, false),
                ErrorCode.MALFORMED_POLICY_DOCUMENT, LOCKOUT);
        assertThat(core.store.commits()).isEqualTo(commits);
        assertThat(core.policies.getKeyPolicy(caller(REGION), keyId, null)).contains("key-default-1");

        core.policies.putKeyPolicy(caller(REGION), keyId, null, hostile, true);
        assertThat(core.policies.getKeyPolicy(caller(REGION), keyId, "default")).isEqualTo(hostile);
        core.policies.putKeyPolicy(caller(REGION), keyId, null, policy("KMS:PutKey*"), false);
        assertThat(core.policies.getKeyPolicy(caller(REGION), keyId, null)).isEqualTo(policy("KMS:PutKey*"));
    }

    @Test
    void aPrecheckGivesItsVerdictEveryTimeItIsAsked() {
        Precheck<String> passed = Precheck.of(() -> "checked");
        assertThat(passed.get()).isEqualTo("checked");
        Precheck<String> refused = Precheck.of(() -> {
            throw new KmsException(ErrorCode.TAG, "Too many tags");
        });
        assertRefused(refused::get, ErrorCode.TAG, "Too many tags");
        assertRefused(refused::get, ErrorCode.TAG, "Too many tags");
    }
}
