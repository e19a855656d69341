package dev.meridian.wire.model;

import java.util.Objects;

/**
 * A request body that does not satisfy the input shape of its operation. {@link #errorType()} is the AWS error
 * code for the {@code __type} field of the error response and {@link #getMessage()} its message; both answer
 * with HTTP status 400.
 *
 * <ul>
 *   <li>{@value #SERIALIZATION} — the body cannot be read as the input shape: a value of the wrong JSON type,
 *       invalid base64 for a blob, a number out of range for its type, a body that is not a JSON object.</li>
 *   <li>{@value #VALIDATION} — the body reads fine but breaks constraints of the model (required, length,
 *       value range, pattern, enum); the message lists the violations as AWS does.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe. It carries no stack trace, since it reports a client mistake rather than a
 * server fault, and is thrown on the hot path.
 */
public final class InvalidRequestException extends RuntimeException {

    /** The error type of constraint violations. */
    public static final String VALIDATION = "ValidationException";
    /** The error type of bodies that cannot be read as the input shape. */
    public static final String SERIALIZATION = "SerializationException";

    private static final long serialVersionUID = 1L;

    private final String errorType;

    private InvalidRequestException(String errorType, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.errorType = errorType;
    }

    /**
     * Makes a {@value #VALIDATION}.
     *
     * @param message the complete message, for example {@code 1 validation error detected: ...}
     * @return the exception
     */
    public static InvalidRequestException validation(String message) {
        return new InvalidRequestException(VALIDATION, message);
    }

    /**
     * Makes a {@value #SERIALIZATION}.
     *
     * @param message what could not be read
     * @return the exception
     */
    public static InvalidRequestException serialization(String message) {
        return new InvalidRequestException(SERIALIZATION, message);
    }

    /** Returns {@value #VALIDATION} or {@value #SERIALIZATION}. */
    public String errorType() {
        return errorType;
    }
}
