package dev.meridian.wire.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of the service model, such as {@code Encrypt}: its name, its resolved input shape, the name of
 * its output shape and the names of the error shapes it may return.
 *
 * <p>Immutable and thread-safe.
 */
public final class OperationModel {

    private final String name;
    private final Shape inputShape;
    private final Optional<String> outputShapeName;
    private final List<String> errorShapeNames;

    OperationModel(String name, Shape inputShape, String outputShapeName, List<String> errorShapeNames) {
        this.name = Objects.requireNonNull(name, "name");
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
        this.outputShapeName = Optional.ofNullable(outputShapeName);
        this.errorShapeNames = List.copyOf(errorShapeNames);
        if (inputShape.type() != ShapeType.STRUCTURE) {
            throw new IllegalArgumentException("Operation " + name + ": the input shape must be a structure");
        }
    }

    /** Returns the operation name, which is also the part of {@code X-Amz-Target} after the dot. */
    public String name() {
        return name;
    }

    /**
     * Returns the structure shape that the request body must satisfy. An operation without input in the model
     * gets an empty structure, so that every body object is accepted.
     */
    public Shape inputShape() {
        return inputShape;
    }

    /** Returns the name of the output shape, or empty for operations that answer with an empty body. */
    public Optional<String> outputShapeName() {
        return outputShapeName;
    }

    /** Returns the names of the error shapes the operation may return, in model order. */
    public List<String> errorShapeNames() {
        return errorShapeNames;
    }

    @Override
    public String toString() {
        return "OperationModel[" + name + "]";
    }
}
