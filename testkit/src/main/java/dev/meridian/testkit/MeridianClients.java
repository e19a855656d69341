package dev.meridian.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * AWS SDK for Java v2 clients pointed at a Meridian, as the test kit makes them: static test credentials
 * (access key {@value #ACCESS_KEY_ID}), the URL connection HTTP client, one attempt only (a test sees the
 * server's first answer, never a retry's), and a read timeout of two minutes rather than the SDK's 30 seconds
 * (an RSA_4096 key pair takes seconds, far longer on a busy CI machine).
 *
 * <p>The HTTP client opens its connections through the JDK ({@link #openConnection}) rather than through the SDK's
 * own connection factory, which makes a TLS context for every client it builds (the JDK's TLS provider and trust
 * store loaded: about a tenth of a second of CPU for the first client of a JVM) that a Meridian, which speaks plain
 * HTTP, never uses. An {@code https} endpoint still works: the JDK makes its default TLS context when one is first
 * needed. Proxies are the JDK's ({@code http.proxyHost}; by default never for loopback addresses).
 */
public final class MeridianClients {
    /** The access key ID of the test credentials. */
    public static final String ACCESS_KEY_ID = "AKIDEXAMPLE";
    /** The read timeout of every client. */
    public static final Duration SOCKET_TIMEOUT = Duration.ofMinutes(2);
    /** The connect timeout of every client: the SDK's default. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private MeridianClients() {
    }

    /** A new KMS client for {@code region} at {@code endpoint}; the caller closes it. */
    public static KmsClient kms(String endpoint, String region) {
        return pointedAt(KmsClient.builder(), endpoint, region).build();
    }

    /** The builder of any service's synchronous client, set up as the class describes, for {@code region}. */
    public static <B extends AwsClientBuilder<B, ?> & SdkSyncClientBuilder<B, ?>> B pointedAt(B builder, String endpoint,
            String region) {
        return builder.endpointOverride(URI.create(endpoint))
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, "secret")))
                .httpClient(UrlConnectionHttpClient.create(MeridianClients::openConnection))
                .overrideConfiguration(configuration -> configuration.retryStrategy(RetryMode.STANDARD)
                        .retryStrategy(retry -> retry.maxAttempts(1)));
    }

    /** A connection to {@code uri} with the test kit's timeouts; the SDK sets the method, headers and body. */
    static HttpURLConnection openConnection(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(Math.toIntExact(CONNECT_TIMEOUT.toMillis()));
            connection.setReadTimeout(Math.toIntExact(SOCKET_TIMEOUT.toMillis()));
            return connection;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
