package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CreateGrantResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.ListGrantsResponse;

/** The grant lifecycle: CreateGrant (with Name idempotency), ListGrants, ListRetirableGrants, RetireGrant, RevokeGrant. */
class GrantIT {
    static final String REGION = "eu-west-1";
    static final String GRANTEE = "arn:aws:iam::" + ACCOUNT + ":role/grantee";
    static final String RETIREE = "arn:aws:iam::" + ACCOUNT + ":role/retiree";
    private static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder()
            .replicationDelay(Duration.ZERO).clock(CLOCK));

    private static KmsClient client() {
        return kms.client(REGION);
    }

    static CreateGrantResponse grant(KmsClient client, String keyId, GrantOperation... operations) {
        return client.createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE).operations(operations));
    }

    /** How many grants a key of the client's Region has. */
    static int grantCount(KmsClient client, String keyId) {
        return client.listGrants(request -> request.keyId(keyId)).grants().size();
    }

    private static List<GrantListEntry> grantsOf(String keyId) {
        return client().listGrants(request -> request.keyId(keyId)).grants();
    }

    @Test
    void aGrantListEntryHasEveryMemberTheRequestGave() {
        String keyId = kms.createKey(REGION);
        Instant before = CLOCK.instant().minusSeconds(1);
        CreateGrantResponse created = client().createGrant(request -> request.keyId(arn(REGION, keyId))
                .granteePrincipal(GRANTEE).retiringPrincipal(RETIREE).name("entry-grant")
                .operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT, GrantOperation.DESCRIBE_KEY)
                .constraints(constraints -> constraints.encryptionContextSubset(Map.of("tenant", "a", "app", "b"))));

        assertThat(created.grantId()).matches("[0-9a-f]{64}");
        assertThat(created.grantToken()).isNotBlank();
        GrantListEntry entry = grantsOf(keyId).get(0);
        assertThat(entry.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(entry.grantId()).isEqualTo(created.grantId());
        assertThat(entry.name()).isEqualTo("entry-grant");
        assertThat(entry.creationDate()).isBetween(before, CLOCK.instant().plusSeconds(1));
        assertThat(entry.granteePrincipal()).isEqualTo(GRANTEE);
        assertThat(entry.retiringPrincipal()).isEqualTo(RETIREE);
        assertThat(entry.issuingAccount()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":root");
        assertThat(entry.operations()).containsExactly(GrantOperation.DECRYPT, GrantOperation.ENCRYPT,
                GrantOperation.DESCRIBE_KEY);
        assertThat(entry.constraints().encryptionContextSubset()).isEqualTo(Map.of("tenant", "a", "app", "b"));
        assertThat(entry.constraints().encryptionContextEquals()).isEmpty();
        assertThat(entry.constraints().hasEncryptionContextEquals()).isFalse();
    }

    @Test
    void aGrantWithoutOptionalMembersListsWithoutThem() {
        String keyId = kms.createKey(REGION);
        grant(client(), keyId, GrantOperation.ENCRYPT);

        GrantListEntry entry = grantsOf(keyId).get(0);
        assertThat(entry.name()).isNull();
        assertThat(entry.retiringPrincipal()).isNull();
        assertThat(entry.hasOperations()).isTrue();
        assertThat(entry.constraints()).isNull();
    }

    @Test
    void aNamedRequestRepeatedWithTheSameParametersReturnsTheSameGrantWithANewToken() {
        String keyId = kms.createKey(REGION);
        CreateGrantResponse first = client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .name("retry-safe").operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
        CreateGrantResponse again = client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .name("retry-safe").operations(GrantOperation.DECRYPT, GrantOperation.ENCRYPT));

        assertThat(again.grantId()).isEqualTo(first.grantId());
        assertThat(again.grantToken()).isNotEqualTo(first.grantToken());
        assertThat(grantsOf(keyId)).hasSize(1);

        CreateGrantResponse different = client().createGrant(request -> request.keyId(keyId)
                .granteePrincipal(GRANTEE).name("retry-safe").operations(GrantOperation.ENCRYPT));
        assertThat(different.grantId()).isNotEqualTo(first.grantId());
        assertThat(grantsOf(keyId)).hasSize(2);

        String otherKey = kms.createKey(REGION);
        CreateGrantResponse onOtherKey = client().createGrant(request -> request.keyId(otherKey)
                .granteePrincipal(GRANTEE).name("retry-safe").operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT));
        assertThat(onOtherKey.grantId()).isNotEqualTo(first.grantId());
    }

    @Test
    void withoutANameEveryRequestMakesANewGrant() {
        String keyId = kms.createKey(REGION);
        String first = grant(client(), keyId, GrantOperation.ENCRYPT).grantId();
        String second = grant(client(), keyId, GrantOperation.ENCRYPT).grantId();

        assertThat(first).isNotEqualTo(second);
        assertThat(grantsOf(keyId)).extracting(GrantListEntry::grantId).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void retireByTokenRetireByKeyAndIdAndRevokeEachRemoveOneGrant() {
        String keyId = kms.createKey(REGION);
        CreateGrantResponse byToken = grant(client(), keyId, GrantOperation.ENCRYPT);
        CreateGrantResponse byId = grant(client(), keyId, GrantOperation.DECRYPT);
        CreateGrantResponse revoked = grant(client(), keyId, GrantOperation.GENERATE_DATA_KEY);
        CreateGrantResponse kept = grant(client(), keyId, GrantOperation.DESCRIBE_KEY);

        client().retireGrant(request -> request.grantToken(byToken.grantToken()));
        client().retireGrant(request -> request.keyId(arn(REGION, keyId)).grantId(byId.grantId()));
        client().revokeGrant(request -> request.keyId(keyId).grantId(revoked.grantId()));

        assertThat(grantsOf(keyId)).extracting(GrantListEntry::grantId).containsExactly(kept.grantId());
    }

    @Test
    void grantsOfAKeyPendingDeletionCanBeListedRetiredAndRevoked() {
        String keyId = kms.createKey(REGION);
        CreateGrantResponse first = grant(client(), keyId, GrantOperation.ENCRYPT);
        CreateGrantResponse second = grant(client(), keyId, GrantOperation.DECRYPT);
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));

        assertThat(grantsOf(keyId)).hasSize(2);
        client().retireGrant(request -> request.grantToken(first.grantToken()));
        client().revokeGrant(request -> request.keyId(keyId).grantId(second.grantId()));
        assertThat(grantsOf(keyId)).isEmpty();
    }

    @Test
    void aDisabledKeyRefusesNewGrants() {
        String keyId = kms.createKey(REGION);
        client().disableKey(request -> request.keyId(keyId));

        assertKmsError(() -> grant(client(), keyId, GrantOperation.ENCRYPT), DisabledException.class,
                arn(REGION, keyId) + " is disabled.");
        assertThat(grantsOf(keyId)).isEmpty();
    }

    @Test
    void listGrantsFiltersByGrantIdAndGranteeAndPagesInGrantIdOrder() {
        String keyId = kms.createKey(REGION);
        String other = "arn:aws:iam::" + ACCOUNT + ":user/other";
        String own = grant(client(), keyId, GrantOperation.ENCRYPT).grantId();
        String others = client().createGrant(request -> request.keyId(keyId).granteePrincipal(other)
                .operations(GrantOperation.DECRYPT)).grantId();
        for (int i = 0; i < 3; i++) {
            grant(client(), keyId, GrantOperation.DECRYPT);
        }

        assertThat(client().listGrants(request -> request.keyId(keyId).grantId(others)).grants())
                .extracting(GrantListEntry::grantId).containsExactly(others);
        assertThat(client().listGrants(request -> request.keyId(keyId).grantId("0".repeat(64))).grants()).isEmpty();
        assertThat(client().listGrants(request -> request.keyId(keyId).granteePrincipal(other)).grants())
                .extracting(GrantListEntry::grantId).containsExactly(others);
        assertThat(client().listGrants(request -> request.keyId(keyId).granteePrincipal(GRANTEE)).grants())
                .hasSize(4).extracting(GrantListEntry::grantId).contains(own);

        ListGrantsResponse first = client().listGrants(request -> request.keyId(keyId).limit(2));
        ListGrantsResponse second = client().listGrants(request -> request.keyId(keyId).limit(2).marker(first.nextMarker()));
        ListGrantsResponse third = client().listGrants(request -> request.keyId(keyId).limit(2).marker(second.nextMarker()));
        assertThat(first.truncated()).isTrue();
        assertThat(second.truncated()).isTrue();
        assertThat(third.truncated()).isFalse();
        assertThat(third.nextMarker()).isNull();
        List<String> paged = java.util.stream.Stream.of(first, second, third)
                .flatMap(page -> page.grants().stream()).map(GrantListEntry::grantId).toList();
        assertThat(paged).hasSize(5).isSorted();
    }

    @Test
    void listRetirableGrantsFindsTheRetiringPrincipalsGrantsOnEveryKeyOfTheRegion() {
        String retiree = "arn:aws:iam::" + ACCOUNT + ":role/retirable-lister";
        String first = kms.createKey(REGION);
        String second = kms.createKey(REGION);
        String onFirst = client().createGrant(request -> request.keyId(first).granteePrincipal(GRANTEE)
                .retiringPrincipal(retiree).operations(GrantOperation.ENCRYPT)).grantId();
        String onSecond = client().createGrant(request -> request.keyId(second).granteePrincipal(GRANTEE)
                .retiringPrincipal(retiree).operations(GrantOperation.DECRYPT)).grantId();
        grant(client(), second, GrantOperation.DECRYPT);
        String elsewhere = kms.createKey("ap-south-1");
        kms.client("ap-south-1").createGrant(request -> request.keyId(elsewhere).granteePrincipal(GRANTEE)
                .retiringPrincipal(retiree).operations(GrantOperation.DECRYPT));

        List<GrantListEntry> retirable = client().listRetirableGrants(request -> request.retiringPrincipal(retiree))
                .grants();
        assertThat(retirable).extracting(GrantListEntry::grantId).containsExactlyInAnyOrder(onFirst, onSecond);

        var page = client().listRetirableGrants(request -> request.retiringPrincipal(retiree).limit(1));
        var rest = client().listRetirableGrants(request -> request.retiringPrincipal(retiree).limit(1)
                .marker(page.nextMarker()));
        assertThat(page.truncated()).isTrue();
        assertThat(rest.truncated()).isFalse();
        assertThat(List.of(page.grants().get(0).grantId(), rest.grants().get(0).grantId()))
                .containsExactlyInAnyOrder(onFirst, onSecond);
    }

    @Test
    void aGrantTokenIsAcceptedByTheOperationsThatTakeGrantTokens() {
        String keyId = kms.createKey(REGION);
        String token = grant(client(), keyId, GrantOperation.ENCRYPT, GrantOperation.DECRYPT).grantToken();

        var encrypted = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("with a token"))
                .grantTokens(token));
        assertThat(client().decrypt(request -> request.ciphertextBlob(encrypted.ciphertextBlob()).grantTokens(token))
                .plaintext().asUtf8String()).isEqualTo("with a token");
        assertThat(client().describeKey(request -> request.keyId(keyId).grantTokens(token)).keyMetadata().keyId())
                .isEqualTo(keyId);
        client().generateDataKey(request -> request.keyId(keyId).numberOfBytes(16).grantTokens(token, token));
        client().createGrant(request -> request.keyId(keyId).granteePrincipal(GRANTEE)
                .operations(GrantOperation.ENCRYPT).grantTokens(token));
    }
}
