package dev.meridian.identity;

import java.util.Objects;

/**
 * A request STS refuses, as STS's Query protocol names the error: its {@code Code} ({@code AccessDenied},
 * {@code ValidationError}...), its HTTP status and its message. The wire writes it as STS's XML
 * {@code ErrorResponse}. Messages never hold a secret.
 */
public final class StsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final int status;

    public StsException(String code, int status, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.status = status;
    }

    /** {@code ValidationError}, 400. */
    public static StsException validation(String message) {
        return new StsException("ValidationError", 400, message);
    }

    /** {@code AccessDenied}, 403. */
    public static StsException accessDenied(String message) {
        return new StsException("AccessDenied", 403, message);
    }

    /** The error's {@code Code}. */
    public String code() {
        return code;
    }

    /** The HTTP status of the answer. */
    public int status() {
        return status;
    }
}
