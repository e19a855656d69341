package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesResponse;
import software.amazon.awssdk.services.kms.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** GetKeyPolicy, PutKeyPolicy, ListKeyPolicies and the policy lockout safety check. */
class PolicyIT {
    private static final String REGION = "eu-north-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_POLICY = "{\"Version\":\"2012-10-17\",\"Id\":\"key-default-1\",\"Statement\":[{"
            + "\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT
            + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}";
    /** Lets the account root administer the key, and one role use it; written with unusual spacing on purpose. */
    private static final String CUSTOM_POLICY = "{\n\t\"Version\": \"2012-10-17\",  \"Id\": \"custom\",\n"
            + "  \"Statement\": [\n    {\"Sid\": \"Admin\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"" + ACCOUNT
            + "\"}, \"Action\": [\"kms:*\"], \"Resource\": \"*\"},\n"
            + "    {\"Sid\": \"Use\", \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::" + ACCOUNT
            + ":role/app\"}, \"Action\": [\"kms:Encrypt\", \"kms:Decrypt\"], \"Resource\": \"*\"}\n  ]\n}";
    private static final String LOCKOUT_MESSAGE = "The new key policy will not allow you to update the key policy in the future.";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String newKey() {
        return client().createKey(request -> { }).keyMetadata().keyId();
    }

    private static String policyOf(String keyId) {
        return client().getKeyPolicy(request -> request.keyId(keyId).policyName("default")).policy();
    }

    @Test
    void aNewKeyHasTheDefaultPolicy() throws Exception {
        String keyId = newKey();
        GetKeyPolicyResponse response = client().getKeyPolicy(request -> request.keyId(keyId).policyName("default"));

        assertThat(response.policyName()).isEqualTo("default");
        JsonNode policy = JSON.readTree(response.policy());
        assertThat(policy).isEqualTo(JSON.readTree(DEFAULT_POLICY));
        // The exact text Meridian sends: AWS's pretty-printed form.
        assertThat(response.policy()).isEqualTo("{\n  \"Version\" : \"2012-10-17\",\n  \"Id\" : \"key-default-1\",\n"
                + "  \"Statement\" : [ {\n    \"Sid\" : \"Enable IAM User Permissions\",\n    \"Effect\" : \"Allow\",\n"
                + "    \"Principal\" : {\n      \"AWS\" : \"arn:aws:iam::" + ACCOUNT + ":root\"\n    },\n"
                + "    \"Action\" : \"kms:*\",\n    \"Resource\" : \"*\"\n  } ]\n}");
        assertThat(client().getKeyPolicy(request -> request.keyId(arn(REGION, keyId))).policy()).isEqualTo(response.policy());
    }

    @Test
    void putKeyPolicyStoresThePolicyVerbatim() {
        String keyId = newKey();
        client().putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(CUSTOM_POLICY));
        assertThat(policyOf(keyId)).isEqualTo(CUSTOM_POLICY);

        client().putKeyPolicy(request -> request.keyId(arn(REGION, keyId)).policy(DEFAULT_POLICY));
        assertThat(policyOf(keyId)).isEqualTo(DEFAULT_POLICY);

        String created = client().createKey(request -> request.policy(CUSTOM_POLICY)).keyMetadata().keyId();
        assertThat(policyOf(created)).isEqualTo(CUSTOM_POLICY);
    }

    @Test
    void aPolicyThatIsNotJsonIsMalformed() {
        String keyId = newKey();
        assertKmsError(() -> client().putKeyPolicy(request -> request.keyId(keyId).policyName("default")
                .policy("{\"Version\": \"2012-10-17\", \"Statement\": [")), MalformedPolicyDocumentException.class, null);
        assertKmsError(() -> client().createKey(request -> request.policy("not json")),
                MalformedPolicyDocumentException.class, null);
        String trailing = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}]}" + " }";
        assertKmsError(() -> client().putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(trailing)),
                MalformedPolicyDocumentException.class, null);
        assertThat(policyOf(keyId)).contains("key-default-1");
    }

    @Test
    void aPolicyThatLocksTheCallerOutIsRefusedUnlessTheCheckIsBypassed() {
        String keyId = newKey();
        String denyPolicy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"kms:PutKeyPolicy\",\"Resource\":\"*\"}]}";

        for (String lockout : new String[] {LifecycleIT.LOCKOUT_POLICY, denyPolicy}) {
            assertKmsError(() -> client().putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(lockout)),
                    MalformedPolicyDocumentException.class, LOCKOUT_MESSAGE);
            assertKmsError(() -> client().putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(lockout)
                    .bypassPolicyLockoutSafetyCheck(false)), MalformedPolicyDocumentException.class, LOCKOUT_MESSAGE);
        }
        assertThat(policyOf(keyId)).contains("key-default-1");

        client().putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(denyPolicy)
                .bypassPolicyLockoutSafetyCheck(true));
        assertThat(policyOf(keyId)).isEqualTo(denyPolicy);
    }

    @Test
    void everyKeyHasExactlyOnePolicyNamedDefault() {
        String keyId = newKey();
        ListKeyPoliciesResponse response = client().listKeyPolicies(request -> request.keyId(keyId));
        assertThat(response.policyNames()).containsExactly("default");
        assertThat(response.truncated()).isFalse();
        assertThat(response.nextMarker()).isNull();
        assertThat(client().listKeyPolicies(request -> request.keyId(arn(REGION, keyId)).limit(1)).policyNames())
                .containsExactly("default");

        assertKmsError(() -> client().getKeyPolicy(request -> request.keyId(keyId).policyName("other")),
                NotFoundException.class, "No such policy exists");
        assertKmsError(() -> client().putKeyPolicy(request -> request.keyId(keyId).policyName("other").policy(CUSTOM_POLICY)),
                NotFoundException.class, "No such policy exists");
        assertThat(policyOf(keyId)).contains("key-default-1");
    }

    @Test
    void policiesOfAKeyPendingDeletionCanBeReadAndChanged() {
        String keyId = newKey();
        client().scheduleKeyDeletion(request -> request.keyId(keyId));

        assertThat(policyOf(keyId)).contains("key-default-1");
        client().putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy(CUSTOM_POLICY));
        assertThat(policyOf(keyId)).isEqualTo(CUSTOM_POLICY);
        assertThat(client().listKeyPolicies(request -> request.keyId(keyId)).policyNames()).containsExactly("default");
    }

    @Test
    void policyOperationsNameTheKeyByIdOrArnOnly() {
        String keyId = newKey();
        client().createAlias(request -> request.aliasName("alias/policy").targetKeyId(keyId));
        String missing = "5e5e5e5e-0000-4000-8000-000000000005";

        assertKmsError(() -> client().getKeyPolicy(request -> request.keyId("alias/policy").policyName("default")),
                InvalidArnException.class, "Key Aliases are not supported for this operation.");
        assertKmsError(() -> client().getKeyPolicy(request -> request.keyId(missing).policyName("default")),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().listKeyPolicies(request -> request.keyId(missing)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertKmsError(() -> client().putKeyPolicy(request -> request.keyId(missing).policyName("default")
                .policy(CUSTOM_POLICY)), NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
    }
}
