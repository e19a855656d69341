package dev.meridian.policy;

/** A key policy that is not a valid policy document; the message says what is wrong (null: AWS gives none). */
public final class MalformedPolicyException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public MalformedPolicyException(String message) {
        super(message, null, false, false);
    }
}
