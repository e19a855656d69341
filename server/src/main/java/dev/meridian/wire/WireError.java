package dev.meridian.wire;

import dev.meridian.core.ErrorCode;
import dev.meridian.core.KmsException;
import dev.meridian.wire.model.InvalidRequestException;
import dev.meridian.wire.model.OperationModel;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.EnumMap;
import java.util.Map;

/**
 * An error as the wire sends it: the AWS error shape ({@code __type}), the HTTP status and the message.
 * The one place where core error codes become AWS error shapes. An error without a message (null or
 * empty) has no {@code message} member, as AWS sends it: {@code {"__type":"InvalidCiphertextException"}}.
 */
record WireError(String type, HttpResponseStatus status, String message) {
    /** An empty message is no message: AWS leaves the member out rather than send {@code ""}. */
    WireError {
        if (message != null && message.isEmpty()) {
            message = null;
        }
    }

    private static final Map<ErrorCode, String> SHAPES = new EnumMap<>(ErrorCode.class);

    static {
        SHAPES.put(ErrorCode.ACCESS_DENIED, "AccessDeniedException");
        SHAPES.put(ErrorCode.ALREADY_EXISTS, "AlreadyExistsException");
        SHAPES.put(ErrorCode.CONFLICT, "ConflictException");
        SHAPES.put(ErrorCode.DEPENDENCY_TIMEOUT, "DependencyTimeoutException");
        SHAPES.put(ErrorCode.DISABLED, "DisabledException");
        SHAPES.put(ErrorCode.DRY_RUN_OPERATION, "DryRunOperationException");
        SHAPES.put(ErrorCode.EXPIRED_IMPORT_TOKEN, "ExpiredImportTokenException");
        SHAPES.put(ErrorCode.INCORRECT_KEY_MATERIAL, "IncorrectKeyMaterialException");
        SHAPES.put(ErrorCode.INVALID_IMPORT_TOKEN, "InvalidImportTokenException");
        SHAPES.put(ErrorCode.INCORRECT_KEY, "IncorrectKeyException");
        SHAPES.put(ErrorCode.INVALID_ALIAS_NAME, "InvalidAliasNameException");
        SHAPES.put(ErrorCode.INVALID_ARN, "InvalidArnException");
        SHAPES.put(ErrorCode.INVALID_CIPHERTEXT, "InvalidCiphertextException");
        SHAPES.put(ErrorCode.INVALID_GRANT_ID, "InvalidGrantIdException");
        SHAPES.put(ErrorCode.INVALID_GRANT_TOKEN, "InvalidGrantTokenException");
        SHAPES.put(ErrorCode.INVALID_KEY_USAGE, "InvalidKeyUsageException");
        SHAPES.put(ErrorCode.INVALID_MARKER, "InvalidMarkerException");
        SHAPES.put(ErrorCode.KMS_INTERNAL, "KMSInternalException");
        SHAPES.put(ErrorCode.KMS_INVALID_MAC, "KMSInvalidMacException");
        SHAPES.put(ErrorCode.KMS_INVALID_SIGNATURE, "KMSInvalidSignatureException");
        SHAPES.put(ErrorCode.KMS_INVALID_STATE, "KMSInvalidStateException");
        SHAPES.put(ErrorCode.LIMIT_EXCEEDED, "LimitExceededException");
        SHAPES.put(ErrorCode.MALFORMED_POLICY_DOCUMENT, "MalformedPolicyDocumentException");
        SHAPES.put(ErrorCode.NOT_AUTHORIZED, "NotAuthorizedException");
        SHAPES.put(ErrorCode.NOT_FOUND, "NotFoundException");
        SHAPES.put(ErrorCode.TAG, "TagException");
        SHAPES.put(ErrorCode.UNSUPPORTED_OPERATION, "UnsupportedOperationException");
        SHAPES.put(ErrorCode.VALIDATION, "ValidationException");
        for (ErrorCode code : ErrorCode.values()) {
            if (!SHAPES.containsKey(code)) {
                throw new ExceptionInInitializerError("No error shape for " + code);
            }
        }
    }

    /**
     * The core's error as AWS sends it: HTTP 500 for the service's own faults ({@code KMSInternalException},
     * {@code DependencyTimeoutException}: the service model marks both {@code "fault": true}), 400 for every other, as
     * AWS answered each recorded error. AWS's Smithy model gives other statuses (404, 409, 412 for client errors, 503
     * for DependencyTimeoutException), but recorded answers show 400 where it says 404, 409 or 412, so its statuses
     * are not what the JSON protocol sends.
     */
    static WireError of(KmsException exception) {
        HttpResponseStatus status = switch (exception.code()) {
            case KMS_INTERNAL, DEPENDENCY_TIMEOUT -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
            default -> HttpResponseStatus.BAD_REQUEST;
        };
        return new WireError(SHAPES.get(exception.code()), status, exception.getMessage());
    }

    /**
     * The core's error as {@link #of(KmsException)} sends it, except a {@code DependencyTimeoutException} for an
     * operation whose model does not list it (TagResource, UntagResource, ReplicateKey, UpdatePrimaryRegion and ten
     * more): there the store's timeout is {@code KMSInternalException}, the service fault every operation lists; both
     * are HTTP 500, which the SDKs retry.
     */
    static WireError of(KmsException exception, OperationModel operation) {
        if (exception.code() == ErrorCode.DEPENDENCY_TIMEOUT
                && !operation.errorShapeNames().contains(SHAPES.get(ErrorCode.DEPENDENCY_TIMEOUT))) {
            return internal();
        }
        return of(exception);
    }

    static WireError of(InvalidRequestException exception) {
        return new WireError(exception.errorType(), HttpResponseStatus.BAD_REQUEST, exception.getMessage());
    }

    static WireError badRequest(String type, String message) {
        return new WireError(type, HttpResponseStatus.BAD_REQUEST, message);
    }

    /** A request refused because the service cannot take more now (the audit queue is full): retryable. */
    static WireError throttled() {
        return new WireError("ThrottlingException", HttpResponseStatus.BAD_REQUEST, "Rate exceeded");
    }

    static WireError internal() {
        return new WireError("KMSInternalException", HttpResponseStatus.INTERNAL_SERVER_ERROR,
                "The request was rejected because an internal exception occurred. The request can be retried.");
    }

    byte[] body() {
        var node = Json.object().put("__type", type);
        if (message != null) {
            node.put("message", message);
        }
        return Json.bytes(node);
    }
}
