package dev.meridian.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.Partition;
import dev.meridian.model.Principal;
import dev.meridian.model.PrincipalType;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link IdentityFileParser} and the {@link Identities} index it feeds: what a good file gives, where a bad one fails. */
class IdentityFileParserTest {
    private static final String POLICY = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Action\": \"kms:*\", \"Resource\": \"*\"}]}";
    private static final String TRUST = "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Allow\","
            + " \"Principal\": {\"AWS\": \"arn:aws:iam::111122223333:user/alice\"}, \"Action\": \"sts:AssumeRole\"}]}";
    private static final String FILE = """
            {"accounts": [
              {"id": "111122223333",
               "rootAccessKeys": [{"accessKeyId": "AKIAROOT000000000001", "secretAccessKey": "root-secret"}],
               "users": [{"name": "alice", "path": "/engineering/",
                          "accessKeys": [{"accessKeyId": "AKIAALICE00000000001", "secretAccessKey": "alice-secret"}],
                          "policies": [%s]},
                         {"name": "bob", "id": "AIDABOBEXAMPLE1234567"}],
               "roles": [{"name": "app", "trustPolicy": %s, "policies": [%s], "maxSessionDuration": 7200}]},
              {"id": "444455556666"}
            ]}
            """.formatted(POLICY, TRUST, POLICY);

    @Test
    void aGoodFileGivesItsAccountsUsersRolesAndKeys() {
        IdentityFile file = IdentityFileParser.parse("identities.json", FILE);
        assertThat(file.accounts()).extracting(IdentityFile.Account::id)
                .containsExactly(AccountId.of("111122223333"), AccountId.of("444455556666"));
        IdentityFile.Account account = file.accounts().get(0);
        IdentityFile.User alice = account.users().get(0);
        assertThat(alice.path()).isEqualTo("/engineering/");
        assertThat(alice.userId()).matches("AIDA[A-Z2-7]{17}")
                .isEqualTo(IdentityFileParser.parse("other.json", FILE).accounts().get(0).users().get(0).userId());
        assertThat(account.users().get(1).userId()).isEqualTo("AIDABOBEXAMPLE1234567");
        assertThat(account.users().get(1).path()).isEqualTo("/");
        IdentityFile.Role app = account.roles().get(0);
        assertThat(app.roleId()).matches("AROA[A-Z2-7]{17}");
        assertThat(app.maxSessionDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(alice.accessKeys().get(0).toString()).isEqualTo("AccessKey[AKIAALICE00000000001]")
                .doesNotContain("alice-secret");
    }

    @Test
    void identitiesFindEachKeysPrincipalAndEachPrincipalsPolicies() {
        IdentityFile file = IdentityFileParser.parse("identities.json", FILE);
        Identities identities = Identities.of(file);
        CredentialStore.Lookup root = identities.lookup("AKIAROOT000000000001", null);
        assertThat(root.credentials().principal()).isEqualTo(Principal.root(AccountId.of("111122223333"), Partition.AWS,
                "AKIAROOT000000000001"));
        Principal alice = identities.lookup("AKIAALICE00000000001", null).credentials().principal();
        assertThat(alice.type()).isEqualTo(PrincipalType.IAM_USER);
        assertThat(alice.arn()).isEqualTo("arn:aws:iam::111122223333:user/engineering/alice");
        assertThat(identities.of(alice)).hasSize(1);
        assertThat(identities.of(root.credentials().principal())).isEmpty();
        assertThat(identities.lookup("AKIAALICE00000000001", "a-token")).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        assertThat(identities.lookup("AKIAUNKNOWN000000001", null)).isEqualTo(CredentialStore.Lookup.UNKNOWN);
        RoleDirectory roles = RoleDirectory.of(file);
        IdentityFile.Role app = roles.find("arn:aws:iam::111122223333:role/app").orElseThrow().role();
        assertThat(roles.find("arn:aws-cn:iam::111122223333:role/app").orElseThrow().role()).isSameAs(app);
        Principal session = Principal.assumedRole(AccountId.of("111122223333"), Partition.AWS, "/", "app", app.roleId(),
                "s1", "ASIAEXAMPLE000000001");
        assertThat(identities.of(session)).hasSize(1);
        assertThat(identities.toString()).isEqualTo("Identities[2 accounts, 2 access keys, 3 policy holders]");
    }

    @Test
    void eachProblemIsOneLineNamingItsPlace() {
        assertProblem("{\"accounts\": [", "identities.json line 1, column 15: not JSON: Unexpected end-of-input:"
                + " expected close marker for Array");
        assertProblem("", "identities.json: the identity file is empty; expected {\"accounts\": [...]}");
        assertProblem("{\"accounts\": []}", "identities.json line 1, column 2 (accounts): expected at least one account");
        assertProblem("{\"acounts\": []}", "identities.json line 1, column 2 (acounts): unknown field acounts; expected one"
                + " of [accounts]");
        assertProblem("{\"accounts\": [{\"id\": \"1234\"}]}",
                "identities.json line 1, column 16 (accounts[0].id): '1234' is not an AWS account ID; expected 12 digits,"
                        + " such as 111122223333");
        assertProblem("{\"accounts\": [{\"users\": []}]}",
                "identities.json line 1, column 15 (accounts[0]): the field id is missing");
        assertProblem("{\"accounts\": [{\"id\": \"111122223333\",\n \"users\": [{\"name\": \"alice\", \"path\": \"engineering\"}]}]}",
                "identities.json line 2, column 30 (accounts[0].users[0].path): 'engineering' is not an IAM path; expected"
                        + " / or a path that starts and ends with /, such as /division/, of at most 512 printable ASCII"
                        + " characters");
        assertProblem("{\"accounts\": [{\"id\": \"111122223333\", \"rootAccessKeys\": [\n"
                + "{\"accessKeyId\": \"AKIAROOT000000000001\", \"secretAccessKey\": \"s\"}]},\n"
                + "{\"id\": \"444455556666\", \"users\": [{\"name\": \"u\", \"accessKeys\": [\n"
                + "{\"accessKeyId\": \"AKIAROOT000000000001\", \"secretAccessKey\": \"t\"}]}]}]}",
                "identities.json line 4, column 2 (accounts[1].users[0].accessKeys[0].accessKeyId): the access key ID"
                        + " AKIAROOT000000000001 is given twice (first at line 2)");
        assertProblem("{\"accounts\": [{\"id\": \"111122223333\", \"users\": [{\"name\": \"u\", \"policies\": [{\"Statement\":"
                + " {\"Effect\": \"Allow\", \"Principal\": \"*\", \"Action\": \"kms:*\"}}]}]}]}",
                "identities.json line 1, column 75 (accounts[0].users[0].policies[0]): not a valid identity policy: Policy"
                        + " document should not specify a principal.");
        assertProblem("{\"accounts\": [{\"id\": \"111122223333\", \"roles\": [{\"name\": \"r\", \"trustPolicy\": "
                + TRUST + ", \"maxSessionDuration\": 60}]}]}",
                "identities.json line 1, column 230 (accounts[0].roles[0].maxSessionDuration): maxSessionDuration must be"
                        + " between 3600 and 43200 seconds (1 to 12 hours), not 60");
        assertProblem("{\"accounts\": [{\"id\": \"111122223333\", \"roles\": [{\"name\": \"r\", \"trustPolicy\": " + POLICY
                + "}]}]}", "identities.json line 1, column 62 (accounts[0].roles[0].trustPolicy): not a valid trust policy:"
                        + " Policy contains a statement with no principal.");
        assertProblem("{\"accounts\": [{\"id\": \"111122223333\", \"id\": \"111122223333\"}]}",
                "identities.json line 1, column 38 (accounts[0].id): the field id is written twice");
        assertThatThrownBy(() -> IdentityFileParser.read(Path.of("/nonexistent/identities.json")))
                .isInstanceOf(IdentityFileException.class)
                .hasMessage("The identity file /nonexistent/identities.json does not exist");
    }

    @Test
    void aSecretNeverReachesAMessage() {
        assertThatThrownBy(() -> IdentityFileParser.parse("identities.json", "{\"accounts\": [{\"id\": \"111122223333\","
                + " \"rootAccessKeys\": [{\"accessKeyId\": \"short\", \"secretAccessKey\": \"top-secret\"}]}]}"))
                .isInstanceOf(IdentityFileException.class)
                .hasMessageContaining("'short' is not an access key ID")
                .hasMessageNotContaining("top-secret");
    }

    private static void assertProblem(String content, String message) {
        assertThatThrownBy(() -> IdentityFileParser.parse("identities.json", content))
                .isInstanceOf(IdentityFileException.class)
                .hasMessage(message);
    }
}
