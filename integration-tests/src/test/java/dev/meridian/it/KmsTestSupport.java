package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.MeridianClients;
import dev.meridian.testkit.MeridianExtension;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsException;

/**
 * What the integration tests share: AWS SDK v2 KMS clients (one per Region) pointed at an embedded
 * server, and an assertion for AWS errors (exception class, error code, message, HTTP status). The server
 * and its clients are the test kit's {@link MeridianExtension}; this class keeps the suite's older API over it.
 */
public final class KmsTestSupport implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    public static final String ACCOUNT = "111122223333";
    private final MeridianExtension meridian;

    /** Around a server the caller started; closing this closes it. */
    public KmsTestSupport(EmbeddedMeridian server) {
        this(MeridianExtension.around(server));
    }

    private KmsTestSupport(MeridianExtension meridian) {
        this.meridian = meridian;
    }

    /**
     * One server for a whole test class, with a zero replication delay: register it with
     * {@code @RegisterExtension static final KmsTestSupport kms = KmsTestSupport.perClass();}. It starts
     * before the class's first test and stops after its last.
     */
    public static KmsTestSupport perClass() {
        return new KmsTestSupport(MeridianExtension.builder().build());
    }

    /** The same, with these settings (port and data folder are the test kit's). */
    public static KmsTestSupport perClass(ServerConfiguration.Builder settings) {
        return new KmsTestSupport(MeridianExtension.builder().configure(ignored -> settings).build());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        meridian.beforeAll(context);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        meridian.afterAll(context);
    }

    public EmbeddedMeridian server() {
        return meridian.server();
    }

    /** A new symmetric key in {@code region}, with every default; its key ID. */
    public String createKey(String region) {
        return client(region).createKey(request -> { }).keyMetadata().keyId();
    }

    /** A client for {@code region}; made once per server endpoint, closed with this object. */
    public KmsClient client(String region) {
        return meridian.client(region);
    }

    /** A fresh client, for an endpoint that changed (after a restart). */
    public static KmsClient client(String endpoint, String region) {
        return MeridianClients.kms(endpoint, region);
    }

    /**
     * An SDK client builder of any service, pointed at {@code endpoint} for {@code region}, as the test kit
     * makes them ({@link MeridianClients}): test credentials (access key {@code AKIDEXAMPLE}), the URL
     * connection HTTP client, one attempt only, a read timeout of two minutes.
     */
    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B pointedAt(B builder, String endpoint,
            String region) {
        return MeridianClients.pointedAt(builder, endpoint, region);
    }

    /**
     * Nothing to do any more: clients are kept per endpoint, so after {@link EmbeddedMeridian#restart()} moved
     * the server to a new port, {@link #client(String)} makes new ones. Kept for the tests that call it.
     */
    public void resetClients() {
    }

    public static String arn(String region, String keyId) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + keyId;
    }

    public static SdkBytes bytes(String text) {
        return SdkBytes.fromUtf8String(text);
    }

    /**
     * Asserts that {@code call} fails with an exception of {@code type}, the AWS error code of that type's
     * name, {@code message} exactly, and HTTP {@code status}.
     */
    public static <T extends KmsException> T assertKmsError(ThrowingCallable call, Class<T> type, String message,
            int status) {
        T error = catchThrowableOfType(type, call);
        assertThat(error).as("expected %s", type.getSimpleName()).isNotNull();
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(errorCode(type));
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(error.statusCode()).isEqualTo(status);
        return error;
    }

    /** The wire's {@code __type} for an SDK exception class: {@code KmsInvalidStateException} is {@code KMSInvalidStateException}. */
    static String errorCode(Class<? extends KmsException> type) {
        String name = type.getSimpleName();
        return name.startsWith("Kms") ? "KMS" + name.substring(3) : name;
    }

    public static <T extends KmsException> T assertKmsError(ThrowingCallable call, Class<T> type, String message) {
        return assertKmsError(call, type, message, 400);
    }

    /**
     * Asserts an error whose shape the service model does not declare for the operation
     * ({@code ValidationException}, {@code NotAuthorizedException}), so that the SDK throws a plain
     * {@link KmsException}: its error code, its exact message, and HTTP 400.
     */
    public static KmsException assertUndeclaredError(ThrowingCallable call, String errorCode, String message) {
        KmsException error = catchThrowableOfType(KmsException.class, call);
        assertThat(error).as("expected %s", errorCode).isNotNull();
        assertThat(error.getClass()).isEqualTo(KmsException.class);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(errorCode);
        assertThat(error.awsErrorDetails().errorMessage()).isEqualTo(message);
        assertThat(error.statusCode()).isEqualTo(400);
        return error;
    }

    @Override
    public void close() {
        meridian.close();
    }
}
