package dev.meridian.core;

import dev.meridian.model.KeyRecord;
import dev.meridian.model.KeyState;
import dev.meridian.store.StoreException;
import dev.meridian.store.StoreTimeoutException;

/**
 * The one exception the core throws for a request it refuses: a code and the message AWS KMS would send.
 * Messages never contain key material, plaintext or data keys.
 */
public final class KmsException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode code;

    public KmsException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public KmsException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /**
     * An error that AWS sends with no message at all ({@code InvalidCiphertextException} of a failed Decrypt,
     * {@code MalformedPolicyDocumentException} of a policy that is not JSON): the body then has no
     * {@code message} member. The one way the core makes such an error; {@link #getMessage()} is null.
     */
    public static KmsException withoutMessage(ErrorCode code) {
        return new KmsException(code, null);
    }

    public static KmsException notFound(String message) {
        return new KmsException(ErrorCode.NOT_FOUND, message);
    }

    public static KmsException validation(String message) {
        return new KmsException(ErrorCode.VALIDATION, message);
    }

    public static KmsException unsupported(String message) {
        return new KmsException(ErrorCode.UNSUPPORTED_OPERATION, message);
    }

    public static KmsException internal(Throwable cause) {
        return new KmsException(ErrorCode.KMS_INTERNAL,
                "The request was rejected because an internal exception occurred. The request can be retried.", cause);
    }

    /**
     * The error for a store that failed, nothing of the write applied (the one place a store failure becomes a
     * service error): {@code DependencyTimeoutException} when the store gave up waiting for its database within its
     * bound ({@link StoreTimeoutException}: the write lock another node holds), {@code KMSInternalException}
     * otherwise. Both say the request can be retried; neither says anything of the store.
     */
    public static KmsException storeFailure(StoreException failure) {
        if (failure instanceof StoreTimeoutException) {
            return new KmsException(ErrorCode.DEPENDENCY_TIMEOUT,
                    "The system timed out while trying to fulfill the request. You can retry the request.", failure);
        }
        return internal(failure);
    }

    /**
     * The error for a key whose state does not allow the operation: {@code DisabledException} for a
     * disabled key, {@code KMSInvalidStateException} with {@code "<arn> is <state>."} otherwise.
     */
    public static KmsException forState(KeyRecord key) {
        KeyState state = key.state();
        if (state == KeyState.Disabled) {
            return new KmsException(ErrorCode.DISABLED, key.arn() + " is disabled.");
        }
        return new KmsException(ErrorCode.KMS_INVALID_STATE, key.arn() + " is " + describe(state) + ".");
    }

    private static String describe(KeyState state) {
        return switch (state) {
            case Creating -> "creating";
            case Enabled -> "enabled";
            case Disabled -> "disabled";
            case PendingDeletion, PendingReplicaDeletion -> "pending deletion";
            case PendingImport -> "pending import";
            case Unavailable -> "unavailable";
            case Updating -> "updating";
        };
    }
}
