package dev.meridian.wire.model;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.json.JsonTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The KMS service model (botocore JSON, protocol json 1.1), resolved into {@link OperationModel} and
 * {@link Shape} objects with every pattern compiled.
 *
 * <p>Immutable and thread-safe after loading. {@link #loadDefault()} reads the bundled model once per class
 * loader and returns the same instance on every call. Looking up an operation allocates nothing.
 */
public final class ServiceModel {

    /** The classpath resource of the bundled KMS model. */
    public static final String DEFAULT_RESOURCE = "/dev/meridian/wire/kms-2014-11-01.json";

    private final String targetPrefix;
    private final String apiVersion;
    private final Map<String, Optional<OperationModel>> operationsByName;
    private final Collection<OperationModel> operations;
    private final Map<String, Shape> shapes;

    ServiceModel(String targetPrefix, String apiVersion, Map<String, OperationModel> operations, Map<String, Shape> shapes) {
        this.targetPrefix = Objects.requireNonNull(targetPrefix, "targetPrefix");
        this.apiVersion = Objects.requireNonNull(apiVersion, "apiVersion");
        this.operations = List.copyOf(operations.values());
        HashMap<String, Optional<OperationModel>> byName = new HashMap<>();
        operations.forEach((name, operation) -> byName.put(name, Optional.of(operation)));
        this.operationsByName = Map.copyOf(byName);
        this.shapes = Map.copyOf(shapes);
    }

    /**
     * Returns the bundled KMS model, reading and resolving it on the first call only.
     *
     * @return the shared model instance
     * @throws IllegalStateException if the bundled resource is missing or malformed
     */
    public static ServiceModel loadDefault() {
        return DefaultHolder.INSTANCE;
    }

    /**
     * Reads a botocore service model. The stream is read to its end but not closed.
     *
     * @param modelJson the model document
     * @return the resolved model
     * @throws UncheckedIOException if the stream cannot be read or is not JSON
     * @throws IllegalArgumentException if the document is not a consistent service model
     */
    public static ServiceModel load(InputStream modelJson) {
        JsonNode document;
        try {
            document = JsonTrees.read(new JsonFactory(), modelJson);
        } catch (IOException unreadable) {
            throw new UncheckedIOException("Cannot read the service model", unreadable);
        }
        return ServiceModelLoader.load(document);
    }

    /**
     * Returns the operation with the given name.
     *
     * @param name the operation name, for example {@code Encrypt}; may be null
     * @return the operation, or empty if the model has no such operation; no allocation either way
     */
    public Optional<OperationModel> operation(String name) {
        Optional<OperationModel> operation = name == null ? null : operationsByName.get(name);
        return operation == null ? Optional.empty() : operation;
    }

    /** Returns every operation, in model order; the collection is unmodifiable. */
    public Collection<OperationModel> operations() {
        return operations;
    }

    /** Returns the JSON 1.1 target prefix, {@code TrentService} for KMS. */
    public String targetPrefix() {
        return targetPrefix;
    }

    /** Returns the API version of the model, {@code 2014-11-01} for KMS. */
    public String apiVersion() {
        return apiVersion;
    }

    /**
     * Returns the shape with the given name.
     *
     * @param name the shape name as in the model, for example {@code EncryptRequest}
     * @return the shape, or empty if the model has no such shape
     */
    public Optional<Shape> shape(String name) {
        return Optional.ofNullable(shapes.get(name));
    }

    private static final class DefaultHolder {
        private static final ServiceModel INSTANCE = readDefault();

        private static ServiceModel readDefault() {
            try (InputStream stream = ServiceModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                if (stream == null) {
                    throw new IllegalStateException("Missing classpath resource " + DEFAULT_RESOURCE);
                }
                return load(stream);
            } catch (IOException | RuntimeException failure) {
                throw new IllegalStateException("Cannot load the service model " + DEFAULT_RESOURCE, failure);
            }
        }
    }
}
