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
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The end of a deletion window (moved there with a {@link MovableClock}), and what survives a restart. The
 * tests of this class share one server and move its clock, so each looks only at its own keys.
 */
class LifecycleDeletionIT {
    private static final String REGION = "ca-central-1";
    private static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder()
                .replicationDelay(Duration.ZERO).clock(CLOCK));

    private static KmsClient client() {
        return kms.client(REGION);
    }

    private static void restart() {
        kms.server().restart();
        kms.resetClients();
    }

    private static String doesNotExist(String keyId) {
        return "Key '" + arn(REGION, keyId) + "' does not exist";
    }

    private static String aliasNotFound(String name) {
        return "Alias arn:aws:kms:" + REGION + ":" + ACCOUNT + ":" + name + " is not found.";
    }

    private static List<String> aliasNames() {
        return client().listAliases(request -> request.limit(1000)).aliases().stream().map(AliasListEntry::aliasName)
                .toList();
    }

    @Test
    void aKeyAndItsAliasesAreGoneAtTheEndOfTheWindowAndNotBefore() {
        String keyId = client().createKey(request -> { }).keyMetadata().keyId();
        String kept = client().createKey(request -> { }).keyMetadata().keyId();
        client().createAlias(request -> request.aliasName("alias/deleted-one").targetKeyId(keyId));
        client().createAlias(request -> request.aliasName("alias/deleted-two").targetKeyId(keyId));
        client().createAlias(request -> request.aliasName("alias/kept").targetKeyId(kept));
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));

        CLOCK.advance(Duration.ofDays(7).minusMinutes(5));
        kms.server().runDueWork();
        assertThat(client().describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.PENDING_DELETION);

        CLOCK.advance(Duration.ofMinutes(6));
        kms.server().runDueWork();
        assertKmsError(() -> client().describeKey(request -> request.keyId(keyId)), NotFoundException.class,
                doesNotExist(keyId));
        assertKmsError(() -> client().cancelKeyDeletion(request -> request.keyId(keyId)), NotFoundException.class,
                doesNotExist(keyId));
        assertKmsError(() -> client().describeKey(request -> request.keyId("alias/deleted-one")), NotFoundException.class,
                aliasNotFound("alias/deleted-one"));
        assertThat(aliasNames()).doesNotContain("alias/deleted-one", "alias/deleted-two").contains("alias/kept");
        assertThat(client().listKeys(request -> request.limit(1000)).keys()).noneMatch(key -> key.keyId().equals(keyId))
                .anyMatch(key -> key.keyId().equals(kept));
        assertThat(client().describeKey(request -> request.keyId("alias/kept")).keyMetadata().keyState())
                .isEqualTo(KeyState.ENABLED);
        // The name of a deleted alias is free again.
        client().createAlias(request -> request.aliasName("alias/deleted-one").targetKeyId(kept));
    }

    @Test
    void aCancelledDeletionDoesNotHappen() {
        String keyId = client().createKey(request -> { }).keyMetadata().keyId();
        client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7));
        client().cancelKeyDeletion(request -> request.keyId(keyId));

        CLOCK.advance(Duration.ofDays(8));
        kms.server().runDueWork();
        assertThat(client().describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.DISABLED);
    }

    @Test
    void aWindowThatEndedWhileTheServerWasDownEndsAtStart() {
        String keyId = client().createKey(request -> { }).keyMetadata().keyId();
        client().createAlias(request -> request.aliasName("alias/deleted-while-down").targetKeyId(keyId));
        Instant deletionDate = client().scheduleKeyDeletion(request -> request.keyId(keyId).pendingWindowInDays(7))
                .deletionDate();

        restart();
        KeyMetadata afterRestart = client().describeKey(request -> request.keyId(keyId)).keyMetadata();
        assertThat(afterRestart.keyState()).isEqualTo(KeyState.PENDING_DELETION);
        assertThat(afterRestart.deletionDate()).isEqualTo(deletionDate);

        CLOCK.advance(Duration.ofDays(7).plusMinutes(1));
        assertThat(client().describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.PENDING_DELETION);
        restart();
        // The server deletes what came due while it was down by itself, without runDueWork.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertKmsError(
                () -> client().describeKey(request -> request.keyId(keyId)), NotFoundException.class, doesNotExist(keyId)));
        assertThat(aliasNames()).doesNotContain("alias/deleted-while-down");
    }

    @Test
    void keysAliasesTagsPoliciesAndStatesSurviveARestart() {
        KeyMetadata enabled = client().createKey(request -> request.description("survivor")
                .tags(Tag.builder().tagKey("a").tagValue("1").build(), Tag.builder().tagKey("b").tagValue("").build()))
                .keyMetadata();
        KeyMetadata disabled = client().createKey(request -> request.policy(LifecycleIT.LOCKOUT_POLICY)
                .bypassPolicyLockoutSafetyCheck(true)).keyMetadata();
        client().disableKey(request -> request.keyId(disabled.keyId()));
        KeyMetadata pending = client().createKey(request -> { }).keyMetadata();
        KeyMetadata pendingBeforeScheduling = client().describeKey(request -> request.keyId(pending.keyId())).keyMetadata();
        client().scheduleKeyDeletion(request -> request.keyId(pending.keyId()).pendingWindowInDays(20));
        KeyMetadata scheduled = client().describeKey(request -> request.keyId(pending.keyId())).keyMetadata();
        client().createAlias(request -> request.aliasName("alias/survivor").targetKeyId(enabled.keyId()));
        AliasListEntry alias = client().listAliases(request -> request.keyId(enabled.keyId())).aliases().get(0);
        SdkBytes ciphertext = client().encrypt(request -> request.keyId("alias/survivor").plaintext(bytes("durable"))
                .encryptionContext(java.util.Map.of("purpose", "restart"))).ciphertextBlob();
        KeyMetadata disabledBefore = client().describeKey(request -> request.keyId(disabled.keyId())).keyMetadata();
        String defaultPolicy = client().getKeyPolicy(request -> request.keyId(enabled.keyId()).policyName("default"))
                .policy();

        restart();

        assertThat(client().describeKey(request -> request.keyId(enabled.keyId())).keyMetadata()).isEqualTo(enabled);
        assertThat(client().describeKey(request -> request.keyId(disabled.keyId())).keyMetadata()).isEqualTo(disabledBefore);
        assertThat(client().describeKey(request -> request.keyId(pending.keyId())).keyMetadata()).isEqualTo(scheduled);
        assertThat(pendingBeforeScheduling.keyState()).isEqualTo(KeyState.ENABLED);
        assertThat(client().listResourceTags(request -> request.keyId(enabled.keyId())).tags()).containsExactly(
                Tag.builder().tagKey("a").tagValue("1").build(), Tag.builder().tagKey("b").tagValue("").build());
        assertThat(client().listAliases(request -> request.keyId(enabled.keyId())).aliases()).containsExactly(alias);
        assertThat(client().getKeyPolicy(request -> request.keyId(enabled.keyId()).policyName("default")).policy())
                .isEqualTo(defaultPolicy);
        assertThat(client().getKeyPolicy(request -> request.keyId(disabled.keyId()).policyName("default")).policy())
                .isEqualTo(LifecycleIT.LOCKOUT_POLICY);
        assertThat(client().decrypt(request -> request.ciphertextBlob(ciphertext)
                .encryptionContext(java.util.Map.of("purpose", "restart"))).plaintext().asUtf8String()).isEqualTo("durable");
        assertThat(client().listKeys(request -> request.limit(1000)).keys()).extracting(key -> key.keyId())
                .contains(enabled.keyId(), disabled.keyId(), pending.keyId());
    }
}
