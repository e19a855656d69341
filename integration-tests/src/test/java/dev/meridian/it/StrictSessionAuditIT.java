package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.MeridianExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The audit record of a KMS call made with AssumeRole's temporary credentials, read back through the SDK's
 * CloudTrail client: its {@code userIdentity} carries the {@code sessionContext} AWS shows (the role with its path as
 * the session's issuer, the session's creation date: the moment STS issued it), and nothing of the credentials but
 * the access key ID; the root's and an IAM user's records (long-term keys) have none.
 */
class StrictSessionAuditIT {
    private static final String ACCOUNT = "111122223333";
    private static final String REGION = "us-east-1";
    private static final String ROOT_KEY = "AKIAROOT000000000001";
    private static final String ROOT_SECRET = "root-secret-key";
    private static final String ALICE_KEY = "AKIAALICE00000000001";
    private static final String ALICE_SECRET = "alice-secret-key";
    private static final String ALICE_ID = "AIDAALICEEXAMPLE0001";
    private static final String ROLE_ID = "AROAENCRYPTOREXAMPLE1";
    private static final String ROLE_ARN = "arn:aws:iam::" + ACCOUNT + ":role/team/payments/encryptor";
    private static final int DURATION_SECONDS = 900;
    private static final String PIPED_ROLE_ID = "AROAPIPEDROLEEXAMPLE1";

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(StrictSupport.writeIdentityFile("""
            {"accounts": [
              {"id": "%1$s",
               "rootAccessKeys": [{"accessKeyId": "%2$s", "secretAccessKey": "%3$s"}],
               "users": [{"name": "alice", "id": "%6$s", "accessKeys": [{"accessKeyId": "%4$s", "secretAccessKey": "%5$s"}],
                          "policies": [{"Version": "2012-10-17", "Statement": [
                              {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]}],
               "roles": [{"name": "encryptor", "path": "/team/payments/", "id": "%7$s",
                          "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                              "Principal": {"AWS": "arn:aws:iam::%1$s:user/alice"}, "Action": "sts:AssumeRole"}]},
                          "policies": [{"Version": "2012-10-17", "Statement": [
                              {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]},
                         {"name": "piped", "path": "/a|b/", "id": "%8$s",
                          "trustPolicy": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                              "Principal": {"AWS": "arn:aws:iam::%1$s:user/alice"}, "Action": "sts:AssumeRole"}]},
                          "policies": [{"Version": "2012-10-17", "Statement": [
                              {"Effect": "Allow", "Action": "kms:Encrypt", "Resource": "*"}]}]}]}
            ]}
            """.formatted(ACCOUNT, ROOT_KEY, ROOT_SECRET, ALICE_KEY, ALICE_SECRET, ALICE_ID, ROLE_ID, PIPED_ROLE_ID)))
            .build();

    @Test
    void aSessionsRecordShowsItsIssuerAndCreationDateAndLongTermKeysShowNoSessionContext() {
        String keyArn;
        try (KmsClient root = kms(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))) {
            keyArn = root.createKey(request -> request.description("audited sessions")).keyMetadata().arn();
            root.encrypt(request -> request.keyId(keyArn).plaintext(KmsTestSupport.bytes("as the root")));
        }
        Instant before = meridian.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        AssumeRoleResponse assumed;
        try (StsClient alice = KmsTestSupport.pointedAt(StsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ALICE_KEY, ALICE_SECRET)))
                .build()) {
            assumed = alice.assumeRole(request -> request.roleArn(ROLE_ARN).roleSessionName("job-1")
                    .durationSeconds(DURATION_SECONDS));
        }
        Instant after = meridian.clock().instant();
        Credentials credentials = assumed.credentials();
        try (KmsClient session = kms(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()));
                KmsClient alice = kms(AwsBasicCredentials.create(ALICE_KEY, ALICE_SECRET))) {
            session.encrypt(request -> request.keyId(keyArn).plaintext(KmsTestSupport.bytes("as the session")));
            alice.encrypt(request -> request.keyId(keyArn).plaintext(KmsTestSupport.bytes("as alice")));
        }

        Map<String, JsonNode> identities = encryptIdentitiesByAccessKey(keyArn);
        // The session was issued when STS answered: its expiry less the duration asked for, between before and after.
        Instant created = credentials.expiration().minusSeconds(DURATION_SECONDS);
        assertThat(created).isBetween(before, after);
        assertThat(identities.get(credentials.accessKeyId()).toString()).isEqualTo("""
                {"type":"AssumedRole","principalId":"%1$s:job-1",\
                "arn":"arn:aws:sts::%2$s:assumed-role/encryptor/job-1","accountId":"%2$s","accessKeyId":"%3$s",\
                "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"%1$s","arn":"%4$s",\
                "accountId":"%2$s","userName":"encryptor"},"webIdFederationData":{},\
                "attributes":{"creationDate":"%5$s","mfaAuthenticated":"false"}}}"""
                .formatted(ROLE_ID, ACCOUNT, credentials.accessKeyId(), ROLE_ARN, created));
        assertThat(identities.get(credentials.accessKeyId()).toString())
                .doesNotContain(credentials.sessionToken()).doesNotContain(credentials.secretAccessKey());
        assertThat(identities.get(ALICE_KEY).toString()).isEqualTo("""
                {"type":"IAMUser","principalId":"%s","arn":"arn:aws:iam::%s:user/alice","accountId":"%s",\
                "accessKeyId":"%s","userName":"alice"}""".formatted(ALICE_ID, ACCOUNT, ACCOUNT, ALICE_KEY));
        assertThat(identities.get(ROOT_KEY).toString()).isEqualTo("""
                {"type":"Root","principalId":"%1$s","arn":"arn:aws:iam::%1$s:root","accountId":"%1$s",\
                "accessKeyId":"%2$s"}""".formatted(ACCOUNT, ROOT_KEY));
    }

    @Test
    void aSessionOfARoleWhosePathHoldsTheTokensFieldSeparatorWorksAndIsRecordedWithItsPath() {
        String keyArn;
        try (KmsClient root = kms(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET))) {
            keyArn = root.createKey(request -> request.description("a piped role's session")).keyMetadata().arn();
        }
        AssumeRoleResponse assumed;
        try (StsClient alice = KmsTestSupport.pointedAt(StsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ALICE_KEY, ALICE_SECRET)))
                .build()) {
            assumed = alice.assumeRole(request -> request.roleArn("arn:aws:iam::" + ACCOUNT + ":role/a|b/piped")
                    .roleSessionName("job-2"));
        }
        Credentials credentials = assumed.credentials();
        try (KmsClient session = kms(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()))) {
            session.encrypt(request -> request.keyId(keyArn).plaintext(KmsTestSupport.bytes("through a piped path")));
        }

        JsonNode identity = encryptIdentities(keyArn, 1).get(credentials.accessKeyId());
        assertThat(identity.get("arn").asText()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/piped/job-2");
        assertThat(identity.get("sessionContext").get("sessionIssuer").get("arn").asText())
                .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/a|b/piped");
    }

    private static Map<String, JsonNode> encryptIdentitiesByAccessKey(String keyArn) {
        return encryptIdentities(keyArn, 3);
    }

    /** The {@code userIdentity} of each Encrypt record of the key, by the access key that signed it (awaits {@code count}). */
    private static Map<String, JsonNode> encryptIdentities(String keyArn, int count) {
        try (CloudTrailClient cloudTrail = KmsTestSupport.pointedAt(CloudTrailClient.builder(),
                meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET)))
                .build()) {
            List<Event> encrypts = Awaitility.await().atMost(Duration.ofSeconds(30)).until(
                    () -> AuditSupport.lookup(cloudTrail, LookupAttributeKey.RESOURCE_NAME, keyArn).stream()
                            .filter(event -> event.eventName().equals("Encrypt")).toList(),
                    events -> events.size() == count);
            return encrypts.stream().map(AuditSupport::record).map(record -> record.get("userIdentity"))
                    .collect(Collectors.toMap(identity -> identity.get("accessKeyId").asText(), Function.identity()));
        }
    }

    private static KmsClient kms(AwsCredentials credentials) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), meridian.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(credentials)).build();
    }
}
