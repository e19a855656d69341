package dev.meridian.it;

import static dev.meridian.it.StrictSupport.allow;
import static dev.meridian.it.StrictSupport.assertAccessDenied;
import static dev.meridian.it.StrictSupport.noIdentityPolicyAllows;
import static dev.meridian.it.StrictSupport.policy;
import static dev.meridian.it.StrictSupport.rootArn;
import static dev.meridian.it.StrictSupport.statement;
import static dev.meridian.it.StrictSupport.userArn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.testkit.MeridianExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Strict mode's AssumeRole sessions over HTTP: a user the role's trust policy names assumes it with its own keys
 * through the SDK's {@link StsClient}; the session is allowed what the role's policies allow (the default key
 * policy lets the account decide), refused the rest with its assumed-role ARN, and allowed by a key policy naming
 * the role's ARN; a user the trust policy does not name is refused by STS.
 */
class StrictSessionsIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String ROOT = "AKIAROOT000000000001";
    private static final String ALICE = "AKIAALICE00000000001";
    private static final String MALLORY = "AKIAMALLORY000000001";
    private static final String ALICE_ARN = userArn(ACCOUNT, "alice");
    private static final String TRUSTS_ALICE = policy("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ALICE_ARN
            + "\"},\"Action\":\"sts:AssumeRole\"}");

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.identities()
            .account(ACCOUNT, ROOT)
            .user("alice", ALICE, allow("sts:AssumeRole"))
            .user("mallory", MALLORY, allow("sts:AssumeRole", "kms:*"))
            .role("encryptor", TRUSTS_ALICE, allow("kms:Encrypt"))
            .role("named", TRUSTS_ALICE)
            .write()).build();

    private static AssumeRoleResponse assume(String accessKeyId, String role, String session) {
        try (StsClient sts = KmsTestSupport.pointedAt(StsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(StrictSupport.credentials(accessKeyId))).build()) {
            return sts.assumeRole(request -> request.roleArn(roleArn(role)).roleSessionName(session));
        }
    }

    private static KmsClient kms(AssumeRoleResponse assumed) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsSessionCredentials.create(
                        assumed.credentials().accessKeyId(), assumed.credentials().secretAccessKey(),
                        assumed.credentials().sessionToken()))).build();
    }

    private static String roleArn(String role) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + role;
    }

    private static KeyMetadata rootKey(String policy) {
        try (KmsClient root = StrictSupport.kms(meridian, ROOT, REGION)) {
            return root.createKey(request -> request.policy(policy)).keyMetadata();
        }
    }

    @Test
    void aSessionIsAllowedWhatItsRolesPoliciesAllow() {
        KeyMetadata key = rootKey(null);
        AssumeRoleResponse assumed = assume(ALICE, "encryptor", "job-1");
        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/encryptor/job-1";
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo(sessionArn);
        try (KmsClient session = kms(assumed)) {
            var ciphertext = session.encrypt(request -> request.keyId(key.keyId()).plaintext(KmsTestSupport.bytes("role's")))
                    .ciphertextBlob();
            assertAccessDenied(() -> session.decrypt(request -> request.ciphertextBlob(ciphertext)),
                    noIdentityPolicyAllows(sessionArn, "kms:Decrypt", key.arn()));
        }
    }

    @Test
    void aSessionOfARoleWithoutPoliciesIsRefusedByTheDefaultKeyPolicy() {
        KeyMetadata key = rootKey(null);
        AssumeRoleResponse assumed = assume(ALICE, "named", "job-2");
        try (KmsClient session = kms(assumed)) {
            assertAccessDenied(() -> session.encrypt(request -> request.keyId(key.keyId())
                    .plaintext(KmsTestSupport.bytes("role's"))),
                    noIdentityPolicyAllows("arn:aws:sts::" + ACCOUNT + ":assumed-role/named/job-2", "kms:Encrypt", key.arn()));
        }
    }

    // The key policy names the role (arn:aws:iam::ACCOUNT:role/named); matching its sessions
    // (arn:aws:sts::ACCOUNT:assumed-role/named/...) is the full policy evaluator's, from branch policy.
    @Test
    void aKeyPolicyNamingTheRoleAllowsItsSessionsWithoutAnIdentityPolicy() {
        KeyMetadata key = rootKey(policy(statement("Allow", rootArn(ACCOUNT), "kms:*"),
                statement("Allow", roleArn("named"), "kms:Encrypt")));
        AssumeRoleResponse assumed = assume(ALICE, "named", "job-3");
        try (KmsClient session = kms(assumed)) {
            assertThat(session.encrypt(request -> request.keyId(key.keyId()).plaintext(KmsTestSupport.bytes("role's")))
                    .keyId()).isEqualTo(key.arn());
        }
    }

    @Test
    void aUserTheTrustPolicyDoesNotNameCannotAssumeTheRole() {
        StsException error = catchThrowableOfType(StsException.class, () -> assume(MALLORY, "encryptor", "intruder"));
        assertThat(error).isNotNull();
        assertThat(error.statusCode()).isEqualTo(403);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo("User: " + userArn(ACCOUNT, "mallory")
                + " is not authorized to perform: sts:AssumeRole on resource: " + roleArn("encryptor"));
    }
}
