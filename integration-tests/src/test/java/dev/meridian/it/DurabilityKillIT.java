package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.KeyListEntry;
import software.amazon.awssdk.services.kms.model.Tag;

/** kill -9 in the middle of acknowledged writes: whatever was acknowledged survives, nothing is half-written. */
class DurabilityKillIT {
    private static final String REGION = "eu-north-1";
    private static final int THREADS = 4;

    private record Encrypted(String keyId, SdkBytes ciphertext, String plaintext) {
    }

    /** What the server acknowledged before it died. */
    private static final class Acknowledged {
        final Queue<String> keys = new ConcurrentLinkedQueue<>();
        final Queue<Map.Entry<String, String>> aliases = new ConcurrentLinkedQueue<>();
        final Queue<Map.Entry<String, Tag>> tags = new ConcurrentLinkedQueue<>();
        final Queue<Encrypted> ciphertexts = new ConcurrentLinkedQueue<>();
        final AtomicInteger count = new AtomicInteger();
    }

    @TempDir
    Path folder;

    @Test
    void acknowledgedWritesSurviveAKillMidStream() throws Exception {
        Path dataDirectory = folder.resolve("data");
        Acknowledged acknowledged = new Acknowledged();
        ExecutorService writers = Executors.newFixedThreadPool(THREADS);
        try (ServerProcess first = ServerProcess.start(dataDirectory)) {
            List<Future<Throwable>> results = new java.util.ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int number = thread;
                results.add(writers.submit(() -> write(first.endpoint(), number, acknowledged)));
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> acknowledged.count.get() >= 60);
            first.kill();
            assertThat(first.isAlive()).isFalse();
            for (Future<Throwable> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).as("each writer stopped on a failed request").isNotNull();
            }
        } finally {
            writers.shutdownNow();
        }
        assertThat(acknowledged.keys).isNotEmpty();

        try (ServerProcess second = ServerProcess.start(dataDirectory);
                KmsClient client = KmsTestSupport.client(second.endpoint(), REGION)) {
            Set<String> listed = new HashSet<>();
            for (KeyListEntry key : client.listKeysPaginator(request -> { }).keys()) {
                listed.add(key.keyId());
            }
            assertThat(listed).containsAll(acknowledged.keys);
            for (String keyId : listed) {
                assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
                assertThat(client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromUtf8String("after")))
                        .ciphertextBlob()).isNotNull();
            }
            Map<String, String> aliases = new java.util.HashMap<>();
            for (AliasListEntry alias : client.listAliasesPaginator(request -> { }).aliases()) {
                if (alias.targetKeyId() == null) {
                    continue; // a predefined AWS alias whose key was never used
                }
                assertThat(alias.targetKeyId()).as(alias.aliasName()).isIn(listed);
                aliases.put(alias.aliasName(), alias.targetKeyId());
            }
            for (Map.Entry<String, String> alias : acknowledged.aliases) {
                assertThat(aliases).containsEntry(alias.getKey(), alias.getValue());
            }
            for (Map.Entry<String, Tag> tag : acknowledged.tags) {
                assertThat(client.listResourceTags(request -> request.keyId(tag.getKey())).tags()).contains(tag.getValue());
            }
            for (Encrypted encrypted : acknowledged.ciphertexts) {
                assertThat(client.decrypt(request -> request.ciphertextBlob(encrypted.ciphertext()).keyId(encrypted.keyId()))
                        .plaintext().asUtf8String()).isEqualTo(encrypted.plaintext());
            }
        }
    }

    /** Writes until a request fails; records each acknowledged write; returns the failure that stopped it. */
    private static Throwable write(String endpoint, int thread, Acknowledged acknowledged) {
        try (KmsClient client = KmsTestSupport.client(endpoint, REGION)) {
            for (int round = 0; ; round++) {
                String keyId = client.createKey(request -> { }).keyMetadata().keyId();
                acknowledged.keys.add(keyId);
                acknowledged.count.incrementAndGet();
                String alias = "alias/kill-" + thread + "-" + round;
                client.createAlias(request -> request.aliasName(alias).targetKeyId(keyId));
                acknowledged.aliases.add(Map.entry(alias, keyId));
                Tag tag = Tag.builder().tagKey("round").tagValue(thread + "-" + round).build();
                client.tagResource(request -> request.keyId(keyId).tags(tag));
                acknowledged.tags.add(Map.entry(keyId, tag));
                String plaintext = "secret " + thread + "-" + round;
                SdkBytes ciphertext = client.encrypt(request -> request.keyId(alias)
                        .plaintext(SdkBytes.fromUtf8String(plaintext))).ciphertextBlob();
                acknowledged.ciphertexts.add(new Encrypted(keyId, ciphertext, plaintext));
            }
        } catch (RuntimeException e) {
            return e;
        }
    }
}
