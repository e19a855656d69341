package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.meridian.testkit.MeridianExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The web console of a strict-mode server over HTTP: its static files (page, modules, the vendored hashes, style,
 * icon) are served without a signature, since they hold no data; every endpoint under {@code /_meridian/} (the
 * console's JSON API, the outages, the rest) is still 403 with the exact message unsigned or signed by a user, and
 * answers when an account root signs it with the AWS SDK's SigV4 signer, query strings included.
 */
class ConsoleStrictApiIT {
    static final String ACCOUNT = "111122223333";
    static final String ROOT_KEY = "AKIAROOT000000000001";
    static final String ROOT_SECRET = "root-secret-key";
    static final String USER_KEY = "AKIAUSER000000000001";
    static final String USER_SECRET = "user-secret-key";
    static final String REGION = "us-east-1";
    static final String UNSIGNED = "In strict mode the operator endpoints need a request signed (SigV4, service kms) by an"
            + " account root of the identity file: MissingAuthenticationTokenException: Request is missing Authentication Token";
    private static final Map<String, String> CONTENT_TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    @RegisterExtension
    static final MeridianExtension meridian = MeridianExtension.builder().identities(identityFile()).build();

    @Test
    void theConsolesStaticFilesAreServedUnsigned() {
        List<String> files = List.of("/console", "/console/", "/console/index.html", "/console/style.css",
                "/console/favicon.svg", "/console/app.js", "/console/api.js", "/console/dom.js", "/console/format.js",
                "/console/keys.js", "/console/key-details.js", "/console/region-map.js", "/console/audit.js",
                "/console/outages.js", "/console/session.js", "/console/sign-in.js", "/console/sigv4.js",
                "/console/vendor/sha2.js", "/console/vendor/hmac.js", "/console/vendor/utils.js", "/console/vendor/_md.js",
                "/console/vendor/_u64.js");
        for (String file : files) {
            HttpResponse<String> response = raw(HttpRequest.newBuilder(uri(file)).GET().build());
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            String extension = file.contains(".") ? file.substring(file.lastIndexOf('.') + 1) : "html";
            assertThat(response.headers().firstValue("Content-Type")).as(file).contains(CONTENT_TYPES.get(extension));
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(file).isPresent();
        }
        HttpResponse<String> missing = raw(HttpRequest.newBuilder(uri("/console/secrets.json")).GET().build());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"The console has no file /console/secrets.json\"}");
    }

    @Test
    void everyEndpointUnderMeridianIsRefusedUnsignedWithTheExactMessage() {
        for (String[] request : new String[][] {
                {"GET", "/_meridian/console/api/overview"},
                {"GET", "/_meridian/console/api/keys?account=" + ACCOUNT + "&region=" + REGION},
                {"GET", "/_meridian/console/api/key?account=" + ACCOUNT + "&region=" + REGION
                        + "&keyId=1234abcd-12ab-34cd-56ef-1234567890ab"},
                {"GET", "/_meridian/console/api/audit?account=" + ACCOUNT},
                {"GET", "/_meridian/console/api/nothing"},
                {"GET", "/_meridian/outages"},
                {"POST", "/_meridian/outages"},
                {"DELETE", "/_meridian/outages"},
                {"DELETE", "/_meridian/outages/o-1"},
                {"GET", "/_meridian/replication/status"},
                {"POST", "/_meridian/reset"},
                {"GET", "/_meridian/nothing"}}) {
            String body = request[0].equals("POST") ? "{\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\",\"probability\":1}" : "";
            ConsoleSupport.Answer answer = ConsoleSupport.send(HttpRequest.newBuilder(uri(request[1]))
                    .method(request[0], HttpRequest.BodyPublishers.ofString(body)).build());
            assertThat(answer.status()).as(request[0] + " " + request[1]).isEqualTo(403);
            assertThat(answer.body().get("message").asText()).as(request[1]).isEqualTo(UNSIGNED);
        }
        assertThat(meridian.outages().inForce()).isEmpty();
    }

    @Test
    void aUsersSignatureIsRefusedAndARootsIsAnsweredWithItsQueryString() {
        ConsoleSupport.Answer user = send(signed("GET", "/_meridian/console/api/overview", "", USER_KEY, USER_SECRET));
        assertThat(user.status()).isEqualTo(403);
        assertThat(user.body().get("message").asText()).isEqualTo("In strict mode the operator endpoints are an account"
                + " root's; arn:aws:iam::" + ACCOUNT + ":user/console-user is not one");
        ConsoleSupport.Answer wrongSecret = send(signed("GET", "/_meridian/console/api/overview", "", ROOT_KEY, "not-it"));
        assertThat(wrongSecret.status()).isEqualTo(403);
        assertThat(wrongSecret.body().get("message").asText()).isEqualTo(wrongSecretMessage());

        String keyId;
        try (KmsClient root = rootClient(meridian)) {
            keyId = root.createKey(request -> request.description("strict <console> key")).keyMetadata().keyId();
        }
        assertThat(ok("/_meridian/console/api/overview").get("accounts").get(0).get("accountId").asText()).isEqualTo(ACCOUNT);
        JsonNode keys = ok("/_meridian/console/api/keys?region=" + REGION + "&account=" + ACCOUNT);
        assertThat(keys.get("keys").findValuesAsText("keyId")).contains(keyId);
        assertThat(ok("/_meridian/console/api/key?account=" + ACCOUNT + "&region=" + REGION + "&keyId=" + keyId)
                .get("general").get("description").asText()).isEqualTo("strict <console> key");
        assertThat(ok("/_meridian/console/api/audit?account=" + ACCOUNT + "&eventName=CreateKey&region=" + REGION)
                .get("events").isArray()).isTrue();

        ConsoleSupport.Answer created = send(signed("POST", "/_meridian/outages",
                "{\"region\":\"eu-west-1\",\"fault\":\"THROTTLING\",\"probability\":1}", ROOT_KEY, ROOT_SECRET));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        String id = created.body().get("id").asText();
        assertThat(ok("/_meridian/outages").get("outages").findValuesAsText("id")).containsExactly(id);
        HttpResponse<String> lifted = raw(signed("DELETE", "/_meridian/outages/" + id, "", ROOT_KEY, ROOT_SECRET));
        assertThat(lifted.statusCode()).isEqualTo(204);
        assertThat(ok("/_meridian/outages").get("outages")).isEmpty();
    }

    /** A KMS client signing with the root's key. */
    static KmsClient rootClient(MeridianExtension server) {
        return KmsTestSupport.pointedAt(KmsClient.builder(), server.server().endpoint(), REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ROOT_KEY, ROOT_SECRET)))
                .build();
    }

    /** The refusal of a root's key signed with a wrong secret. */
    static String wrongSecretMessage() {
        return "In strict mode the operator endpoints need a request signed (SigV4, service kms) by an account root of the"
                + " identity file: InvalidSignatureException: The request signature we calculated does not match the"
                + " signature you provided. Check your AWS Secret Access Key and signing method. Consult the service"
                + " documentation for details.";
    }

    private static JsonNode ok(String path) {
        ConsoleSupport.Answer answer = send(signed("GET", path, "", ROOT_KEY, ROOT_SECRET));
        assertThat(answer.status()).as(path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static ConsoleSupport.Answer send(HttpRequest request) {
        return ConsoleSupport.send(request);
    }

    private static URI uri(String path) {
        return URI.create(meridian.server().endpoint() + path);
    }

    /** The request signed by the AWS SDK's SigV4 signer (service kms) with the key given, as a Java HTTP request. */
    private static HttpRequest signed(String method, String path, String body, String key, String secret) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri(path)).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(signing -> signing
                .identity(AwsCredentialsIdentity.create(key, secret))
                .request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kms")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(meridian.clock().instant(), ZoneOffset.UTC)));
        HttpRequest.Builder builder = HttpRequest.newBuilder(signed.request().getUri())
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }

    private static HttpResponse<String> raw(HttpRequest request) {
        try {
            return ConsoleSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An identity file of one account: its root's key and a user's with every KMS action allowed. */
    static Path identityFile() {
        return StrictSupport.writeIdentityFile("""
                {"accounts": [
                  {"id": "%s",
                   "rootAccessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                   "users": [{"name": "console-user",
                              "accessKeys": [{"accessKeyId": "%s", "secretAccessKey": "%s"}],
                              "policies": [{"Version": "2012-10-17",
                                            "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}]}]}
                ]}
                """.formatted(ACCOUNT, ROOT_KEY, ROOT_SECRET, USER_KEY, USER_SECRET));
    }
}
