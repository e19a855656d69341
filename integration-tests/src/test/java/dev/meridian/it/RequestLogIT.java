package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AlgorithmSpec;
import software.amazon.awssdk.services.kms.model.CreateKeyResponse;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.GetParametersForImportResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.KmsResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;

/**
 * The request log of {@code meridian serve}, read from the standard error of a server process: one line per
 * request with its fields, in text and in JSON, none at {@code --log-level warn}, and never a secret (key
 * material, plaintext, ciphertext, data keys, the import token: in base64 or hex).
 */
class RequestLogIT {
    private static final String REGION = "eu-west-1";
    private static final String LOGGER = "dev.meridian.requests";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTextLinePerRequestWithItsFieldsAndNoSecret(@TempDir Path folder) throws Exception {
        try (ServerProcess server = ServerProcess.start(folder.resolve("data"))) {
            Traffic traffic = Traffic.run(server.endpoint());
            String log = loggedInFull(server, traffic, line -> line.contains(" INFO  " + LOGGER + " - "));
            List<Map<String, String>> lines = new ArrayList<>();
            for (String line : log.lines().filter(line -> line.contains(" INFO  " + LOGGER + " - ")).toList()) {
                assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  dev\\.meridian\\.requests - region=\\S+ account=\\S+"
                        + " operation=\\S+ outcome=\\S+ status=\\d{3} latencyMs=\\d+\\.\\d{1,3} requestId=\\S+ keyId=\\S+");
                Map<String, String> fields = new LinkedHashMap<>();
                for (String pair : line.substring(line.indexOf(" - ") + 3).split(" ")) {
                    fields.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                }
                lines.add(fields);
            }
            traffic.assertLogged(lines);
            traffic.assertNoSecretIn(log);
        }
    }

    @Test
    void jsonLinesParseWithTheSameFields(@TempDir Path folder) throws Exception {
        try (ServerProcess server = ServerProcess.start(folder.resolve("data"), "--log-format", "json")) {
            Traffic traffic = Traffic.run(server.endpoint());
            String log = loggedInFull(server, traffic, line -> line.startsWith("{") && line.contains("\"" + LOGGER + "\""));
            List<Map<String, String>> lines = new ArrayList<>();
            for (String line : log.lines().filter(line -> line.startsWith("{")).toList()) {
                JsonNode event = JSON.readTree(line);
                assertThat(event.path("timestamp").isNumber()).as(line).isTrue();
                if (!event.path("loggerName").asText().equals(LOGGER)) {
                    continue;
                }
                assertThat(event.path("level").asText()).isEqualTo("INFO");
                Map<String, String> fields = new LinkedHashMap<>();
                for (JsonNode pair : event.path("kvpList")) {
                    pair.properties().forEach(field -> fields.put(field.getKey(), field.getValue().asText()));
                }
                assertThat(fields.keySet()).containsExactly("region", "account", "operation", "outcome", "status", "latencyMs",
                        "requestId", "keyId");
                lines.add(fields);
            }
            traffic.assertLogged(lines);
            traffic.assertNoSecretIn(log);
            assertThat(log.lines().filter(line -> !line.isBlank() && !line.equals("Meridian stopped.")))
                    .as("every log line is JSON").allMatch(line -> line.startsWith("{"));
        }
    }

    @Test
    void levelWarnPrintsNoRequestLine(@TempDir Path folder) throws Exception {
        try (ServerProcess server = ServerProcess.start(folder.resolve("data"), "--log-level", "warn")) {
            Traffic.run(server.endpoint());
            assertThat(server.errorOutput()).doesNotContain(LOGGER).doesNotContain("requestId");
        }
    }

    /** What a test sends and expects logged: the requests in order, and the secrets that went through. */
    /**
     * The server's log once it holds a request line for each request of {@code traffic} (a thread of its own writes
     * them, after the answers), awaited, never slept for.
     */
    private static String loggedInFull(ServerProcess server, Traffic traffic, java.util.function.Predicate<String> requestLine) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(server::errorOutput, log -> log.lines().filter(requestLine).count() >= traffic.expected().size());
    }

    private record Traffic(List<Map<String, String>> expected, List<byte[]> secrets) {

        /** CreateKey, an import, Encrypt, Decrypt, GenerateDataKey, two failing calls, and a request of no operation. */
        static Traffic run(String endpoint) throws Exception {
            Traffic traffic = new Traffic(new ArrayList<>(), new ArrayList<>());
            try (KmsClient client = KmsTestSupport.client(endpoint, REGION)) {
                CreateKeyResponse created = client.createKey(request -> request.origin(OriginType.EXTERNAL));
                String keyId = created.keyMetadata().keyId();
                traffic.expect("CreateKey", "-", "200", "200", requestId(created));
                byte[] material = ImportSupport.newMaterial();
                GetParametersForImportResponse parameters = ImportSupport.parameters(client, keyId);
                traffic.expect("GetParametersForImport", keyId, "200", "200", requestId(parameters));
                SdkBytes wrapped = ImportSupport.wrap(parameters, AlgorithmSpec.RSAES_OAEP_SHA_256, material);
                traffic.expect("ImportKeyMaterial", keyId, "200", "200", requestId(client.importKeyMaterial(request -> request
                        .keyId(keyId).importToken(parameters.importToken()).encryptedKeyMaterial(wrapped)
                        .expirationModel(ExpirationModelType.KEY_MATERIAL_DOES_NOT_EXPIRE))));
                byte[] plaintext = ImportSupport.random(48);
                EncryptResponse encrypted = client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)));
                traffic.expect("Encrypt", keyId, "200", "200", requestId(encrypted));
                DecryptResponse decrypted = client.decrypt(request -> request.ciphertextBlob(encrypted.ciphertextBlob()));
                traffic.expect("Decrypt", "-", "200", "200", requestId(decrypted));
                GenerateDataKeyResponse dataKey = client.generateDataKey(request -> request.keyId(keyId).keySpec(DataKeySpec.AES_256));
                traffic.expect("GenerateDataKey", keyId, "200", "200", requestId(dataKey));
                byte[] altered = encrypted.ciphertextBlob().asByteArray();
                altered[altered.length - 1] ^= 1;
                InvalidCiphertextException invalid = catchThrowableOfType(InvalidCiphertextException.class,
                        () -> client.decrypt(request -> request.ciphertextBlob(SdkBytes.fromByteArray(altered))));
                traffic.expect("Decrypt", "-", "InvalidCiphertextException", "400", invalid.requestId());
                NotFoundException notFound = catchThrowableOfType(NotFoundException.class, () -> client.encrypt(request -> request
                        .keyId("alias/missing").plaintext(SdkBytes.fromByteArray(plaintext))));
                traffic.expect("Encrypt", "alias/missing", "NotFoundException", "400", notFound.requestId());
                traffic.secrets.addAll(List.of(material, wrapped.asByteArray(), parameters.importToken().asByteArray(), plaintext,
                        encrypted.ciphertextBlob().asByteArray(), altered, dataKey.plaintext().asByteArray(),
                        dataKey.ciphertextBlob().asByteArray()));
            }
            HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint))
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(unknown.statusCode()).isEqualTo(400);
            traffic.expected.add(Map.of("region", "-", "account", "-", "operation", "-", "outcome", "UnknownOperationException",
                    "status", "400", "requestId", unknown.headers().firstValue("x-amzn-RequestId").orElseThrow(), "keyId", "-"));
            return traffic;
        }

        private void expect(String operation, String keyId, String outcome, String status, String requestId) {
            expected.add(Map.of("region", REGION, "account", "111122223333", "operation", operation, "outcome", outcome,
                    "status", status, "requestId", requestId, "keyId", keyId));
        }

        private static String requestId(KmsResponse response) {
            return response.responseMetadata().requestId();
        }

        /** One line per request, in order, with the expected fields and a latency. */
        void assertLogged(List<Map<String, String>> lines) {
            assertThat(lines).hasSize(expected.size());
            for (int index = 0; index < lines.size(); index++) {
                Map<String, String> line = new LinkedHashMap<>(lines.get(index));
                assertThat(Double.parseDouble(line.remove("latencyMs"))).as("latency").isGreaterThanOrEqualTo(0);
                assertThat(line).as("line " + index).isEqualTo(expected.get(index));
            }
        }

        void assertNoSecretIn(String log) {
            String lowered = log.toLowerCase(java.util.Locale.ROOT);
            for (byte[] secret : secrets) {
                assertThat(log).doesNotContain(Base64.getEncoder().encodeToString(secret))
                        .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
                assertThat(lowered).doesNotContain(HexFormat.of().formatHex(secret));
            }
        }
    }
}
