package dev.meridian.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The key a load run uses, with the algorithm its requests name.
 *
 * @param keyId the key's id
 * @param keySpec the key's {@code KeySpec} as its metadata gives it ({@code null} when the server gives none)
 * @param algorithm the {@code SigningAlgorithm} or {@code MacAlgorithm} of every request, or {@code null} for
 *     the operations that name no algorithm (Encrypt, Decrypt, GenerateDataKey)
 */
public record BenchmarkKey(String keyId, String keySpec, String algorithm) {

    /**
     * Makes or looks up the key for {@code operation}, before the run. Without {@code keyId} a key is created:
     * with a {@code {}} body for the encryption operations when {@code keySpec} is absent (the server's
     * default symmetric key), else with {@code KeySpec} and the operation's {@code KeyUsage}. With
     * {@code keyId}, the key's metadata comes from {@code DescribeKey}. Without {@code algorithm}, the first
     * of the algorithms the key's metadata lists for the operation is used.
     *
     * @throws IllegalStateException when a setup call fails, or the key does not list {@code algorithm}
     */
    public static BenchmarkKey prepare(KmsOperation operation, String keyId, String keySpec, String algorithm,
                                       SetupClient setupClient) {
        return prepare(operation, keyId, keySpec, algorithm, null, setupClient);
    }

    /**
     * Makes or looks up the key as {@link #prepare(KmsOperation, String, String, String, SetupClient)} does; a key
     * it creates gets {@code keyPolicy} (JSON text) as its key policy when that is given.
     */
    public static BenchmarkKey prepare(KmsOperation operation, String keyId, String keySpec, String algorithm,
                                       String keyPolicy, SetupClient setupClient) {
        if (!operation.isLoadOperation()) {
            throw new IllegalArgumentException(operation.operationName() + " is not a load operation");
        }
        JsonNode metadata = keyId != null ? setupClient.describeKey(keyId)
                : setupClient.createKey(keySpec, keySpec == null && "ENCRYPT_DECRYPT".equals(operation.keyUsage())
                        ? null : operation.keyUsage(), keyPolicy);
        String id = metadata.path("KeyId").asText();
        String spec = metadata.path("KeySpec").isTextual() ? metadata.path("KeySpec").asText() : null;
        String field = operation.algorithmsField();
        if (field == null) {
            return new BenchmarkKey(id, spec, null);
        }
        List<String> listed = new ArrayList<>();
        metadata.path(field).forEach(name -> listed.add(name.asText()));
        if (algorithm == null) {
            if (listed.isEmpty()) {
                throw new IllegalStateException("key " + id + " (" + spec + ") lists no " + field
                        + "; give one with --algorithm");
            }
            return new BenchmarkKey(id, spec, listed.get(0));
        }
        if (!listed.isEmpty() && !listed.contains(algorithm)) {
            throw new IllegalStateException("key " + id + " (" + spec + ") does not list " + algorithm + " in its "
                    + field + " " + listed);
        }
        return new BenchmarkKey(id, spec, algorithm);
    }

    /** Returns a short description for the summary, for example {@code 1234abcd-... (RSA_2048, RSASSA_PSS_SHA_256)}. */
    public String describe() {
        StringBuilder text = new StringBuilder(keyId);
        if (keySpec != null || algorithm != null) {
            text.append(" (").append(keySpec == null ? "key spec unknown" : keySpec);
            if (algorithm != null) {
                text.append(", ").append(algorithm);
            }
            text.append(')');
        }
        return text.toString();
    }
}
