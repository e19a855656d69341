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
 * A small blocking KMS client for the calls made before a load run (CreateKey or DescribeKey, and the
 * Encrypt, Sign or GenerateMac whose result a Decrypt, Verify or VerifyMac run checks). It signs every
 * request with {@link RequestSigner}.
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
        return createKey(null, null).path("KeyId").asText();
    }

    /**
     * Creates a key and returns its {@code KeyMetadata}; the body names {@code KeySpec} and {@code KeyUsage}
     * where they are given, so with neither it is {@code {}} (the server's default symmetric key).
     */
    public JsonNode createKey(String keySpec, String keyUsage) {
        return createKey(keySpec, keyUsage, null);
    }

    /**
     * Creates a key as {@link #createKey(String, String)} does, with {@code Policy} in the body when
     * {@code policy} (the key policy's JSON text) is given.
     */
    public JsonNode createKey(String keySpec, String keyUsage, String policy) {
        ObjectNode body = mapper.createObjectNode();
        if (policy != null) {
            body.put("Policy", policy);
        }
        if (keySpec != null) {
            body.put("KeySpec", keySpec);
        }
        if (keyUsage != null) {
            body.put("KeyUsage", keyUsage);
        }
        return keyMetadata(KmsOperation.CREATE_KEY, call(KmsOperation.CREATE_KEY, body));
    }

    /** Returns the {@code KeyMetadata} of an existing key. */
    public JsonNode describeKey(String keyId) {
        return keyMetadata(KmsOperation.DESCRIBE_KEY,
                call(KmsOperation.DESCRIBE_KEY, mapper.createObjectNode().put("KeyId", keyId)));
    }

    /** Encrypts {@code plaintext} under the key and returns the {@code CiphertextBlob}, still base64. */
    public String encrypt(String keyId, byte[] plaintext) {
        ObjectNode body = mapper.createObjectNode()
                .put("KeyId", keyId)
                .put("Plaintext", Base64.getEncoder().encodeToString(plaintext));
        return blob(KmsOperation.ENCRYPT, body, "CiphertextBlob");
    }

    /** Signs the RAW {@code message} with the key and returns the {@code Signature}, still base64. */
    public String sign(String keyId, String signingAlgorithm, byte[] message) {
        ObjectNode body = mapper.createObjectNode()
                .put("KeyId", keyId)
                .put("Message", Base64.getEncoder().encodeToString(message))
                .put("MessageType", "RAW")
                .put("SigningAlgorithm", signingAlgorithm);
        return blob(KmsOperation.SIGN, body, "Signature");
    }

    /** Computes the MAC of {@code message} with the key and returns the {@code Mac}, still base64. */
    public String generateMac(String keyId, String macAlgorithm, byte[] message) {
        ObjectNode body = mapper.createObjectNode()
                .put("KeyId", keyId)
                .put("MacAlgorithm", macAlgorithm)
                .put("Message", Base64.getEncoder().encodeToString(message));
        return blob(KmsOperation.GENERATE_MAC, body, "Mac");
    }

    private String blob(KmsOperation operation, ObjectNode body, String field) {
        JsonNode value = call(operation, body).path(field);
        if (!value.isTextual()) {
            throw new IllegalStateException(operation.operationName() + " response has no " + field);
        }
        return value.asText();
    }

    private static JsonNode keyMetadata(KmsOperation operation, JsonNode response) {
        JsonNode metadata = response.path("KeyMetadata");
        if (!metadata.path("KeyId").isTextual()) {
            throw new IllegalStateException(operation.operationName() + " response has no KeyMetadata.KeyId: "
                    + response);
        }
        return metadata;
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
