package dev.meridian.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LoadRunTest {
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void runsClosedLoopOverPersistentSignedConnections() throws Exception {
        try (FakeKmsServer server = new FakeKmsServer(0)) {
            RequestSigner signer = new RequestSigner(server.endpoint(), "eu-west-2", "AKIDTEST", "secret");
            SetupClient setup = new SetupClient(server.endpoint(), signer, mapper);
            String keyId = setup.createKey();
            assertThat(keyId).isEqualTo("fake-key");
            Workload workload = Workload.prepare(KmsOperation.ENCRYPT, new BenchmarkKey(keyId, null, null), 512, 3,
                    setup, mapper, new Random(1));

            RunResult result = run(server, workload, signer, 3);

            assertThat(result.requests()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(result.throughputPerSecond()).isPositive();
            assertThat(result.latencyP50Milliseconds()).isPositive()
                    .isLessThanOrEqualTo(result.latencyP99Milliseconds());
            assertThat(result.distinctRequests()).isEqualTo(3);
            // The setup client's one connection plus the three persistent ones: no reconnecting.
            assertThat(server.connections).hasSize(4);

            FullHttpRequest encrypt = server.firstRequests.get(1);
            String today = LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
            assertThat(encrypt.headers().get("Authorization"))
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/" + today + "/eu-west-2/kms/aws4_request")
                    .contains("SignedHeaders=").contains("x-amz-target").contains("Signature=");
            assertThat(encrypt.headers().get("X-Amz-Date")).startsWith(today);
            assertThat(encrypt.headers().get("Content-Type")).isEqualTo(RequestSigner.CONTENT_TYPE);
            JsonNode body = mapper.readTree(encrypt.content().toString(StandardCharsets.UTF_8));
            assertThat(body.get("KeyId").asText()).isEqualTo("fake-key");
            assertThat(java.util.Base64.getDecoder().decode(body.get("Plaintext").asText())).hasSize(512);
            server.firstRequests.forEach(FullHttpRequest::release);

            JsonNode json = mapper.readTree(result.toJson(mapper));
            assertThat(json.get("operation").asText()).isEqualTo("Encrypt");
            assertThat(json.get("requests").asLong()).isEqualTo(result.requests());
            assertThat(result.toSummary()).contains("throughput").contains("p99.9").contains("reused for up to 60 s");
        }
    }

    @Test
    void countsNonOkResponsesAsErrorsAndKeepsTheFirstBody() throws Exception {
        try (FakeKmsServer server = new FakeKmsServer(2)) {
            RequestSigner signer = new RequestSigner(server.endpoint(), "us-east-1", "AKIDTEST", "secret");
            SetupClient setup = new SetupClient(server.endpoint(), signer, mapper);
            Workload workload = Workload.prepare(KmsOperation.GENERATE_DATA_KEY,
                    new BenchmarkKey("fake-key", null, null), 512, 2, setup, mapper, new Random(1));

            RunResult result = run(server, workload, signer, 2);

            assertThat(result.errors()).isPositive().isLessThan(result.requests());
            assertThat(result.firstError()).startsWith("HTTP 400").contains("fake failure");
        }
    }

    @Test
    void verifiesTheOneSignatureMadeInSetupOnEveryConnection() throws Exception {
        try (FakeKmsServer server = new FakeKmsServer(0)) {
            RequestSigner signer = new RequestSigner(server.endpoint(), "us-east-1", "AKIDTEST", "secret");
            SetupClient setup = new SetupClient(server.endpoint(), signer, mapper);
            BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.VERIFY, null, "RSA_2048", "RSASSA_PSS_SHA_256",
                    setup);
            Workload workload = Workload.prepare(KmsOperation.VERIFY, key, 256, 3, setup, mapper, new Random(1));

            RunResult result = run(server, workload, signer, 3);

            // The fake accepts only the signature its Sign gave: no error means every Verify carried it.
            assertThat(result.requests()).isPositive();
            assertThat(result.errors()).isZero();
            assertThat(server.countByTarget.get("TrentService.Sign")).hasValue(1);
            assertThat(result.distinctRequests()).isEqualTo(1);
            JsonNode json = mapper.readTree(result.toJson(mapper));
            assertThat(json.get("operation").asText()).isEqualTo("Verify");
            assertThat(json.get("keySpec").asText()).isEqualTo("RSA_2048");
            assertThat(json.get("algorithm").asText()).isEqualTo("RSASSA_PSS_SHA_256");
            assertThat(result.toSummary()).contains("fake-key (RSA_2048, RSASSA_PSS_SHA_256)");
            server.firstRequests.forEach(FullHttpRequest::release);
        }
    }

    private static RunResult run(FakeKmsServer server, Workload workload, RequestSigner signer, int connections)
            throws InterruptedException {
        return new LoadRun(new LoadRun.Settings(server.endpoint(), workload, signer, connections, 1,
                LoadRun.Transport.AUTO, Duration.ofMillis(200), Duration.ofMillis(1500), Duration.ofSeconds(60)))
                .execute();
    }
}
