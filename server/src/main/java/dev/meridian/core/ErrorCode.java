package dev.meridian.core;

/**
 * Every error the core can report. The wire maps each code, in one place, to the AWS error shape
 * ({@code __type}) and HTTP status a KMS client expects.
 */
public enum ErrorCode {
    ACCESS_DENIED,
    ALREADY_EXISTS,
    CONFLICT,
    DEPENDENCY_TIMEOUT,
    DISABLED,
    DRY_RUN_OPERATION,
    EXPIRED_IMPORT_TOKEN,
    INCORRECT_KEY_MATERIAL,
    INCORRECT_KEY,
    INVALID_ALIAS_NAME,
    INVALID_ARN,
    INVALID_CIPHERTEXT,
    INVALID_GRANT_ID,
    INVALID_GRANT_TOKEN,
    INVALID_IMPORT_TOKEN,
    INVALID_KEY_USAGE,
    INVALID_MARKER,
    KMS_INTERNAL,
    KMS_INVALID_MAC,
    KMS_INVALID_SIGNATURE,
    KMS_INVALID_STATE,
    LIMIT_EXCEEDED,
    MALFORMED_POLICY_DOCUMENT,
    NOT_AUTHORIZED,
    NOT_FOUND,
    TAG,
    UNSUPPORTED_OPERATION,
    VALIDATION
}
