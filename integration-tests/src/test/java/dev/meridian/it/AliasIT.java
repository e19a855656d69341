package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.AlreadyExistsException;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.LimitExceededException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** CreateAlias, UpdateAlias, DeleteAlias, ListAliases, and using a key through its alias. */
class AliasIT {
    private static final String REGION = "eu-central-1";
    private static final String OTHER_REGION = "sa-east-1";
    private static final MovableClock CLOCK = new MovableClock();
    private static final String PREFIX_MESSAGE = "Alias must start with the prefix \"alias/\". Please see "
            + "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder()
                .replicationDelay(Duration.ZERO).clock(CLOCK));

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String newKey() {
        return client().createKey(request -> { }).keyMetadata().keyId();
    }

    private static String aliasArn(String region, String name) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":" + name;
    }

    private static List<AliasListEntry> aliasesOf(String keyId) {
        return client().listAliases(request -> request.keyId(keyId)).aliases();
    }

    @Test
    void anAliasEntryHasEveryMemberAndUpdateAliasChangesOnlyTheTargetAndLastUpdatedDate() {
        String first = newKey();
        String second = newKey();
        Instant before = CLOCK.instant().minusSeconds(1);
        client().createAlias(request -> request.aliasName("alias/entry").targetKeyId(arn(REGION, first)));

        AliasListEntry created = aliasesOf(first).get(0);
        assertThat(created.aliasName()).isEqualTo("alias/entry");
        assertThat(created.aliasArn()).isEqualTo(aliasArn(REGION, "alias/entry"));
        assertThat(created.targetKeyId()).isEqualTo(first);
        assertThat(created.creationDate()).isBetween(before, CLOCK.instant().plusSeconds(1));
        assertThat(created.lastUpdatedDate()).isEqualTo(created.creationDate());

        CLOCK.advance(Duration.ofHours(1));
        client().updateAlias(request -> request.aliasName("alias/entry").targetKeyId(second));
        assertThat(aliasesOf(first)).isEmpty();
        AliasListEntry updated = aliasesOf(second).get(0);
        assertThat(updated.aliasName()).isEqualTo("alias/entry");
        assertThat(updated.aliasArn()).isEqualTo(created.aliasArn());
        assertThat(updated.targetKeyId()).isEqualTo(second);
        assertThat(updated.creationDate()).isEqualTo(created.creationDate());
        assertThat(updated.lastUpdatedDate()).isAfterOrEqualTo(created.lastUpdatedDate().plus(Duration.ofHours(1)));
        assertThat(client().describeKey(request -> request.keyId("alias/entry")).keyMetadata().keyId()).isEqualTo(second);
    }

    @Test
    void encryptWorksThroughAnAliasNameAndAnAliasArn() {
        String keyId = newKey();
        client().createAlias(request -> request.aliasName("alias/crypto").targetKeyId(keyId));

        for (String name : new String[] {"alias/crypto", aliasArn(REGION, "alias/crypto")}) {
            var encrypted = client().encrypt(request -> request.keyId(name).plaintext(bytes("via alias")));
            assertThat(encrypted.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(client().decrypt(request -> request.ciphertextBlob(encrypted.ciphertextBlob()).keyId(name))
                    .plaintext().asUtf8String()).isEqualTo("via alias");
        }
    }

    @Test
    void anAliasNameIsTakenOncePerRegion() {
        String keyId = newKey();
        String other = newKey();
        client().createAlias(request -> request.aliasName("alias/unique").targetKeyId(keyId));

        assertKmsError(() -> client().createAlias(request -> request.aliasName("alias/unique").targetKeyId(other)),
                AlreadyExistsException.class, "An alias with the name " + aliasArn(REGION, "alias/unique") + " already exists");
        assertThat(aliasesOf(other)).isEmpty();

        // The same name in another Region is another alias, of a key of that Region.
        KmsClient elsewhere = kms.client(OTHER_REGION);
        String remoteKey = elsewhere.createKey(request -> { }).keyMetadata().keyId();
        elsewhere.createAlias(request -> request.aliasName("alias/unique").targetKeyId(remoteKey));
        assertThat(elsewhere.describeKey(request -> request.keyId("alias/unique")).keyMetadata().keyId()).isEqualTo(remoteKey);
        assertThat(client().describeKey(request -> request.keyId("alias/unique")).keyMetadata().keyId()).isEqualTo(keyId);
        assertThat(elsewhere.listAliases(request -> { }).aliases()).filteredOn(entry -> entry.targetKeyId() != null)
                .extracting(AliasListEntry::aliasArn).containsExactly(aliasArn(OTHER_REGION, "alias/unique"));
        // A key of another Region cannot be a target.
        assertKmsError(() -> elsewhere.createAlias(request -> request.aliasName("alias/cross").targetKeyId(keyId)),
                NotFoundException.class, "Key '" + arn(OTHER_REGION, keyId) + "' does not exist");
    }

    @Test
    void aliasNamesAreChecked() {
        String keyId = newKey();

        assertUndeclaredError(() -> client().createAlias(request -> request.aliasName("no-prefix").targetKeyId(keyId)),
                "ValidationException", PREFIX_MESSAGE);
        assertUndeclaredError(() -> client().updateAlias(request -> request.aliasName("no-prefix").targetKeyId(keyId)),
                "ValidationException", PREFIX_MESSAGE);
        assertUndeclaredError(() -> client().deleteAlias(request -> request.aliasName("no-prefix")),
                "ValidationException", PREFIX_MESSAGE);
        assertUndeclaredError(
                () -> client().createAlias(request -> request.aliasName("alias/aws/mine").targetKeyId(keyId)),
                "NotAuthorizedException", null);
        assertUndeclaredError(() -> client().createAlias(request -> request.aliasName("alias/bad name!").targetKeyId(keyId)),
                "ValidationException", "1 validation error detected: Value 'alias/bad name!' at 'aliasName' failed to "
                        + "satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9:/_-]+$");
        String tooLong = "alias/" + "a".repeat(251);
        assertUndeclaredError(() -> client().createAlias(request -> request.aliasName(tooLong).targetKeyId(keyId)),
                "ValidationException", "1 validation error detected: Value '" + tooLong + "' at 'aliasName' failed to "
                        + "satisfy constraint: Member must have length less than or equal to 256");
        assertUndeclaredError(() -> client().createAlias(request -> request.aliasName("alias/").targetKeyId(keyId)),
                "ValidationException", "alias/ contains invalid characters for an alias");
        assertThat(aliasesOf(keyId)).isEmpty();
    }

    @Test
    void theTargetMustBeAKeyNotAnAlias() {
        String keyId = newKey();
        client().createAlias(request -> request.aliasName("alias/target").targetKeyId(keyId));

        for (String target : new String[] {"alias/target", aliasArn(REGION, "alias/target")}) {
            assertUndeclaredError(() -> client().createAlias(request -> request.aliasName("alias/second").targetKeyId(target)),
                    "ValidationException", "Aliases must refer to keys. Not aliases");
            assertUndeclaredError(() -> client().updateAlias(request -> request.aliasName("alias/target").targetKeyId(target)),
                    "ValidationException", "Aliases must refer to keys. Not aliases");
        }
        String missing = "6d7c1a2b-0000-4000-8000-00000000abcd";
        assertKmsError(() -> client().createAlias(request -> request.aliasName("alias/second").targetKeyId(missing)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
        assertThat(aliasesOf(keyId)).extracting(AliasListEntry::aliasName).containsExactly("alias/target");
    }

    @Test
    void aMissingAliasIsNotFound() {
        String keyId = newKey();
        String message = "Alias " + aliasArn(REGION, "alias/missing") + " is not found.";

        assertKmsError(() -> client().deleteAlias(request -> request.aliasName("alias/missing")), NotFoundException.class,
                message);
        assertKmsError(() -> client().updateAlias(request -> request.aliasName("alias/missing").targetKeyId(keyId)),
                NotFoundException.class, message);
        assertKmsError(() -> client().encrypt(request -> request.keyId("alias/missing").plaintext(bytes("x"))),
                NotFoundException.class, message);
        assertKmsError(() -> client().describeKey(request -> request.keyId(aliasArn(REGION, "alias/missing"))),
                NotFoundException.class, message);
    }

    @Test
    void deleteAliasRemovesOnlyTheAlias() {
        String keyId = newKey();
        client().createAlias(request -> request.aliasName("alias/short-lived").targetKeyId(keyId));
        client().createAlias(request -> request.aliasName("alias/long-lived").targetKeyId(keyId));

        client().deleteAlias(request -> request.aliasName("alias/short-lived"));
        assertThat(aliasesOf(keyId)).extracting(AliasListEntry::aliasName).containsExactly("alias/long-lived");
        assertKmsError(() -> client().describeKey(request -> request.keyId("alias/short-lived")), NotFoundException.class,
                "Alias " + aliasArn(REGION, "alias/short-lived") + " is not found.");
        assertKmsError(() -> client().deleteAlias(request -> request.aliasName("alias/short-lived")),
                NotFoundException.class, "Alias " + aliasArn(REGION, "alias/short-lived") + " is not found.");
        assertThat(client().describeKey(request -> request.keyId(keyId)).keyMetadata().enabled()).isTrue();
    }

    @Test
    void aKeyPendingDeletionCannotGainAliasesButCanLoseThem() {
        String keyId = newKey();
        String other = newKey();
        client().createAlias(request -> request.aliasName("alias/on-pending").targetKeyId(keyId));
        client().createAlias(request -> request.aliasName("alias/to-pending").targetKeyId(other));
        client().scheduleKeyDeletion(request -> request.keyId(keyId));
        String pending = arn(REGION, keyId) + " is pending deletion.";

        assertKmsError(() -> client().createAlias(request -> request.aliasName("alias/new-on-pending").targetKeyId(keyId)), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().updateAlias(request -> request.aliasName("alias/to-pending").targetKeyId(keyId)), KmsInvalidStateException.class,
                pending);
        assertThat(aliasesOf(keyId)).extracting(AliasListEntry::aliasName).containsExactly("alias/on-pending");
        client().updateAlias(request -> request.aliasName("alias/on-pending").targetKeyId(other));
        assertThat(aliasesOf(other)).extracting(AliasListEntry::aliasName)
                .containsExactly("alias/on-pending", "alias/to-pending");
        client().createAlias(request -> request.aliasName("alias/again-on-pending").targetKeyId(newKey()));
        client().deleteAlias(request -> request.aliasName("alias/again-on-pending"));
    }

    @Test
    void aKeyHasAtMostFiftyAliases() {
        String keyId = newKey();
        for (int i = 0; i < 50; i++) {
            String name = String.format("alias/quota-%02d", i);
            client().createAlias(request -> request.aliasName(name).targetKeyId(keyId));
        }
        String other = newKey();
        client().createAlias(request -> request.aliasName("alias/quota-other").targetKeyId(other));

        String message = "Aliases per key quota for this account in this region is 50, current usage is 50.";
        assertKmsError(() -> client().createAlias(request -> request.aliasName("alias/quota-50").targetKeyId(keyId)),
                LimitExceededException.class, message);
        assertKmsError(() -> client().updateAlias(request -> request.aliasName("alias/quota-other").targetKeyId(keyId)),
                LimitExceededException.class, message);
        assertThat(client().listAliases(request -> request.keyId(keyId).limit(100)).aliases()).hasSize(50);

        client().deleteAlias(request -> request.aliasName("alias/quota-00"));
        client().createAlias(request -> request.aliasName("alias/quota-50").targetKeyId(keyId));
        assertThat(client().listAliases(request -> request.keyId(keyId).limit(100)).aliases()).hasSize(50);
    }

    @Test
    void listAliasesFiltersByKeyIdOrArn() {
        String keyId = newKey();
        String other = newKey();
        client().createAlias(request -> request.aliasName("alias/filter-b").targetKeyId(keyId));
        client().createAlias(request -> request.aliasName("alias/filter-a").targetKeyId(keyId));
        client().createAlias(request -> request.aliasName("alias/filter-c").targetKeyId(other));

        assertThat(aliasesOf(keyId)).extracting(AliasListEntry::aliasName).containsExactly("alias/filter-a", "alias/filter-b");
        assertThat(aliasesOf(arn(REGION, keyId))).extracting(AliasListEntry::aliasName)
                .containsExactly("alias/filter-a", "alias/filter-b");
        assertThat(aliasesOf(newKey())).isEmpty();
        assertThat(client().listAliases(request -> request.limit(1000)).aliases()).extracting(AliasListEntry::aliasName)
                .contains("alias/filter-a", "alias/filter-b", "alias/filter-c");
        String missing = "6d7c1a2b-0000-4000-8000-00000000dcba";
        assertKmsError(() -> client().listAliases(request -> request.keyId(missing)), NotFoundException.class,
                "Key '" + arn(REGION, missing) + "' does not exist");
    }
}
