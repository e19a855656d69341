package dev.meridian.it;

import static dev.meridian.it.EncryptionSdkSupport.causes;
import static dev.meridian.it.EncryptionSdkSupport.discoveryKeyring;
import static dev.meridian.it.EncryptionSdkSupport.strictKeyring;
import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meridian.app.ServerConfiguration;
import dev.meridian.it.EncryptionSdkSupport.MeridianClients;
import dev.meridian.model.Region;
import dev.meridian.testkit.Outages;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.cryptography.materialproviders.model.CollectionOfErrors;

/**
 * The rehearsal multi-Region keys exist for: data encrypted under a multi-Region key in us-east-1 stays
 * readable while us-east-1 is down, through the replica in us-west-2 and the AWS Encryption SDK's
 * multi-Region-aware keyrings (strict and discovery), which never call us-east-1 for it. A keyring that knows
 * only us-east-1 fails for the outage's length, with the error the SDK raises, and works again once it is
 * lifted. Two outages: every us-east-1 request answered HTTP 500 {@code KMSInternalException} (set through
 * {@code POST /_meridian/outages}, as an operator would), and us-east-1's own listener refusing connections
 * (set through the test kit). The clients count what they send; the server's metrics count what it answered.
 */
class EncryptionSdkOutageIT {
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "us-west-2";
    private static final byte[] PLAINTEXT = "orders placed before the outage".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CONTEXT = Map.of("purpose", "outage-rehearsal");
    private static final String INTERNAL_ERROR =
            "The request was rejected because an internal exception occurred. The request can be retried.";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** us-east-1 has a listener of its own, which an outage can close; us-west-2 is served on the main port. */
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
            .regionPorts(Map.of(Region.of(PRIMARY), 0)));
    private static String keyId;
    /** Encrypted in us-east-1, before any outage. */
    private static byte[] message;

    private final AwsCrypto crypto = AwsCrypto.builder().build();

    @BeforeAll
    static void encryptBeforeTheOutage() {
        keyId = kms.client(PRIMARY).createKey(request -> request.multiRegion(true)).keyMetadata().keyId();
        kms.client(PRIMARY).replicateKey(request -> request.keyId(keyId).replicaRegion(REPLICA));
        kms.server().runDueWork();
        assertThat(kms.client(REPLICA).describeKey(request -> request.keyId(keyId)).keyMetadata().keyState())
                .isEqualTo(KeyState.ENABLED);
        try (MeridianClients clients = regionalClients()) {
            message = AwsCrypto.builder().build().encryptData(strictKeyring(clients, arn(PRIMARY, keyId)), PLAINTEXT,
                    CONTEXT).getResult();
            assertThat(clients.sentTo(PRIMARY)).containsExactly("GenerateDataKey");
        }
    }

    @AfterEach
    void liftEveryOutage() {
        kms.server().outages().liftAll();
    }

    /** Clients as an application in AWS has them: us-east-1's at its own endpoint, every other Region's at the main one. */
    private static MeridianClients regionalClients() {
        return new MeridianClients(region -> region.equals(PRIMARY) ? kms.server().endpoint(PRIMARY) : kms.server().endpoint());
    }

    @Test
    void whileUsEast1AnswersInternalErrorsTheReplicaInUsWest2Decrypts() throws Exception {
        double decryptsServedInPrimary = metric("meridian_requests_total{operation=\"Decrypt\",outcome=\"ok\",region=\"us-east-1\"}");
        double decryptsServedInReplica = metric("meridian_requests_total{operation=\"Decrypt\",outcome=\"ok\",region=\"us-west-2\"}");
        String faultedInPrimary = "meridian_injected_faults_total{fault=\"INTERNAL_ERROR\",operation=\"Decrypt\",region=\"us-east-1\"}";
        double faultedBefore = metric(faultedInPrimary);
        HttpResponse<String> outage = admin("POST", "/_meridian/outages",
                "{\"region\":\"us-east-1\",\"fault\":\"INTERNAL_ERROR\",\"probability\":1.0}");
        assertThat(outage.statusCode()).isEqualTo(201);
        String outageId = JSON.readTree(outage.body()).path("id").asText();

        try (MeridianClients clients = regionalClients()) {
            // The keyring that knows only us-east-1 fails: its one Decrypt is answered 500 KMSInternalException.
            Throwable failed = catchThrowable(() -> crypto.decryptData(strictKeyring(clients, arn(PRIMARY, keyId)), message));
            assertNoKeyringDecrypted(failed);
            // The Material Providers Library hands on a KmsInternalException rebuilt from the SDK's message alone
            // (no status code or error details of its own): the message names AWS's text and the HTTP status.
            assertThat(causes(failed)).anySatisfy(cause -> assertThat(cause).isInstanceOf(KmsInternalException.class)
                    .hasMessageStartingWith(INTERNAL_ERROR + " (Service: Kms, Status Code: 500, Request ID: "));
            assertThat(clients.sentTo(PRIMARY)).containsExactly("Decrypt");
            clients.forget();

            assertDecryptsThroughTheReplicaAlone(clients);
        }
        // The server's count agrees: us-east-1 faulted the one Decrypt sent to it and served none; us-west-2 served two.
        assertThat(metric(faultedInPrimary)).isEqualTo(faultedBefore + 1);
        assertThat(metric("meridian_requests_total{operation=\"Decrypt\",outcome=\"ok\",region=\"us-east-1\"}"))
                .isEqualTo(decryptsServedInPrimary);
        assertThat(metric("meridian_requests_total{operation=\"Decrypt\",outcome=\"ok\",region=\"us-west-2\"}"))
                .isEqualTo(decryptsServedInReplica + 2);

        assertThat(admin("DELETE", "/_meridian/outages/" + outageId, null).statusCode()).isEqualTo(204);
        assertTheUsEast1KeyringWorksAgain();
    }

    @Test
    void whileUsEast1RefusesConnectionsTheReplicaInUsWest2Decrypts() {
        Outages.Handle outage = kms.server().outages().region(PRIMARY).refuseConnections();
        try (MeridianClients clients = regionalClients()) {
            // The keyring that knows only us-east-1 fails: its one Decrypt finds no listener.
            Throwable refused = catchThrowable(() -> crypto.decryptData(strictKeyring(clients, arn(PRIMARY, keyId)), message));
            assertNoKeyringDecrypted(refused);
            assertThat(causes(refused)).anySatisfy(cause -> assertThat(cause).isInstanceOf(SdkClientException.class)
                    .hasMessageStartingWith("Unable to execute HTTP request: Connection refused"));
            assertThat(causes(refused)).anySatisfy(cause -> assertThat(cause).isInstanceOf(ConnectException.class));
            assertThat(clients.sentTo(PRIMARY)).containsExactly("Decrypt");
            clients.forget();

            assertDecryptsThroughTheReplicaAlone(clients);
        } finally {
            outage.lift();
        }
        assertTheUsEast1KeyringWorksAgain();
    }

    /** What the SDK raises when no keyring could unwrap the message's data key (the cause is among its members). */
    private static void assertNoKeyringDecrypted(Throwable error) {
        assertThat(error).isInstanceOf(CollectionOfErrors.class)
                .hasMessageStartingWith("No Configured Keyring was able to decrypt the Data Key.");
    }

    /** Both multi-Region-aware keyrings for us-west-2 decrypt, with one Decrypt there each and nothing to us-east-1. */
    private void assertDecryptsThroughTheReplicaAlone(MeridianClients clients) {
        assertThat(crypto.decryptData(strictKeyring(clients, arn(REPLICA, keyId)), message, CONTEXT).getResult())
                .isEqualTo(PLAINTEXT);
        assertThat(crypto.decryptData(discoveryKeyring(clients, REPLICA, ACCOUNT), message, CONTEXT).getResult())
                .isEqualTo(PLAINTEXT);
        assertThat(clients.sentTo(REPLICA)).containsExactly("Decrypt", "Decrypt");
        assertThat(clients.sentTo(PRIMARY)).isEmpty();
    }

    /** After the outage is lifted, the keyring that knows only us-east-1 decrypts again, in us-east-1. */
    private void assertTheUsEast1KeyringWorksAgain() {
        try (MeridianClients clients = regionalClients()) {
            assertThat(crypto.decryptData(strictKeyring(clients, arn(PRIMARY, keyId)), message, CONTEXT).getResult())
                    .isEqualTo(PLAINTEXT);
            assertThat(clients.sentTo(PRIMARY)).containsExactly("Decrypt");
            assertThat(clients.sentTo(REPLICA)).isEmpty();
        }
    }

    private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(kms.server().endpoint() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one series of the server's Prometheus metrics, 0 while it has none. */
    private static double metric(String series) throws Exception {
        String text = admin("GET", "/metrics", null).body();
        return text.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElse(0.0);
    }
}
