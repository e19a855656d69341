package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.meridian.app.MeridianServer;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.audit.sqlite.SqliteAuditStore;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MovableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.Event;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The operator's endpoints on the KMS port, over plain HTTP: liveness, readiness (503 while the audit queue
 * is full), and Prometheus metrics that count what the AWS SDK's calls did, with the outbox of a replication
 * under way; nothing secret in them, none of them audited, and every other GET still refused.
 */
class HealthAndMetricsIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private record Answer(int status, String contentType, String body) {
    }

    private static Answer get(EmbeddedMeridian server, String path) {
        return send(HttpRequest.newBuilder(URI.create(server.endpoint() + path)).GET().build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String metrics(EmbeddedMeridian server) {
        Answer answer = get(server, "/metrics");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        return answer.body();
    }

    @Test
    void liveAndReadyAre200AndNeitherIsAudited() {
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start());
                CloudTrailClient trail = AuditSupport.cloudTrail(kms.server().endpoint(), "us-east-1")) {
            kms.client("us-east-1").createKey(request -> { });
            Answer live = get(kms.server(), "/health/live");
            assertThat(live).isEqualTo(new Answer(200, "application/json", "{\"status\":\"live\"}"));
            Answer ready = get(kms.server(), "/health/ready");
            assertThat(ready).isEqualTo(new Answer(200, "application/json",
                    "{\"status\":\"ready\",\"checks\":{\"store\":\"open\",\"auditQueue\":\"admitting\"}}"));
            assertThat(get(kms.server(), "/metrics?name[]=meridian_requests_total").status()).as("a query is ignored").isEqualTo(200);

            List<Event> events = AuditSupport.lookup(trail, LookupAttributeKey.EVENT_SOURCE, "kms.amazonaws.com");
            assertThat(AuditSupport.names(events)).containsExactly("CreateKey");
        }
    }

    @Test
    void otherGetsAndOtherMethodsOnThesePathsStillGoToTheKmsDispatch() {
        try (EmbeddedMeridian server = EmbeddedMeridian.start()) {
            for (String path : new String[] {"/", "/health", "/health/live/", "/metric", "/HEALTH/LIVE"}) {
                Answer answer = get(server, path);
                assertThat(answer.status()).as(path).isEqualTo(404);
                assertThat(answer.body()).as(path).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
            }
            Answer post = send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/metrics"))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
            assertThat(post.status()).isEqualTo(400);
            assertThat(post.body()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
            Answer delete = send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/health/ready")).DELETE().build());
            assertThat(delete.status()).isEqualTo(404);
            assertThat(delete.body()).isEqualTo("{\"__type\":\"UnknownOperationException\"}");
        }
    }

    @Test
    void requestsAreCountedByOperationRegionAndOutcomeWithTheirLatencyAndNothingSecret() {
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start())) {
            KmsClient east = kms.client("us-east-1");
            String keyId = east.createKey(request -> { }).keyMetadata().keyId();
            String plaintext = "the plaintext nobody may see";
            SdkBytes ciphertext = null;
            for (int number = 0; number < 3; number++) {
                ciphertext = east.encrypt(request -> request.keyId(keyId).plaintext(KmsTestSupport.bytes(plaintext)))
                        .ciphertextBlob();
            }
            SdkBytes dataKey = east.generateDataKey(request -> request.keyId(keyId).numberOfBytes(32)).plaintext();
            KmsClient west = kms.client("eu-west-1");
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(NotFoundException.class,
                    () -> west.describeKey(request -> request.keyId(keyId)))).isNotNull();

            String metrics = metrics(kms.server());
            assertThat(metrics)
                    .contains("meridian_requests_total{operation=\"CreateKey\",outcome=\"ok\",region=\"us-east-1\"} 1.0\n")
                    .contains("meridian_requests_total{operation=\"Encrypt\",outcome=\"ok\",region=\"us-east-1\"} 3.0\n")
                    .contains("meridian_requests_total{operation=\"GenerateDataKey\",outcome=\"ok\",region=\"us-east-1\"} 1.0\n")
                    .contains("meridian_requests_total{operation=\"DescribeKey\",outcome=\"NotFoundException\",region=\"eu-west-1\"} 1.0\n")
                    .contains("meridian_request_duration_seconds_count{operation=\"Encrypt\",region=\"us-east-1\"} 3\n")
                    .contains("meridian_request_duration_seconds_bucket{operation=\"Encrypt\",region=\"us-east-1\",le=\"+Inf\"} 3\n")
                    .contains("meridian_keys{region=\"us-east-1\"} 1.0\n")
                    .contains("meridian_audit_queue_records ")
                    .doesNotContain("operation=\"Decrypt\"")
                    .doesNotContain(plaintext)
                    .doesNotContain(Base64.getEncoder().encodeToString(KmsTestSupport.bytes(plaintext).asByteArray()))
                    .doesNotContain(Base64.getEncoder().encodeToString(ciphertext.asByteArray()))
                    .doesNotContain(Base64.getEncoder().encodeToString(dataKey.asByteArray()))
                    .doesNotContain("AKIDEXAMPLE");
        }
    }

    @Test
    void theOutboxHoldsAReplicationUnderWayAndItsLagGrowsOnceItIsDue() {
        Duration delay = Duration.ofMinutes(5);
        MovableClock clock = new MovableClock();
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(
                ServerConfiguration.builder().replicationDelay(delay).clock(clock)))) {
            KmsClient primary = kms.client("us-east-1");
            String keyId = MultiRegionSupport.createPrimary(primary);
            assertThat(metrics(kms.server())).contains("meridian_replication_outbox_events 0.0\n")
                    .contains("meridian_replication_lag_seconds 0.0\n");

            primary.replicateKey(request -> request.keyId(keyId).replicaRegion("eu-west-1"));
            assertThat(metrics(kms.server())).contains("meridian_replication_outbox_events 1.0\n")
                    .contains("meridian_replication_lag_seconds 0.0\n")
                    .contains("meridian_requests_total{operation=\"ReplicateKey\",outcome=\"ok\",region=\"us-east-1\"} 1.0\n");

            clock.advance(delay.plusSeconds(60));
            String overdue = metrics(kms.server());
            assertThat(overdue).contains("meridian_replication_outbox_events 1.0\n");
            assertThat(gauge(overdue, "meridian_replication_lag_seconds")).isBetween(60.0, 600.0);

            kms.server().runDueWork();
            assertThat(metrics(kms.server())).contains("meridian_replication_outbox_events 0.0\n")
                    .contains("meridian_replication_lag_seconds 0.0\n")
                    .contains("meridian_keys{region=\"us-east-1\"} 1.0\n").contains("meridian_keys{region=\"eu-west-1\"} 1.0\n");
        }
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ")).mapToDouble(line -> Double.parseDouble(
                line.substring(name.length() + 1))).findFirst().orElseThrow();
    }

    @Test
    void readyIs503WhileTheAuditQueueIsFullAndLiveStays200() {
        EmbeddedPostgresDatabases.assumeSqlite("fills the audit queue through a full audit.db (SqliteAuditStore.capAtCurrentSize)");
        AtomicReference<SqliteAuditStore> auditStore = new AtomicReference<>();
        MeridianServer.Storage storage = MeridianServer.Storage.AS_OPENED.withAuditStore(store -> {
            auditStore.set((SqliteAuditStore) store);
            return store;
        }, 30);
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(
                ServerConfiguration.builder().replicationDelay(Duration.ZERO), storage))) {
            KmsClient client = kms.client("ap-southeast-2");
            String keyId = client.createKey(request -> { }).keyMetadata().keyId();
            auditStore.get().capAtCurrentSize();
            // Each record holds its 8 KB description: no batch of them fits in the pages the database has.
            boolean refused = false;
            for (int number = 0; number < 1_000 && !refused; number++) {
                String description = number + "d".repeat(8_000);
                try {
                    client.updateKeyDescription(request -> request.keyId(keyId).description(description));
                } catch (KmsException e) {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    refused = true;
                }
            }
            assertThat(refused).isTrue();

            Answer ready = get(kms.server(), "/health/ready");
            assertThat(ready).isEqualTo(new Answer(503, "application/json",
                    "{\"status\":\"unavailable\",\"checks\":{\"store\":\"open\",\"auditQueue\":\"full\"}}"));
            assertThat(get(kms.server(), "/health/live").status()).isEqualTo(200);
            assertThat(metrics(kms.server())).contains("meridian_audit_queue_records 30.0\n")
                    .contains("meridian_requests_total{operation=\"unknown\",outcome=\"ThrottlingException\",region=\"unknown\"} 1.0\n");

            auditStore.get().liftSizeCap();
            await().atMost(Duration.ofSeconds(30)).until(() -> get(kms.server(), "/health/ready").status() == 200);
        }
    }
}
