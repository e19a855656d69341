package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * Several accounts without configuration (development mode): an access key ID of exactly 12 digits names the
 * caller's account, as LocalStack does; any other is {@code --account-id}'s. Keys, aliases, audit records and
 * key quotas are the account's own, and another account's key named by its ARN is refused as AWS refuses a
 * caller whose key policy does not allow it.
 */
class AccountsIT {
    private static final String REGION = "us-east-1";
    private static final String ALICE = "111111111111";
    private static final String BOB = "222222222222";
    private static final String ERIN = "555555555555";
    private static final String FRANK = "666666666666";
    private static final String CONFIGURED = KmsTestSupport.ACCOUNT;
    private static final List<AutoCloseable> CLIENTS = new ArrayList<>();

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    @AfterAll
    static void closeClients() throws Exception {
        for (AutoCloseable client : CLIENTS) {
            client.close();
        }
    }

    private static KmsClient client(String accessKeyId) {
        return client(kms.server(), accessKeyId);
    }

    private static KmsClient client(EmbeddedMeridian server, String accessKeyId) {
        KmsClient client = KmsTestSupport.pointedAt(KmsClient.builder(), server.endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .build();
        CLIENTS.add(client);
        return client;
    }

    private static CloudTrailClient cloudTrail(String accessKeyId) {
        CloudTrailClient client = KmsTestSupport.pointedAt(CloudTrailClient.builder(), kms.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
                .build();
        CLIENTS.add(client);
        return client;
    }

    private static String arn(String account, String keyId) {
        return "arn:aws:kms:" + REGION + ":" + account + ":key/" + keyId;
    }

    private static String denied(String account, String action) {
        return "User: arn:aws:iam::" + account + ":root is not authorized to perform: kms:" + action + " on this resource"
                + " because the resource does not exist in this Region, no resource-based policies allow access, or a"
                + " resource-based policy explicitly denies access";
    }

    @Test
    void twoAccessKeysOfTwelveDigitsAreTwoAccountsWithTheirOwnKeysAndAliases() {
        // Accounts of this test alone, so that their listings hold exactly what it made.
        KmsClient erin = client(ERIN);
        KmsClient frank = client(FRANK);
        var erinKey = erin.createKey(request -> { }).keyMetadata();
        var frankKey = frank.createKey(request -> { }).keyMetadata();
        assertThat(erinKey.arn()).isEqualTo(arn(ERIN, erinKey.keyId()));
        assertThat(erinKey.awsAccountId()).isEqualTo(ERIN);
        assertThat(frankKey.arn()).isEqualTo(arn(FRANK, frankKey.keyId()));
        assertThat(frankKey.awsAccountId()).isEqualTo(FRANK);

        assertThat(erin.listKeys(request -> { }).keys()).extracting(KeyListEntry::keyArn).containsExactly(erinKey.arn());
        assertThat(frank.listKeys(request -> { }).keys()).extracting(KeyListEntry::keyArn).containsExactly(frankKey.arn());

        // The same alias name in both accounts, each naming its own key.
        erin.createAlias(request -> request.aliasName("alias/shared-name").targetKeyId(erinKey.keyId()));
        frank.createAlias(request -> request.aliasName("alias/shared-name").targetKeyId(frankKey.keyId()));
        assertThat(erin.describeKey(request -> request.keyId("alias/shared-name")).keyMetadata().arn()).isEqualTo(erinKey.arn());
        assertThat(frank.describeKey(request -> request.keyId("alias/shared-name")).keyMetadata().arn()).isEqualTo(frankKey.arn());
        assertThat(erin.listAliases(request -> { }).aliases()).filteredOn(alias -> alias.targetKeyId() != null)
                .extracting(AliasListEntry::aliasArn, AliasListEntry::targetKeyId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "arn:aws:kms:" + REGION + ":" + ERIN + ":alias/shared-name", erinKey.keyId()));
        assertThat(frank.listAliases(request -> { }).aliases()).filteredOn(alias -> alias.targetKeyId() != null)
                .extracting(AliasListEntry::aliasArn).containsExactly("arn:aws:kms:" + REGION + ":" + FRANK + ":alias/shared-name");

        // A bare key ID is looked up in the caller's own account.
        assertKmsError(() -> frank.describeKey(request -> request.keyId(erinKey.keyId())), NotFoundException.class,
                "Key '" + arn(FRANK, erinKey.keyId()) + "' does not exist");
        assertThat(kms.client(REGION).listKeys(request -> { }).keys()).extracting(KeyListEntry::keyId)
                .doesNotContain(erinKey.keyId(), frankKey.keyId());
    }

    @Test
    void anotherAccountsKeyNamedByItsArnIsRefusedWithoutAKeyPolicyThatAllowsIt() {
        KmsClient alice = client(ALICE);
        KmsClient bob = client(BOB);
        String keyArn = alice.createKey(request -> { }).keyMetadata().arn();
        alice.createAlias(request -> request.aliasName("alias/alices").targetKeyId(keyArn));
        SdkBytes ciphertext = alice.encrypt(request -> request.keyId(keyArn).plaintext(bytes("alice's"))).ciphertextBlob();

        assertUndeclaredError(() -> bob.describeKey(request -> request.keyId(keyArn)), "AccessDeniedException",
                denied(BOB, "DescribeKey"));
        assertUndeclaredError(() -> bob.encrypt(request -> request.keyId(keyArn).plaintext(bytes("x"))), "AccessDeniedException",
                denied(BOB, "Encrypt"));
        assertUndeclaredError(() -> bob.decrypt(request -> request.ciphertextBlob(ciphertext)), "AccessDeniedException",
                denied(BOB, "Decrypt"));
        assertUndeclaredError(() -> bob.encrypt(request -> request.keyId("arn:aws:kms:" + REGION + ":" + ALICE + ":alias/alices")
                .plaintext(bytes("x"))), "AccessDeniedException", denied(BOB, "Encrypt"));
        // The same answer for a key that does not exist: nothing of the other account shows.
        assertUndeclaredError(() -> bob.describeKey(request -> request.keyId(arn(ALICE, "00000000-0000-0000-0000-000000000000"))),
                "AccessDeniedException", denied(BOB, "DescribeKey"));
        assertUndeclaredError(() -> bob.disableKey(request -> request.keyId(keyArn)), "AccessDeniedException",
                denied(BOB, "DisableKey"));
        assertThat(alice.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("alice's");
    }

    @Test
    void aKeyPolicyThatAllowsTheOtherAccountLetsItUseTheKeyButNotManageIt() {
        KmsClient alice = client(ALICE);
        KmsClient bob = client(BOB);
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + ALICE + ":root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + BOB + ":root\"},"
                + "\"Action\":[\"kms:Encrypt\",\"kms:Decrypt\",\"kms:DescribeKey\",\"kms:DisableKey\"],\"Resource\":\"*\"}]}";
        String keyArn = alice.createKey(request -> request.policy(policy)).keyMetadata().arn();

        assertThat(bob.describeKey(request -> request.keyId(keyArn)).keyMetadata().arn()).isEqualTo(keyArn);
        SdkBytes ciphertext = bob.encrypt(request -> request.keyId(keyArn).plaintext(bytes("shared"))).ciphertextBlob();
        assertThat(bob.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("shared");
        assertThat(alice.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String()).isEqualTo("shared");
        // DisableKey cannot cross accounts, whatever the key policy says.
        assertUndeclaredError(() -> bob.disableKey(request -> request.keyId(keyArn)), "AccessDeniedException",
                denied(BOB, "DisableKey"));
        assertThat(bob.listKeys(request -> { }).keys()).extracting(KeyListEntry::keyArn).doesNotContain(keyArn);
    }

    @Test
    void anAccessKeyThatIsNotTwelveDigitsIsTheConfiguredAccounts() {
        for (String accessKeyId : List.of("AKIDEXAMPLE", "12345678901", "1234567890123", "test")) {
            var metadata = client(accessKeyId).createKey(request -> { }).keyMetadata();
            assertThat(metadata.awsAccountId()).as(accessKeyId).isEqualTo(CONFIGURED);
            assertThat(metadata.arn()).as(accessKeyId).isEqualTo(arn(CONFIGURED, metadata.keyId()));
        }
    }

    @Test
    void auditRecordsCarryTheCallersAccountAndLookupEventsAnswersOnlyItsOwn() {
        String carol = "333333333333";
        String dave = "444444444444";
        String carolsKey = client(carol).createKey(request -> request.description("carol's")).keyMetadata().arn();
        String davesKey = client(dave).createKey(request -> request.description("dave's")).keyMetadata().arn();

        List<Event> carols = AuditSupport.lookup(cloudTrail(carol), LookupAttributeKey.EVENT_NAME, "CreateKey");
        assertThat(carols).singleElement().satisfies(event -> {
            JsonNode record = AuditSupport.record(event);
            assertThat(record.path("userIdentity").path("accountId").asText()).isEqualTo(carol);
            assertThat(record.path("userIdentity").path("arn").asText()).isEqualTo("arn:aws:iam::" + carol + ":root");
            assertThat(record.path("userIdentity").path("accessKeyId").asText()).isEqualTo(carol);
            assertThat(record.path("recipientAccountId").asText()).isEqualTo(carol);
            assertThat(record.path("resources").get(0).path("ARN").asText()).isEqualTo(carolsKey);
        });
        assertThat(AuditSupport.lookup(cloudTrail(carol), LookupAttributeKey.RESOURCE_NAME, davesKey)).isEmpty();
        assertThat(AuditSupport.lookup(cloudTrail(dave), LookupAttributeKey.EVENT_NAME, "CreateKey"))
                .singleElement().satisfies(event -> assertThat(AuditSupport.record(event).path("recipientAccountId").asText())
                        .isEqualTo(dave));
    }

    @Test
    void theKeyQuotaIsPerAccount() {
        try (EmbeddedMeridian server = EmbeddedMeridian.start(ServerConfiguration.builder().keyLimitPerRegion(1))) {
            client(server, ALICE).createKey(request -> { });
            assertKmsError(() -> client(server, ALICE).createKey(request -> { }), LimitExceededException.class,
                    "Key quota for this account in this region is 1 but the current usage is 1.");
            assertThat(client(server, BOB).createKey(request -> { }).keyMetadata().awsAccountId()).isEqualTo(BOB);
        }
    }

    @Test
    void withTheRuleOffEveryAccessKeyIsTheConfiguredAccounts() {
        try (EmbeddedMeridian server = EmbeddedMeridian.start(ServerConfiguration.builder().accountsFromAccessKeys(false))) {
            assertThat(client(server, ALICE).createKey(request -> { }).keyMetadata().awsAccountId()).isEqualTo(CONFIGURED);
        }
    }
}
