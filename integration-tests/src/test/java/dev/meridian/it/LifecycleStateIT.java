package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.CancelKeyDeletionResponse;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.InvalidArnException;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.ScheduleKeyDeletionResponse;

/** EnableKey, DisableKey, UpdateKeyDescription, ScheduleKeyDeletion, CancelKeyDeletion and what each state allows. */
class LifecycleStateIT {
    private static final String REGION = "ap-southeast-2";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static String newKey() {
        return client().createKey(request -> { }).keyMetadata().keyId();
    }

    private static KeyMetadata describe(String keyId) {
        return client().describeKey(request -> request.keyId(keyId)).keyMetadata();
    }

    @Test
    void disableAndEnableMoveTheStateAndTheEnabledFlagTogether() {
        String keyId = newKey();
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("kept"))).ciphertextBlob();

        client().disableKey(request -> request.keyId(keyId));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(describe(keyId).enabled()).isFalse();
        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))),
                DisabledException.class, arn(REGION, keyId) + " is disabled.");
        assertKmsError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext)),
                DisabledException.class, arn(REGION, keyId) + " is disabled.");
        client().disableKey(request -> request.keyId(arn(REGION, keyId)));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.DISABLED);

        client().enableKey(request -> request.keyId(arn(REGION, keyId)));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(describe(keyId).enabled()).isTrue();
        assertThat(client().decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                .isEqualTo("kept");
    }

    @Test
    void updateKeyDescriptionChangesOnlyTheDescription() {
        KeyMetadata before = client().createKey(request -> request.description("old")).keyMetadata();
        client().updateKeyDescription(request -> request.keyId(before.keyId()).description("new"));
        assertThat(describe(before.keyId())).isEqualTo(before.toBuilder().description("new").build());

        client().disableKey(request -> request.keyId(before.keyId()));
        client().updateKeyDescription(request -> request.keyId(before.arn()).description(""));
        assertThat(describe(before.keyId()).description()).isEmpty();
    }

    @Test
    void scheduleKeyDeletionDefaultsToThirtyDays() {
        String keyId = newKey();
        Instant before = Instant.now();
        ScheduleKeyDeletionResponse response = client().scheduleKeyDeletion(request -> request.keyId(keyId));

        assertThat(response.keyId()).isEqualTo(arn(REGION, keyId));
        assertThat(response.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(response.pendingWindowInDays()).isEqualTo(30);
        assertThat(response.deletionDate()).isBetween(before.plus(Duration.ofDays(30)).minusSeconds(1),
                Instant.now().plus(Duration.ofDays(30)).plusSeconds(1));
        KeyMetadata metadata = describe(keyId);
        assertThat(metadata.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(metadata.enabled()).isFalse();
        assertThat(metadata.deletionDate()).isEqualTo(response.deletionDate());
        assertThat(metadata.pendingDeletionWindowInDays()).isNull();
    }

    @Test
    void scheduleKeyDeletionTakesSevenToThirtyDays() {
        String keyId = newKey();
        for (int days : new int[] {1, 6, 31, 365}) {
            assertUndeclaredError(() -> client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(days)),
                    "ValidationException", "PendingWindowInDays must be between 7 and 30");
        }
        assertUndeclaredError(() -> client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(0)),
                "ValidationException", "1 validation error detected: Value '0' at 'pendingWindowInDays' failed to "
                        + "satisfy constraint: Member must have value greater than or equal to 1");
        assertUndeclaredError(() -> client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(366)),
                "ValidationException", "1 validation error detected: Value '366' at 'pendingWindowInDays' failed to "
                        + "satisfy constraint: Member must have value less than or equal to 365");
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);

        assertThat(client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7))
                .pendingWindowInDays()).isEqualTo(7);
        String other = newKey();
        ScheduleKeyDeletionResponse thirty = client().scheduleKeyDeletion(request -> request.keyId(other)
                .pendingWindowInDays(30));
        assertThat(thirty.pendingWindowInDays()).isEqualTo(30);
    }

    @Test
    void aKeyPendingDeletionRefusesUseAndMostManagement() {
        String keyId = newKey();
        SdkBytes ciphertext = client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))).ciphertextBlob();
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        String pending = arn(REGION, keyId) + " is pending deletion.";

        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().decrypt(request -> request.ciphertextBlob(ciphertext)), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().generateDataKey(request -> request.keyId(keyId).numberOfBytes(32)), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().enableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, pending);
        assertKmsError(() -> client().disableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, pending);
        assertKmsError(() -> client().updateKeyDescription(request -> request.keyId(keyId).description("d")), KmsInvalidStateException.class,
                pending);
        assertKmsError(() -> client().scheduleKeyDeletion(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                pending);
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.PENDING_DELETION);
    }

    @Test
    void cancelKeyDeletionLeavesTheKeyDisabled() {
        String keyId = newKey();
        client().scheduleKeyDeletion(request -> request.keyId(keyId));

        CancelKeyDeletionResponse response = client().cancelKeyDeletion(request -> request.keyId(keyId));
        assertThat(response.keyId()).isEqualTo(arn(REGION, keyId));
        KeyMetadata metadata = describe(keyId);
        assertThat(metadata.keyState()).isEqualTo(KeyState.DISABLED);
        assertThat(metadata.enabled()).isFalse();
        assertThat(metadata.deletionDate()).isNull();
        assertThat(LifecycleIT.presentMembers(metadata)).containsExactlyInAnyOrderElementsOf(LifecycleIT.SINGLE_REGION_MEMBERS);

        assertKmsError(() -> client().cancelKeyDeletion(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is not pending deletion.");
        client().enableKey(request -> request.keyId(keyId));
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
        assertKmsError(() -> client().cancelKeyDeletion(request -> request.keyId(keyId)), KmsInvalidStateException.class,
                arn(REGION, keyId) + " is not pending deletion.");
    }

    @Test
    void aKeyPendingImportRefusesUseAndEnableDisable() {
        String keyId = client().createKey(request -> request.origin(OriginType.EXTERNAL)).keyMetadata().keyId();
        String pendingImport = arn(REGION, keyId) + " is pending import.";

        assertKmsError(() -> client().encrypt(request -> request.keyId(keyId).plaintext(bytes("x"))), KmsInvalidStateException.class,
                pendingImport);
        assertKmsError(() -> client().enableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, pendingImport);
        assertKmsError(() -> client().disableKey(request -> request.keyId(keyId)), KmsInvalidStateException.class, pendingImport);
        client().updateKeyDescription(request -> request.keyId(keyId).description("waiting for material"));
        assertThat(describe(keyId).description()).isEqualTo("waiting for material");
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
    }

    @Test
    void managementOperationsRefuseAliases() {
        String keyId = newKey();
        client().createAlias(request -> request.aliasName("alias/state-managed").targetKeyId(keyId));
        String aliasArn = "arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":alias/state-managed";

        for (String alias : new String[] {"alias/state-managed", aliasArn}) {
            String invalid = "Key Aliases are not supported for this operation.";
            assertKmsError(() -> client().disableKey(request -> request.keyId(alias)), InvalidArnException.class, invalid);
            assertKmsError(() -> client().enableKey(request -> request.keyId(alias)), InvalidArnException.class, invalid);
            assertKmsError(() -> client().updateKeyDescription(request -> request.keyId(alias).description("d")),
                    InvalidArnException.class, invalid);
            assertKmsError(() -> client().scheduleKeyDeletion(request -> request.keyId(alias)),
                    InvalidArnException.class, invalid);
            assertKmsError(() -> client().cancelKeyDeletion(request -> request.keyId(alias)),
                    InvalidArnException.class, invalid);
        }
        assertThat(describe(keyId).keyState()).isEqualTo(KeyState.ENABLED);
    }

    @Test
    void operationsOnAMissingKeySayItDoesNotExist() {
        String missing = "0f5e8a49-1234-4c1d-9e2f-000000000001";
        String message = "Key '" + arn(REGION, missing) + "' does not exist";
        assertKmsError(() -> client().enableKey(request -> request.keyId(missing)), NotFoundException.class, message);
        assertKmsError(() -> client().scheduleKeyDeletion(request -> request.keyId(missing)), NotFoundException.class,
                message);
        assertKmsError(() -> client().cancelKeyDeletion(request -> request.keyId(missing)), NotFoundException.class,
                message);
    }
}
