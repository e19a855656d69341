package dev.meridian.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;

/**
 * The request bodies of a load run: one distinct body per connection, built for the chosen
 * operation against one key.
 *
 * <ul>
 *   <li>Encrypt: {@code {"KeyId": id, "Plaintext": base64(random payload bytes)}}, each connection with its own random plaintext;</li>
 *   <li>Decrypt: {@code {"CiphertextBlob": c, "KeyId": id}} where {@code c} is made by one Encrypt before the run;</li>
 *   <li>GenerateDataKey: {@code {"KeyId": id, "KeySpec": "AES_256"}}.</li>
 * </ul>
 */
public final class Workload {
    private final KmsOperation operation;
    private final List<byte[]> bodies;

    private Workload(KmsOperation operation, List<byte[]> bodies) {
        this.operation = operation;
        this.bodies = bodies;
    }

    /**
     * Builds the bodies, calling the server through {@code setupClient} where the operation needs
     * a ciphertext first.
     *
     * @param payloadBytes the plaintext size for Encrypt and Decrypt
     * @param distinctBodies how many different bodies to make (one per connection)
     */
    public static Workload prepare(KmsOperation operation, String keyId, int payloadBytes, int distinctBodies,
                                   SetupClient setupClient, ObjectMapper mapper, Random random) {
        List<byte[]> bodies = new ArrayList<>();
        switch (operation) {
            case ENCRYPT -> {
                for (int index = 0; index < distinctBodies; index++) {
                    byte[] plaintext = new byte[payloadBytes];
                    random.nextBytes(plaintext);
                    bodies.add(toBytes(mapper, mapper.createObjectNode()
                            .put("KeyId", keyId)
                            .put("Plaintext", Base64.getEncoder().encodeToString(plaintext))));
                }
            }
            case DECRYPT -> {
                byte[] plaintext = new byte[payloadBytes];
                random.nextBytes(plaintext);
                String ciphertext = setupClient.encrypt(keyId, plaintext);
                byte[] body = toBytes(mapper, mapper.createObjectNode()
                        .put("CiphertextBlob", ciphertext)
                        .put("KeyId", keyId));
                for (int index = 0; index < distinctBodies; index++) {
                    bodies.add(body);
                }
            }
            case GENERATE_DATA_KEY -> {
                byte[] body = toBytes(mapper, mapper.createObjectNode()
                        .put("KeyId", keyId)
                        .put("KeySpec", "AES_256"));
                for (int index = 0; index < distinctBodies; index++) {
                    bodies.add(body);
                }
            }
            default -> throw new IllegalArgumentException(operation.operationName() + " is not a load operation");
        }
        return new Workload(operation, bodies);
    }

    /** Returns the operation of every request. */
    public KmsOperation operation() {
        return operation;
    }

    /** Returns the body for the given connection (bodies are shared round-robin when there are fewer). */
    public byte[] bodyFor(int connectionIndex) {
        return bodies.get(connectionIndex % bodies.size());
    }

    /** Returns how many different bodies there are. */
    public long distinctBodyCount() {
        return bodies.stream().map(Base64.getEncoder()::encodeToString).distinct().count();
    }

    private static byte[] toBytes(ObjectMapper mapper, ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException exception) {
            throw new IllegalStateException(exception);
        }
    }
}
