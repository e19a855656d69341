package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.testkit.MeridianExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * STS in strict mode, through the AWS SDK: a user the role's trust policy names assumes the role and its session
 * acts on KMS with the role's identity policy, or with a key policy naming the role's ARN; untrusted users, the
 * account's root, unknown keys, wrong secrets, a too long session and an expired one are refused with STS's and KMS's
 * codes, statuses and texts. The expiry test moves the server's clock, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StrictStsIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String ROOT_KEY = "AKIAROOT000000000001";
    private static final String ROOT_SECRET = "root-secret-key";
    private static final String ALICE_KEY = "AKIAALICE00000000001";
    private static final String ALICE_SECRET = "alice-secret-key";
    private static final String MALLORY_KEY = "AKIAMALLORY000000001";
    private static final String MALLORY_SECRET = "mallory-secret-key";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/app";
    private static final String INVALID_TOKEN = "The security token included in the request is invalid";
    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(identityFile()).build();

    @Test
    @Order(1)
    void aTrustedUserAssumesTheRoleAndItsSessionActsWithTheRolesIdentityPolicy() {
        AssumeRoleResponse assumed = assume("alice-session", 3600);
        String sessionArn = "arn:aws:sts::" + ACCOUNT + ":assumed-role/app/alice-session";
        assertThat(assumed.assumedRoleUser().arn()).isEqualTo(sessionArn);
        try (StsClient asRole = sts(session(assumed.credentials()))) {
            assertThat(asRole.getCallerIdentity().arn()).isEqualTo(sessionArn);
            assertThat(asRole.getCallerIdentity().account()).isEqualTo(ACCOUNT);
        }
        String keyId;
        try (KmsClient root = kms(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))) {
            keyId = root.createKey(request -> request.description("default key policy")).keyMetadata().keyId();
        }
        try (KmsClient asRole = kms(session(assumed.credentials()))) {
            assertThat(asRole.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("as the role")))
                    .keyId()).isEqualTo(KmsTestSupport.arn(REGION, keyId));
            KmsTestSupport.assertUndeclaredError(() -> asRole.describeKey(request -> request.keyId(keyId)),
                    "AccessDeniedException", "User: " + sessionArn + " is not authorized to perform: kms:DescribeKey on"
                            + " resource: " + KmsTestSupport.arn(REGION, keyId)
                            + " because no identity-based policy allows the kms:DescribeKey action");
        }
    }

    @Test
    @Order(2)
    void aKeyPolicyNamingTheRolesArnAllowsItsSessions() {
        String keyId;
        try (KmsClient root = kms(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))) {
            keyId = root.createKey(request -> request.description("names the role")).keyMetadata().keyId();
            root.putKeyPolicy(request -> request.keyId(keyId).policyName("default").policy("""
                    {"Version": "2012-10-17", "Statement": [
                      {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"}, "Action": "kms:*", "Resource": "*"},
                      {"Effect": "Allow", "Principal": {"AWS": "%s"}, "Action": "kms:DescribeKey", "Resource": "*"}]}
                    """.formatted(ACCOUNT, ROLE_ARN)));
        }
        AssumeRoleResponse assumed = assume("named-by-key", 900);
        try (KmsClient asRole = kms(session(assumed.credentials()))) {
            assertThat(asRole.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        }
    }

    @Test
    @Order(3)
    void anUntrustedUserAndTheRootMayNotAssumeTheRole() {
        try (StsClient mallory = sts(AwsBasicCredentials.create(MALLORY_KEY, MALLORY_SECRET));
                StsClient root = sts(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))) {
            assertStsError(() -> mallory.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("nope")), 403,
                    "AccessDenied", "User: arn:aws:iam::" + ACCOUNT + ":user/mallory is not authorized to perform:"
                            + " sts:AssumeRole on resource: " + ROLE_ARN);
            assertStsError(() -> root.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("root")), 403,
                    "AccessDenied", "Roles may not be assumed by root accounts.");
        }
    }

    @Test
    @Order(4)
    void anUnknownAccessKeyOrAWrongSecretIsRefused() {
        AwsBasicCredentials unknown = AwsBasicCredentials.create("AKIAUNKNOWN000000001", ALICE_SECRET);
        try (StsClient stsUnknown = sts(unknown);
                KmsClient kmsUnknown = kms(unknown);
                StsClient wrongSecret = sts(AwsBasicCredentials.create(ALICE_KEY, "not-alice-secret"))) {
            assertStsError(stsUnknown::getCallerIdentity, 403, "InvalidClientTokenId", INVALID_TOKEN + ".");
            KmsException kmsError = KmsTestSupport.assertUndeclaredError(kmsUnknown::listKeys,
                    "UnrecognizedClientException", INVALID_TOKEN);
            assertThat(kmsError.statusCode()).isEqualTo(400);
            assertStsError(wrongSecret::getCallerIdentity, 403, "SignatureDoesNotMatch", MISMATCH);
        }
    }

    @Test
    @Order(5)
    void aDurationOverTheRolesMaximumIsRefused() {
        try (StsClient alice = sts(AwsBasicCredentials.create(ALICE_KEY, ALICE_SECRET))) {
            assertStsError(() -> alice.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("long")
                    .durationSeconds(3601)), 400, "ValidationError",
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }
    }

    /**
     * Moves the server's clock past the session's end; the client signs with the server's clock (an auth scheme whose
     * SigV4 signer reads it), so that its date is current and only the session's expiry is wrong.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void anExpiredSessionIsRefusedByKms() {
        AssumeRoleResponse assumed = assume("short", 900);
        String keyId;
        try (KmsClient root = kms(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))) {
            keyId = root.createKey(request -> request.description("expiry")).keyMetadata().keyId();
        }
        try (KmsClient asRole = KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(session(assumed.credentials())))
                .putAuthScheme(signingWithTheServersClock()).build()) {
            asRole.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("before")));
            meridian.clock().advance(Duration.ofSeconds(901));
            KmsException error = KmsTestSupport.assertUndeclaredError(() -> asRole.encrypt(
                    request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes("after"))),
                    "ExpiredTokenException", "The security token included in the request is expired");
            assertThat(error.statusCode()).isEqualTo(400);
        }
    }

    /** SigV4 as the SDK signs, at the time of the server's (movable) clock. */
    private static AuthScheme<AwsCredentialsIdentity> signingWithTheServersClock() {
        AwsV4HttpSigner signer = AwsV4HttpSigner.create();
        HttpSigner<AwsCredentialsIdentity> atServerTime = new HttpSigner<>() {
            @Override
            public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
                return signer.sign(request.copy(copy -> copy.putProperty(HttpSigner.SIGNING_CLOCK, meridian.clock())));
            }

            @Override
            public CompletableFuture<AsyncSignedRequest> signAsync(
                    AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
                return signer.signAsync(request.copy(copy -> copy.putProperty(HttpSigner.SIGNING_CLOCK, meridian.clock())));
            }
        };
        return new AuthScheme<>() {
            @Override
            public String schemeId() {
                return AwsV4AuthScheme.SCHEME_ID;
            }

            @Override
            public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
                return providers.identityProvider(AwsCredentialsIdentity.class);
            }

            @Override
            public HttpSigner<AwsCredentialsIdentity> signer() {
                return atServerTime;
            }
        };
    }

    private static AssumeRoleResponse assume(String sessionName, int seconds) {
        try (StsClient alice = sts(AwsBasicCredentials.create(ALICE_KEY, ALICE_SECRET))) {
            return alice.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName(sessionName)
                    .durationSeconds(seconds));
        }
    }

    private static AwsSessionCredentials session(Credentials credentials) {
        return AwsSessionCredentials.create(credentials.accessKeyId(), credentials.secretAccessKey(),
                credentials.sessionToken());
    }

    private static KmsClient kms(AwsCredentials credentials) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    private static StsClient sts(AwsCredentials credentials) {
        return KmsTestSupport.pointedAt(StsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }

    private static void assertStsError(ThrowingCallable call, int status, String code, String message) {
        StsException error = catchThrowableOfType(StsException.class, call);
        assertThat(error).as("an STS error").isNotNull();
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    private static Path identityFile() {
        return StrictSupport.writeIdentityFile("""
                {"accounts": [
                  {"id": "%1$s",
                   "rootAccessKeys": [{"accessKeyId": "%2$s", "secretAccessKey": "%3$s"}],
                   "users": [{"name": "alice", "accessKeys": [{"accessKeyId": "%4$s", "secretAccessKey": "%5$s"}]},
                             {"name": "mallory", "accessKeys": [{"accessKeyId": "%6$s", "secretAccessKey": "%7$s"}]}],
                   "roles": [{"name": "app", "maxSessionDuration": 3600,
                              "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                                  "Principal": {"AWS": "arn:aws:iam::%1$s:user/alice"}, "Action": "sts:AssumeRole"}]},
                              "policies": [{"Version": "2012-10-17", "Statement": [
                                  {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]}]}
                ]}
                """.formatted(ACCOUNT, ROOT_KEY, ROOT_SECRET, ALICE_KEY, ALICE_SECRET, MALLORY_KEY, MALLORY_SECRET));
    }
}
