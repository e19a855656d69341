package dev.meridian.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail's {@code userIdentity} of each kind of caller, as the record shows it: a role's session with its
 * {@code sessionContext} (issuer with the role's path, creation date when known), the root and IAM users (long-term
 * keys) without one.
 */
class UserIdentityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final Instant CREATED = Instant.parse("2026-12-02T10:00:00.900Z");

    private static String identityJson(UserIdentity identity) {
        AuditEvent event = AuditEvent.builder().eventTime(Instant.parse("2026-12-02T10:05:00Z")).eventName("Encrypt")
                .awsRegion("us-east-1").userIdentity(identity).recipientAccountId(ACCOUNT.value()).build();
        try {
            JsonNode record = JSON.readTree(CloudTrailRecordFormat.toJson(event));
            return record.get("userIdentity").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRolesSessionShowsItsIssuerWithThePathAndItsCreationDate() {
        Principal session = Principal.assumedRole(ACCOUNT, Partition.AWS, "/team/payments/", "encryptor",
                "AROAEXAMPLEROLEID0001", "job-1", "ASIAEXAMPLE000000001", CREATED);
        UserIdentity identity = UserIdentity.of(session);
        assertThat(identity.sessionContext()).isEqualTo(new UserIdentity.SessionContext("AROAEXAMPLEROLEID0001",
                "arn:aws:iam::111122223333:role/team/payments/encryptor", "111122223333", "encryptor",
                Instant.parse("2026-12-02T10:00:00Z")));
        assertThat(identityJson(identity)).isEqualTo("""
                {"type":"AssumedRole","principalId":"AROAEXAMPLEROLEID0001:job-1",\
                "arn":"arn:aws:sts::111122223333:assumed-role/encryptor/job-1","accountId":"111122223333",\
                "accessKeyId":"ASIAEXAMPLE000000001","sessionContext":{"sessionIssuer":{"type":"Role",\
                "principalId":"AROAEXAMPLEROLEID0001","arn":"arn:aws:iam::111122223333:role/team/payments/encryptor",\
                "accountId":"111122223333","userName":"encryptor"},"webIdFederationData":{},\
                "attributes":{"creationDate":"2026-12-02T10:00:00Z","mfaAuthenticated":"false"}}}""");
    }

    @Test
    void aSessionWhoseCreationIsNotKnownHasNoCreationDate() {
        Principal session = Principal.assumedRole(ACCOUNT, Partition.AWS, "/", "app", "AROAEXAMPLEROLEID0002", "old",
                "ASIAEXAMPLE000000002");
        assertThat(identityJson(UserIdentity.of(session))).endsWith("""
                "sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLEROLEID0002",\
                "arn":"arn:aws:iam::111122223333:role/app","accountId":"111122223333","userName":"app"},\
                "webIdFederationData":{},"attributes":{"mfaAuthenticated":"false"}}}""");
    }

    @Test
    void aCallKmsMadeOnASessionsBehalfKeepsTheSessionContextBeforeInvokedBy() {
        Principal session = Principal.assumedRole(ACCOUNT, Partition.AWS, "/", "app", "AROAEXAMPLEROLEID0002", "s",
                "ASIAEXAMPLE000000002", CREATED);
        UserIdentity byKms = UserIdentity.of(session).invokedByKms();
        assertThat(byKms.sessionContext()).isEqualTo(UserIdentity.of(session).sessionContext());
        assertThat(identityJson(byKms)).endsWith("\"mfaAuthenticated\":\"false\"}},\"invokedBy\":\"kms.amazonaws.com\"}");
    }

    @Test
    void theRootAndIamUsersSigningWithLongTermKeysHaveNoSessionContext() {
        assertThat(identityJson(UserIdentity.of(Principal.root(ACCOUNT, Partition.AWS, "AKIAROOT000000000001"))))
                .isEqualTo("{\"type\":\"Root\",\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\","
                        + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAROOT000000000001\"}");
        assertThat(identityJson(UserIdentity.of(Principal.user(ACCOUNT, Partition.AWS, "/", "alice", "AIDAALICE",
                "AKIAALICE00000000001")))).doesNotContain("sessionContext");
    }
}
