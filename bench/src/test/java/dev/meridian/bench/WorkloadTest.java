package dev.meridian.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The setup of each workload (which key is made, which algorithm chosen) and the bodies it sends. */
class WorkloadTest {
    private final ObjectMapper mapper = new ObjectMapper();
    private FakeKmsServer server;
    private SetupClient setup;

    @BeforeEach
    void startServer() throws InterruptedException {
        server = new FakeKmsServer(0);
        setup = new SetupClient(server.endpoint(),
                new RequestSigner(server.endpoint(), "us-east-1", "AKIDTEST", "secret"), mapper);
    }

    @AfterEach
    void stopServer() {
        server.firstRequests.forEach(request -> request.release());
        server.close();
    }

    @Test
    void encryptionOperationsKeepTheEmptyCreateKeyBody() throws Exception {
        BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.ENCRYPT, null, null, null, setup);

        assertThat(key).isEqualTo(new BenchmarkKey("fake-key", "SYMMETRIC_DEFAULT", null));
        assertThat(server.firstBodyByTarget.get("TrentService.CreateKey")).isEqualTo("{}");
    }

    @Test
    void aKeyPolicyGoesIntoCreateKeyAndAnEncryptionContextIntoEveryEncrypt() throws Exception {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.ENCRYPT, null, null, null, policy, setup);

        JsonNode createKey = mapper.readTree(server.firstBodyByTarget.get("TrentService.CreateKey"));
        assertThat(createKey.get("Policy").asText()).isEqualTo(policy);
        assertThat(createKey.has("KeySpec")).isFalse();

        Workload workload = Workload.prepare(KmsOperation.ENCRYPT, key, 16, 2, Map.of("purpose", "bench"),
                setup, mapper, new Random(1));

        assertThat(bodies(workload, 2)).allSatisfy(body -> {
            assertThat(body.get("EncryptionContext").get("purpose").asText()).isEqualTo("bench");
            assertThat(body.get("EncryptionContext").size()).isEqualTo(1);
        });
        assertThatThrownBy(() -> Workload.prepare(KmsOperation.GENERATE_DATA_KEY, key, 16, 1,
                Map.of("purpose", "bench"), setup, mapper, new Random(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signCreatesASigningKeyOfTheSpecAndSignsDistinctRawMessages() throws Exception {
        BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.SIGN, null, "ECC_NIST_P256", null, setup);

        assertThat(key).isEqualTo(new BenchmarkKey("fake-key", "ECC_NIST_P256", "ECDSA_SHA_256"));
        JsonNode createKey = mapper.readTree(server.firstBodyByTarget.get("TrentService.CreateKey"));
        assertThat(createKey.get("KeySpec").asText()).isEqualTo("ECC_NIST_P256");
        assertThat(createKey.get("KeyUsage").asText()).isEqualTo("SIGN_VERIFY");

        Workload workload = Workload.prepare(KmsOperation.SIGN, key, 64, 3, setup, mapper, new Random(1));

        assertThat(workload.distinctBodyCount()).isEqualTo(3);
        for (JsonNode body : bodies(workload, 3)) {
            assertThat(body.get("KeyId").asText()).isEqualTo("fake-key");
            assertThat(body.get("MessageType").asText()).isEqualTo("RAW");
            assertThat(body.get("SigningAlgorithm").asText()).isEqualTo("ECDSA_SHA_256");
            assertThat(Base64.getDecoder().decode(body.get("Message").asText())).hasSize(64);
        }
        assertThat(server.countByTarget).doesNotContainKey("TrentService.Sign");
    }

    @Test
    void verifySignsOnceInSetupAndSendsThatSignatureWithItsMessage() throws Exception {
        BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.VERIFY, null, "RSA_2048", "RSASSA_PSS_SHA_256", setup);

        Workload workload = Workload.prepare(KmsOperation.VERIFY, key, 100, 4, setup, mapper, new Random(1));

        JsonNode sign = mapper.readTree(server.firstBodyByTarget.get("TrentService.Sign"));
        assertThat(sign.get("SigningAlgorithm").asText()).isEqualTo("RSASSA_PSS_SHA_256");
        assertThat(sign.get("MessageType").asText()).isEqualTo("RAW");
        assertThat(server.countByTarget.get("TrentService.Sign")).hasValue(1);
        assertThat(workload.distinctBodyCount()).isEqualTo(1);
        JsonNode verify = bodies(workload, 1).get(0);
        assertThat(verify.get("Message")).isEqualTo(sign.get("Message"));
        assertThat(verify.get("Signature").asText()).isEqualTo("c2lnbmF0dXJl");
        assertThat(verify.get("SigningAlgorithm").asText()).isEqualTo("RSASSA_PSS_SHA_256");
        assertThat(verify.get("MessageType").asText()).isEqualTo("RAW");
    }

    @Test
    void macOperationsUseAMacKeyAndItsAlgorithm() throws Exception {
        BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.GENERATE_MAC, null, "HMAC_256", null, setup);
        assertThat(key.algorithm()).isEqualTo("HMAC_SHA_256");
        JsonNode createKey = mapper.readTree(server.firstBodyByTarget.get("TrentService.CreateKey"));
        assertThat(createKey.get("KeyUsage").asText()).isEqualTo("GENERATE_VERIFY_MAC");

        Workload generate = Workload.prepare(KmsOperation.GENERATE_MAC, key, 32, 2, setup, mapper, new Random(1));
        assertThat(generate.distinctBodyCount()).isEqualTo(2);
        assertThat(bodies(generate, 2)).allSatisfy(body -> {
            assertThat(body.get("MacAlgorithm").asText()).isEqualTo("HMAC_SHA_256");
            assertThat(Base64.getDecoder().decode(body.get("Message").asText())).hasSize(32);
        });

        Workload verify = Workload.prepare(KmsOperation.VERIFY_MAC, key, 32, 2, setup, mapper, new Random(1));
        JsonNode generateMac = mapper.readTree(server.firstBodyByTarget.get("TrentService.GenerateMac"));
        JsonNode verifyMac = bodies(verify, 1).get(0);
        assertThat(verifyMac.get("Message")).isEqualTo(generateMac.get("Message"));
        assertThat(verifyMac.get("Mac").asText()).isEqualTo("bWFj");
        assertThat(verify.distinctBodyCount()).isEqualTo(1);
    }

    @Test
    void anExistingKeyIsDescribedNotCreated() {
        BenchmarkKey key = BenchmarkKey.prepare(KmsOperation.GENERATE_DATA_KEY, "fake-key", null, null, setup);

        assertThat(key).isEqualTo(new BenchmarkKey("fake-key", "SYMMETRIC_DEFAULT", null));
        assertThat(server.countByTarget).containsKey("TrentService.DescribeKey")
                .doesNotContainKey("TrentService.CreateKey");
    }

    @Test
    void anAlgorithmTheKeyDoesNotListIsASetupError() {
        assertThatThrownBy(() -> BenchmarkKey.prepare(KmsOperation.SIGN, null, "RSA_2048", "ECDSA_SHA_256", setup))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("key fake-key (RSA_2048) does not list ECDSA_SHA_256 in its SigningAlgorithms"
                        + " [RSASSA_PKCS1_V1_5_SHA_256, RSASSA_PSS_SHA_256]");
    }

    @Test
    void aSpecTheServerRefusesIsASetupErrorWithItsAnswer() throws Exception {
        try (FakeKmsServer refusing = new FakeKmsServer(1)) {
            SetupClient client = new SetupClient(refusing.endpoint(),
                    new RequestSigner(refusing.endpoint(), "us-east-1", "AKIDTEST", "secret"), mapper);

            assertThatThrownBy(() -> BenchmarkKey.prepare(KmsOperation.SIGN, null, "ML_DSA_65", null, client))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("CreateKey failed with HTTP 400: ")
                    .hasMessageContaining("fake failure");
        }
    }

    private List<JsonNode> bodies(Workload workload, int count) throws Exception {
        List<JsonNode> bodies = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            bodies.add(mapper.readTree(workload.bodyFor(index)));
        }
        return bodies;
    }
}
