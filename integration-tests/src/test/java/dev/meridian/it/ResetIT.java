package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MeridianEndpoint;
import dev.meridian.testkit.MeridianExtension;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.GrantOperation;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * The reset for tests, over HTTP ({@code POST /_meridian/reset}) and through the test kit: every key
 * (single-Region, multi-Region with its replicas, AWS managed), alias, grant, tag and audit record gone in
 * every Region, the server still serving on the same port; a replication pending at the reset never lands;
 * requests under way leave a store that matches what the server shows; refused outside development mode.
 */
class ResetIT {
    private static final String EAST = "us-east-1";
    private static final String WEST = "us-west-2";
    private static final String SOUTH = "ap-south-1";
    private static final List<String> REGIONS = List.of(EAST, WEST, SOUTH);
    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @RegisterExtension
    static MeridianExtension meridian = MeridianExtension.builder().replicationDelay(DELAY).build();

    @AfterEach
    void wipe() {
        meridian.reset();
    }

    /** The keys {@link #fill()} made. */
    private record Filled(String single, String primary, String pending, String awsManaged) {
    }

    /**
     * Keys of every kind with what hangs on them, in three Regions: a single-Region key with an alias, a grant,
     * tags and a use; a multi-Region key replicated to {@value #WEST} with an alias and a grant on the replica; a
     * second one whose replica in {@value #SOUTH} is still {@code Creating}; an AWS managed key.
     */
    private static Filled fill() {
        KmsClient east = meridian.client(EAST);
        KmsClient west = meridian.client(WEST);
        String single = east.createKey(key -> key.tags(tag("team", "payments"))).keyMetadata().keyId();
        east.createAlias(alias -> alias.aliasName("alias/single").targetKeyId(single));
        east.createGrant(grant -> grant.keyId(single).granteePrincipal("arn:aws:iam::111122223333:role/app")
                .operations(GrantOperation.ENCRYPT));
        east.tagResource(tag -> tag.keyId(single).tags(tag("stage", "test")));
        east.encrypt(request -> request.keyId(single).plaintext(SdkBytes.fromUtf8String("used")));

        String primary = east.createKey(key -> key.multiRegion(true)).keyMetadata().keyId();
        east.replicateKey(replica -> replica.keyId(primary).replicaRegion(WEST));
        meridian.clock().advance(DELAY);
        meridian.server().runDueWork();
        assertThat(west.describeKey(key -> key.keyId(primary)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        west.createAlias(alias -> alias.aliasName("alias/replica").targetKeyId(primary));
        west.createGrant(grant -> grant.keyId(primary).granteePrincipal("arn:aws:iam::111122223333:role/app")
                .operations(GrantOperation.DECRYPT));

        String pending = east.createKey(key -> key.multiRegion(true)).keyMetadata().keyId();
        east.replicateKey(replica -> replica.keyId(pending).replicaRegion(SOUTH));
        assertThat(meridian.client(SOUTH).describeKey(key -> key.keyId(pending)).keyMetadata().keyState())
                .isEqualTo(KeyState.CREATING);

        String awsManaged = east.describeKey(key -> key.keyId("alias/aws/ebs")).keyMetadata().keyId();
        assertThat(keyIds(EAST)).containsExactlyInAnyOrder(single, primary, pending, awsManaged);
        assertThat(lookupEvents(EAST)).isNotEmpty();
        assertThat(lookupEvents(WEST)).isNotEmpty();
        return new Filled(single, primary, pending, awsManaged);
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().tagKey(key).tagValue(value).build();
    }

    private static Set<String> keyIds(String region) {
        return meridian.client(region).listKeysPaginator(request -> { }).keys().stream().map(KeyListEntry::keyId)
                .collect(Collectors.toSet());
    }

    private static List<String> lookupEvents(String region) {
        try (CloudTrailClient cloudTrail = AuditSupport.cloudTrail(meridian.endpoint().url(), region)) {
            List<String> names = new ArrayList<>();
            cloudTrail.lookupEventsPaginator(request -> { }).events().forEach(event -> names.add(event.eventName()));
            return names;
        }
    }

    /** Nothing left: no audit record (looked up first, before the checks make new ones), key, alias, grant. */
    private static void assertEverythingGone(Filled filled) {
        for (String region : REGIONS) {
            assertThat(lookupEvents(region)).as("audit records in %s", region).isEmpty();
        }
        for (String region : REGIONS) {
            KmsClient kms = meridian.client(region);
            assertThat(kms.listKeys().keys()).as("keys in %s", region).isEmpty();
            // Only AWS's predefined aliases remain, as in a new account: none points at a key.
            assertThat(kms.listAliases().aliases()).as("aliases in %s", region)
                    .allSatisfy(alias -> assertThat(alias.targetKeyId()).isNull())
                    .extracting(AliasListEntry::aliasName).allMatch(name -> name.startsWith("alias/aws/"));
        }
        KmsClient east = meridian.client(EAST);
        assertKmsError(() -> east.describeKey(key -> key.keyId(filled.single())), NotFoundException.class,
                "Key '" + KmsTestSupport.arn(EAST, filled.single()) + "' does not exist");
        assertKmsError(() -> east.listGrants(grants -> grants.keyId(filled.single())), NotFoundException.class,
                "Key '" + KmsTestSupport.arn(EAST, filled.single()) + "' does not exist");
        assertKmsError(() -> meridian.client(WEST).describeKey(key -> key.keyId(filled.primary())), NotFoundException.class,
                "Key '" + KmsTestSupport.arn(WEST, filled.primary()) + "' does not exist");
        assertKmsError(() -> east.describeKey(key -> key.keyId("alias/single")), NotFoundException.class,
                "Alias arn:aws:kms:us-east-1:111122223333:alias/single is not found.");

        // The server serves as before, on the same port: new keys, the same alias names, AWS managed keys again.
        String fresh = east.createKey().keyMetadata().keyId();
        east.createAlias(alias -> alias.aliasName("alias/single").targetKeyId(fresh));
        assertThat(east.describeKey(key -> key.keyId("alias/single")).keyMetadata().keyId()).isEqualTo(fresh);
        assertThat(east.describeKey(key -> key.keyId("alias/aws/ebs")).keyMetadata().keyId()).isNotEqualTo(filled.awsManaged());
    }

    private static HttpResponse<String> send(String method, MeridianEndpoint endpoint) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/_meridian/reset"))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aResetOverHttpWipesEverythingAndTheServerKeepsServing() throws Exception {
        Filled filled = fill();
        MeridianEndpoint endpoint = meridian.endpoint();
        HttpResponse<String> answer = send("POST", endpoint);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(answer.body()).isEqualTo("{\"reset\":true}");
        assertEverythingGone(filled);
        assertThat(meridian.endpoint()).isEqualTo(endpoint);
    }

    @Test
    void aResetThroughTheTestKitDoesTheSame() {
        Filled filled = fill();
        meridian.reset();
        assertEverythingGone(filled);
    }

    @Test
    void aReplicationPendingAtTheResetNeverLands() {
        KmsClient east = meridian.client(EAST);
        String keyId = east.createKey(key -> key.multiRegion(true)).keyMetadata().keyId();
        east.replicateKey(replica -> replica.keyId(keyId).replicaRegion(SOUTH));
        meridian.reset();

        meridian.clock().advance(DELAY.multipliedBy(2));
        meridian.server().runDueWork();
        for (String region : REGIONS) {
            assertThat(lookupEvents(region)).as("records (of a replication, say) in %s", region).isEmpty();
        }
        for (String region : REGIONS) {
            assertThat(meridian.client(region).listKeys().keys()).as("keys in %s", region).isEmpty();
        }
        assertKmsError(() -> meridian.client(SOUTH).describeKey(key -> key.keyId(keyId)), NotFoundException.class,
                "Key '" + KmsTestSupport.arn(SOUTH, keyId) + "' does not exist");
    }

    /**
     * Clients keep writing (keys, aliases, tags) through three resets. Whatever survives is whole: every alias
     * names a key that exists, and after a restart (which loads the store) the server shows exactly the same
     * keys and aliases as before it.
     */
    @Test
    void requestsUnderWayLeaveAStoreThatMatchesWhatTheServerShows() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        Set<Throwable> unexpected = ConcurrentHashMap.newKeySet();
        List<Thread> writers = new ArrayList<>();
        for (int number = 0; number < 2; number++) {
            String prefix = "alias/writer-" + number + "-";
            Thread writer = new Thread(() -> {
                KmsClient east = meridian.client(EAST);
                while (writing.get()) {
                    try {
                        String keyId = east.createKey().keyMetadata().keyId();
                        east.createAlias(alias -> alias.aliasName(prefix + System.nanoTime()).targetKeyId(keyId));
                        east.tagResource(tag -> tag.keyId(keyId).tags(tag("round", "r")));
                    } catch (NotFoundException e) {
                        // The key was wiped between two requests of this round: the right answer.
                    } catch (RuntimeException e) {
                        unexpected.add(e);
                    }
                }
            });
            writer.start();
            writers.add(writer);
        }
        try {
            for (int reset = 0; reset < 3; reset++) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> !keyIds(EAST).isEmpty());
                meridian.reset();
            }
        } finally {
            writing.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        assertThat(unexpected).isEmpty();
        KmsClient east = meridian.client(EAST);
        Set<String> keys = keyIds(EAST);
        List<AliasListEntry> aliases = east.listAliasesPaginator(request -> { }).aliases().stream()
                .filter(alias -> alias.targetKeyId() != null).toList();
        assertThat(aliases).allSatisfy(alias -> assertThat(keys).contains(alias.targetKeyId()));

        meridian.server().restart();
        KmsClient restarted = meridian.client(EAST);
        assertThat(restarted.listKeysPaginator(request -> { }).keys().stream().map(KeyListEntry::keyId)
                .collect(Collectors.toSet())).isEqualTo(keys);
        assertThat(restarted.listAliasesPaginator(request -> { }).aliases().stream()
                .filter(alias -> alias.targetKeyId() != null).toList()).containsExactlyInAnyOrderElementsOf(aliases);
    }

    @Test
    void onlyPostResets() throws Exception {
        String keyId = meridian.client(EAST).createKey().keyMetadata().keyId();
        HttpResponse<String> answer = send("GET", meridian.endpoint());
        assertThat(answer.statusCode()).isEqualTo(405);
        assertThat(answer.body()).isEqualTo("{\"message\":\"Use POST /_meridian/reset\"}");
        assertThat(keyIds(EAST)).containsExactly(keyId);
    }

    @Test
    void outsideDevelopmentModeAResetIsForbiddenAndChangesNothing() throws Exception {
        try (EmbeddedMeridian strict = EmbeddedMeridian.start(ServerConfiguration.builder().developmentMode(false));
                KmsClient kms = KmsTestSupport.client(strict.endpoint(), EAST)) {
            String keyId = kms.createKey().keyMetadata().keyId();
            HttpResponse<String> answer = send("POST", MeridianEndpoint.of(strict.endpoint()));
            assertThat(answer.statusCode()).isEqualTo(403);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(answer.body()).isEqualTo("{\"message\":\"A reset is only allowed in development mode\"}");
            assertThatThrownBy(strict::reset).isInstanceOf(IllegalStateException.class)
                    .hasMessage("A reset is only allowed in development mode");
            assertThat(kms.listKeys().keys()).extracting(KeyListEntry::keyId).containsExactly(keyId);
        }
    }
}
