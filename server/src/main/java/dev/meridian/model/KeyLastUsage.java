package dev.meridian.model;

import java.time.Instant;
import java.util.Objects;

/**
 * The last successful cryptographic use of one Region's key: the operation, as GetKeyLastUsage names it
 * ({@code Encrypt}, {@code Decrypt}, {@code ReEncrypt}, {@code GenerateDataKey}...), and when.
 */
public record KeyLastUsage(KeyReference key, String operation, Instant timestamp) {
    public KeyLastUsage {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
