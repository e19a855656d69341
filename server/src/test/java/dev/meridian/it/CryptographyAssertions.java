package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * Errors that the KMS model declares no exception class for (the SDK then throws the plain
 * {@link KmsException}): {@code ValidationException} above all.
 */
final class CryptographyAssertions {
    private CryptographyAssertions() {
    }

    /** Asserts a {@code ValidationException} with exactly {@code message} and HTTP 400. */
    static void assertValidationError(ThrowingCallable call, String message) {
        KmsException error = catchThrowableOfType(KmsException.class, call);
        assertThat(error).as("expected ValidationException").isNotNull();
        assertThat(error.getClass()).isEqualTo(KmsException.class);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(error.statusCode()).isEqualTo(400);
    }
}
