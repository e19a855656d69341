package dev.meridian.it;

import static dev.meridian.it.GrantIT.GRANTEE;
import static dev.meridian.it.GrantIT.grant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GrantListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyState;

/** Grants are per key and per Region, survive a restart, and go with their key at the end of its deletion window. */
class GrantRegionsIT {
    private static final String PRIMARY = "us-west-1";
    private static final String REPLICA = "ap-northeast-1";
    private static final MovableClock CLOCK = new MovableClock();
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder()
            .replicationDelay(Duration.ZERO).clock(CLOCK));

    private static KmsClient client(String region) {
        return kms.client(region);
    }

    private static List<String> grantIds(String region, String keyId) {
        return client(region).listGrants(request -> request.keyId(keyId)).grants().stream()
                .map(GrantListEntry::grantId).toList();
    }

    @Test
    void aReplicaHasGrantsOfItsOwn() {
        String keyId = MultiRegionSupport.createPrimary(client(PRIMARY));
        String onPrimary = grant(client(PRIMARY), keyId, GrantOperation.ENCRYPT).grantId();
        client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> MultiRegionSupport.state(kms, REPLICA, keyId) == KeyState.ENABLED);

        assertThat(grantIds(REPLICA, keyId)).isEmpty();
        var onReplica = grant(client(REPLICA), keyId, GrantOperation.DECRYPT);
        assertThat(grantIds(REPLICA, keyId)).containsExactly(onReplica.grantId());
        assertThat(grantIds(PRIMARY, keyId)).containsExactly(onPrimary);
        assertThat(client(REPLICA).listGrants(request -> request.keyId(keyId)).grants().get(0).keyId())
                .isEqualTo(KmsTestSupport.arn(REPLICA, keyId));

        client(REPLICA).retireGrant(request -> request.grantToken(onReplica.grantToken()));
        assertThat(grantIds(REPLICA, keyId)).isEmpty();
        assertThat(grantIds(PRIMARY, keyId)).containsExactly(onPrimary);
    }

    @Test
    void grantsSurviveARestartAndGoWithTheirKey() {
        String kept = kms.createKey(PRIMARY);
        String deleted = kms.createKey(PRIMARY);
        String retiree = "arn:aws:iam::" + KmsTestSupport.ACCOUNT + ":role/restart-retiree";
        var keptGrant = client(PRIMARY).createGrant(request -> request.keyId(kept).granteePrincipal(GRANTEE)
                .retiringPrincipal(retiree).name("kept").operations(GrantOperation.ENCRYPT, GrantOperation.DECRYPT)
                .constraints(constraints -> constraints.encryptionContextEquals(java.util.Map.of("k", "v"))));
        client(PRIMARY).createGrant(request -> request.keyId(deleted).granteePrincipal(GRANTEE)
                .retiringPrincipal(retiree).operations(GrantOperation.ENCRYPT));
        GrantListEntry before = client(PRIMARY).listGrants(request -> request.keyId(kept)).grants().get(0);
        client(PRIMARY).scheduleKeyDeletion(request -> request.keyId(deleted).pendingWindowInDays(7));

        kms.server().restart();
        kms.resetClients();
        assertThat(client(PRIMARY).listGrants(request -> request.keyId(kept)).grants()).containsExactly(before);
        assertThat(client(PRIMARY).listGrants(request -> request.keyId(deleted)).grants()).hasSize(1);

        CLOCK.advance(Duration.ofDays(8));
        kms.server().runDueWork();
        assertThat(client(PRIMARY).listRetirableGrants(request -> request.retiringPrincipal(retiree)).grants())
                .extracting(GrantListEntry::grantId).containsExactly(keptGrant.grantId());
        kms.server().restart();
        kms.resetClients();
        assertThat(client(PRIMARY).listRetirableGrants(request -> request.retiringPrincipal(retiree)).grants())
                .extracting(GrantListEntry::grantId).containsExactly(keptGrant.grantId());
        client(PRIMARY).retireGrant(request -> request.grantToken(keptGrant.grantToken()));
        assertThat(client(PRIMARY).listGrants(request -> request.keyId(kept)).grants()).isEmpty();
    }
}
