package dev.meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * A small blocking KMS client for the calls made before a load run (CreateKey, and the Encrypt
 * whose ciphertext a Decrypt run decrypts). It signs every request with {@link RequestSigner}.
 */
public final class SetupClient {
    /** Headers that the JDK HTTP client sets itself and refuses to be given. */
    private static final Set<String> HEADERS_SET_BY_CLIENT = Set.of("host", "content-length", "connection");

    private final URI endpoint;
    private final RequestSigner signer;
    private final ObjectMapper mapper;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    /** Creates a client for one endpoint. */
    public SetupClient(URI endpoint, RequestSigner signer, ObjectMapper mapper) {
        this.endpoint = endpoint;
        this.signer = signer;
        this.mapper = mapper;
    }

    /** Creates a symmetric key with a {@code {}} body and returns its {@code KeyMetadata.KeyId}. */
    public String createKey() {
        JsonNode response = call(KmsOperation.CREATE_KEY, mapper.createObjectNode());
        JsonNode keyId = response.path("KeyMetadata").path("KeyId");
        if (!keyId.isTextual()) {
            throw new IllegalStateException("CreateKey response has no KeyMetadata.KeyId: " + response);
        }
        return keyId.asText();
    }

    /** Encrypts {@code plaintext} under the key and returns the {@code CiphertextBlob}, still base64. */
    public String encrypt(String keyId, byte[] plaintext) {
        ObjectNode body = mapper.createObjectNode()
                .put("KeyId", keyId)
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        JsonNode ciphertext = call(KmsOperation.ENCRYPT, body).path("CiphertextBlob");
        if (!ciphertext.isTextual()) {
            throw new IllegalStateException("Encrypt response has no CiphertextBlob");
        }
        return ciphertext.asText();
    }

    /**
     * Sends one signed request and returns the parsed JSON response.
     *
     * @throws IllegalStateException when the response status is not 200 (the message carries the body)
     */
    public JsonNode call(KmsOperation operation, JsonNode requestBody) {
        try {
            byte[] body = mapper.writeValueAsBytes(requestBody);
            HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve(signer.path()))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            for (Map.Entry<String, String> header : signer.sign(operation, body)) {
                if (!HEADERS_SET_BY_CLIENT.contains(header.getKey().toLowerCase())) {
                    builder.header(header.getKey(), header.getValue());
                }
            }
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String text = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() != 200) {
                throw new IllegalStateException(operation.operationName() + " failed with HTTP "
                        + response.statusCode() + ": " + text);
            }
            return mapper.readTree(text);
        } catch (IOException exception) {
            throw new IllegalStateException(operation.operationName() + " request to " + endpoint
                    + " failed: " + exception, exception);
        } catch (InterruptedException exception) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + operation.operationName(), exception);
        }
    }
}
