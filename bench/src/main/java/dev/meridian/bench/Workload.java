package dev.meridian.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The request bodies of a load run: one distinct body per connection, built for the chosen
 * operation against one key. "Random bytes" below are {@code payloadBytes} of them, base64.
 *
 * <ul>
 *   <li>Encrypt: {@code {"KeyId": id, "Plaintext": random bytes}}, each connection with its own plaintext (and
 *       {@code "EncryptionContext"} when one is given);</li>
 *   <li>Decrypt: {@code {"CiphertextBlob": c, "KeyId": id}} where {@code c} is made by one Encrypt before the run;</li>
 *   <li>GenerateDataKey: {@code {"KeyId": id, "KeySpec": "AES_256"}};</li>
 *   <li>Sign: {@code {"KeyId": id, "Message": random bytes, "MessageType": "RAW", "SigningAlgorithm": a}}, each
 *       connection with its own message;</li>
 *   <li>Verify: the same with {@code "Signature": s}, one message for every connection, {@code s} made by one
 *       Sign before the run;</li>
 *   <li>GenerateMac: {@code {"KeyId": id, "MacAlgorithm": a, "Message": random bytes}}, each connection with its
 *       own message;</li>
 *   <li>VerifyMac: {@code {"KeyId": id, "Mac": m, "MacAlgorithm": a, "Message": random bytes}}, one message for
 *       every connection, {@code m} made by one GenerateMac before the run;</li>
 *   <li>CreateKey: {@code {}}, a new symmetric key per request (the key made first is not used).</li>
 * </ul>
 */
public final class Workload {
    private final KmsOperation operation;
    private final BenchmarkKey key;
    private final List<byte[]> bodies;

    private Workload(KmsOperation operation, BenchmarkKey key, List<byte[]> bodies) {
        this.operation = operation;
        this.key = key;
        this.bodies = bodies;
    }

    /**
     * Builds the bodies, calling the server through {@code setupClient} where the operation needs a ciphertext,
     * a signature or a MAC first.
     *
     * @param key the key, and the algorithm of Sign, Verify, GenerateMac and VerifyMac
     * @param payloadBytes the size of the plaintext or message
     * @param distinctBodies how many different bodies to make (one per connection)
     */
    public static Workload prepare(KmsOperation operation, BenchmarkKey key, int payloadBytes, int distinctBodies,
                                   SetupClient setupClient, ObjectMapper mapper, Random random) {
        return prepare(operation, key, payloadBytes, distinctBodies, Map.of(), setupClient, mapper, random);
    }

    /**
     * Builds the bodies as {@link #prepare(KmsOperation, BenchmarkKey, int, int, SetupClient, ObjectMapper, Random)}
     * does; Encrypt's bodies also carry {@code "EncryptionContext": encryptionContext} when it is not empty.
     *
     * @throws IllegalArgumentException when {@code encryptionContext} is not empty and the operation is not Encrypt
     */
    public static Workload prepare(KmsOperation operation, BenchmarkKey key, int payloadBytes, int distinctBodies,
                                   Map<String, String> encryptionContext, SetupClient setupClient,
                                   ObjectMapper mapper, Random random) {
        if (!encryptionContext.isEmpty() && operation != KmsOperation.ENCRYPT) {
            throw new IllegalArgumentException("an encryption context applies to Encrypt only");
        }
        String keyId = key.keyId();
        Supplier<byte[]> randomBytes = () -> {
            byte[] bytes = new byte[payloadBytes];
            random.nextBytes(bytes);
            return bytes;
        };
        List<byte[]> bodies = switch (operation) {
            case ENCRYPT -> distinct(distinctBodies, () -> toBytes(mapper, encryptBody(mapper, keyId,
                    randomBytes.get(), encryptionContext)));
            case DECRYPT -> {
                String ciphertext = setupClient.encrypt(keyId, randomBytes.get());
                yield repeated(distinctBodies, toBytes(mapper, mapper.createObjectNode()
                        .put("CiphertextBlob", ciphertext)
                        .put("KeyId", keyId)));
            }
            case GENERATE_DATA_KEY -> repeated(distinctBodies, toBytes(mapper, mapper.createObjectNode()
                    .put("KeyId", keyId)
                    .put("KeySpec", "AES_256")));
            case SIGN -> distinct(distinctBodies, () -> toBytes(mapper,
                    signingBody(mapper, key, randomBytes.get())));
            case VERIFY -> {
                byte[] message = randomBytes.get();
                String signature = setupClient.sign(keyId, requireAlgorithm(key, operation), message);
                yield repeated(distinctBodies, toBytes(mapper,
                        signingBody(mapper, key, message).put("Signature", signature)));
            }
            case GENERATE_MAC -> distinct(distinctBodies, () -> toBytes(mapper, macBody(mapper, key)
                    .put("Message", base64(randomBytes.get()))));
            case VERIFY_MAC -> {
                byte[] message = randomBytes.get();
                String mac = setupClient.generateMac(keyId, requireAlgorithm(key, operation), message);
                yield repeated(distinctBodies, toBytes(mapper, mapper.createObjectNode()
                        .put("KeyId", keyId)
                        .put("Mac", mac)
                        .put("MacAlgorithm", key.algorithm())
                        .put("Message", base64(message))));
            }
            case CREATE_KEY -> repeated(distinctBodies, toBytes(mapper, mapper.createObjectNode()));
            default -> throw new IllegalArgumentException(operation.operationName() + " is not a load operation");
        };
        return new Workload(operation, key, bodies);
    }

    /** Returns the operation of every request. */
    public KmsOperation operation() {
        return operation;
    }

    /** Returns the key every request uses, and the algorithm the requests name. */
    public BenchmarkKey key() {
        return key;
    }

    /** Returns the body for the given connection (bodies are shared round-robin when there are fewer). */
    public byte[] bodyFor(int connectionIndex) {
        return bodies.get(connectionIndex % bodies.size());
    }

    /** Returns how many different bodies there are. */
    public long distinctBodyCount() {
        return bodies.stream().map(Base64.getEncoder()::encodeToString).distinct().count();
    }

    private static ObjectNode encryptBody(ObjectMapper mapper, String keyId, byte[] plaintext,
                                          Map<String, String> encryptionContext) {
        ObjectNode body = mapper.createObjectNode().put("KeyId", keyId).put("Plaintext", base64(plaintext));
        if (!encryptionContext.isEmpty()) {
            ObjectNode context = body.putObject("EncryptionContext");
            encryptionContext.forEach(context::put);
        }
        return body;
    }

    private static ObjectNode signingBody(ObjectMapper mapper, BenchmarkKey key, byte[] message) {
        return mapper.createObjectNode()
                .put("KeyId", key.keyId())
                .put("Message", base64(message))
                .put("MessageType", "RAW")
                .put("SigningAlgorithm", requireAlgorithm(key, KmsOperation.SIGN));
    }

    private static ObjectNode macBody(ObjectMapper mapper, BenchmarkKey key) {
        return mapper.createObjectNode()
                .put("KeyId", key.keyId())
                .put("MacAlgorithm", requireAlgorithm(key, KmsOperation.GENERATE_MAC));
    }

    private static String requireAlgorithm(BenchmarkKey key, KmsOperation operation) {
        if (key.algorithm() == null) {
            throw new IllegalArgumentException(operation.operationName() + " needs the key's algorithm");
        }
        return key.algorithm();
    }

    private static List<byte[]> distinct(int count, Supplier<byte[]> body) {
        List<byte[]> bodies = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            bodies.add(body.get());
        }
        return bodies;
    }

    private static List<byte[]> repeated(int count, byte[] body) {
        return distinct(count, () -> body);
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static byte[] toBytes(ObjectMapper mapper, ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException exception) {
            throw new IllegalStateException(exception);
        }
    }
}
