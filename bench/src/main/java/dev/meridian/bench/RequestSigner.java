package dev.meridian.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs KMS JSON 1.1 requests with Signature Version 4, using the AWS SDK's own
 * {@link AwsV4HttpSigner} so that the headers are exactly those an AWS SDK client would send
 * ({@code Authorization} with {@code Credential=<access key>/<yyyymmdd>/<region>/kms/aws4_request},
 * {@code X-Amz-Date}, {@code Host}, and the signed {@code Content-Type} and {@code X-Amz-Target}).
 */
public final class RequestSigner {
    /** The content type of the AWS JSON 1.1 protocol. */
    public static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final String SIGNING_NAME = "kms";

    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final URI endpoint;
    private final String region;
    private final AwsCredentialsIdentity credentials;

    /**
     * Creates a signer for one endpoint.
     *
     * @param endpoint the KMS endpoint, for example {@code http://127.0.0.1:5001}; requests go to its path or {@code /}
     * @param region the signing region, for example {@code us-east-1}
     * @param accessKeyId the access key id written in the credential scope
     * @param secretAccessKey the secret key the signature is computed with
     */
    public RequestSigner(URI endpoint, String region, String accessKeyId, String secretAccessKey) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
    }

    /** Returns the request path: the endpoint's path, or {@code /} when it has none. */
    public String path() {
        String path = endpoint.getRawPath();
        return path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * Signs one POST of {@code body} to the endpoint for the given operation.
     *
     * @return every header of the signed request (name and value, in the signer's order), including {@code Host}
     */
    public List<Map.Entry<String, String>> sign(KmsOperation operation, byte[] body) {
        SdkHttpRequest request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(endpoint.resolve(path()))
                .putHeader("Content-Type", CONTENT_TYPE)
                .putHeader("X-Amz-Target", operation.target())
                .build();
        SignedRequest signed = signer.sign(signRequest -> signRequest
                .identity(credentials)
                .request(request)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SIGNING_NAME)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        signed.request().forEachHeader((name, values) -> values.forEach(value -> headers.add(Map.entry(name, value))));
        return headers;
    }
}
