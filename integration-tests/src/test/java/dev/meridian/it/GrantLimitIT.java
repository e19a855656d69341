package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.LimitExceededException;

/** The grants-per-key quota (50,000 by default; 2 here), with AWS's error, on a server of its own. */
class GrantLimitIT {
    private static final String REGION = "ca-central-1";

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().grantLimitPerKey(2));

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String grant(String keyId, String role, String name) {
        return client().createGrant(request -> request.keyId(keyId).operations(GrantOperation.DECRYPT).name(name)
                .granteePrincipal("arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/" + role)).grantId();
    }

    @Test
    void theGrantPastTheQuotaIsRefusedAndChangesNothing() {
        String keyId = kms.createKey(REGION);
        String named = grant(keyId, "a", "named");
        grant(keyId, "b", null);

        assertKmsError(() -> grant(keyId, "c", null), LimitExceededException.class,
                "Grants per key quota for this account in this region is 2, current usage is 2.");
        assertThat(grant(keyId, "a", "named")).as("a retry of a named grant is no new grant").isEqualTo(named);
        assertThat(client().listGrants(request -> request.keyId(keyId)).grants()).hasSize(2);

        client().revokeGrant(request -> request.keyId(keyId).grantId(named));
        assertThat(grant(keyId, "c", null)).hasSize(64);
        String otherKey = kms.createKey(REGION);
        assertThat(grant(otherKey, "d", null)).as("the quota is per key").hasSize(64);
    }
}
