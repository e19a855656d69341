package dev.meridian.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The last successful cryptographic use of one Region's key: the operation, as GetKeyLastUsage names it
 * ({@code Encrypt}, {@code Decrypt}, {@code ReEncrypt}, {@code GenerateDataKey}...), when, and which request
 * it was: the request ID its caller got and the ID of its audit record (null when unknown).
 */
public record KeyLastUsage(KeyReference key, String operation, Instant timestamp, String requestId,
        String cloudTrailEventId) {
    public KeyLastUsage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** A use whose request is not known. */
    public KeyLastUsage(KeyReference key, String operation, Instant timestamp) {
        this(key, operation, timestamp, null, null);
    }
}
