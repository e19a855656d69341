package dev.meridian.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.model.Region;
import dev.meridian.testkit.EmbeddedMeridian;
import dev.meridian.testkit.Outages;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A Region with a listener of its own ({@code regionPorts}, {@code --region-port}): its clients connect there, an
 * outage closes it (and the connections it accepted) so that the SDK's next connection is refused, holding the port
 * meanwhile so that no other socket is given it, and lifting the outage binds the same port again. The main port,
 * and the other Regions' listeners, keep serving.
 */
class OutageConnectionIT {
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass(ServerConfiguration.builder().replicationDelay(Duration.ZERO)
            .regionPorts(Map.of(Region.of("us-west-2"), 0, Region.of("eu-west-2"), 0)));

    @AfterEach
    void liftAll() {
        kms.server().outages().liftAll();
    }

    private static KmsClient regionClient(String region) {
        return KmsTestSupport.client(kms.server().endpoint(region), region);
    }

    @Test
    void aRefusedRegionRefusesConnectionsUntilLiftedThenServesOnTheSamePort() {
        EmbeddedMeridian server = kms.server();
        String endpoint = server.endpoint("us-west-2");
        assertThat(endpoint).isNotEqualTo(server.endpoint());
        try (KmsClient west = regionClient("us-west-2"); KmsClient otherRegion = regionClient("eu-west-2")) {
            String keyId = west.createKey(request -> { }).keyMetadata().keyId(); // a connection now open and pooled

            Outages.Handle outage = server.outages().region("us-west-2").refuseConnections();
            SdkClientException refused = catchThrowableOfType(SdkClientException.class,
                    () -> west.describeKey(request -> request.keyId(keyId)));
            assertThat(refused).isNotNull().hasRootCauseInstanceOf(ConnectException.class);
            assertThat(connects(endpoint)).isFalse();

            // The other Region's listener, and the main port (where the SigV4 scope names the Region), still serve.
            otherRegion.listKeys();
            try (KmsClient westThroughMainPort = KmsTestSupport.client(server.endpoint(), "us-west-2")) {
                assertThat(westThroughMainPort.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
            }

            assertThat(outage.lift()).isTrue();
            assertThat(server.endpoint("us-west-2")).isEqualTo(endpoint);
            assertThat(west.describeKey(request -> request.keyId(keyId)).keyMetadata().keyId()).isEqualTo(keyId);
        }
    }

    @Test
    void aRequestOnARegionsPortIsServedAsItsSignatureScopeSays() {
        try (KmsClient eastOnWestPort = KmsTestSupport.client(kms.server().endpoint("us-west-2"), "us-east-1")) {
            String arn = eastOnWestPort.createKey(request -> { }).keyMetadata().arn();
            assertThat(arn).startsWith("arn:aws:kms:us-east-1:");
        }
    }

    @Test
    void theOperatorEndpointRefusesAndRestoresConnections() throws Exception {
        String endpoint = kms.server().endpoint("eu-west-2");
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(kms.server().endpoint() + "/_meridian/outages"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"region\":\"eu-west-2\",\"fault\":\"REFUSE_CONNECTIONS\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.body()).contains("\"fault\":\"REFUSE_CONNECTIONS\"");
        assertThat(connects(endpoint)).isFalse();

        HttpResponse<String> lifted = http.send(HttpRequest.newBuilder(URI.create(kms.server().endpoint() + "/_meridian/outages"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(lifted.statusCode()).isEqualTo(204);
        assertThat(connects(endpoint)).isTrue();
        try (KmsClient client = regionClient("eu-west-2")) {
            client.listKeys();
        }
    }

    @Test
    void aRefusedRegionsPortStaysHeldSoNoOtherSocketIsGivenItAndTheRegionGetsItBack() throws IOException {
        EmbeddedMeridian server = kms.server();
        String endpoint = server.endpoint("eu-west-2");
        Outages.Handle outage = server.outages().region("eu-west-2").refuseConnections();

        assertThat(connects(endpoint)).isFalse();
        // Free, the port could be bound by anyone (and given to another server's port 0); held, it cannot.
        try (ServerSocket stranger = new ServerSocket()) {
            stranger.setReuseAddress(false);
            URI uri = URI.create(endpoint);
            assertThatThrownBy(() -> stranger.bind(new InetSocketAddress(uri.getHost(), uri.getPort())))
                    .isInstanceOf(BindException.class);
        }

        assertThat(outage.lift()).isTrue();
        assertThat(server.endpoint("eu-west-2")).isEqualTo(endpoint);
        try (KmsClient client = regionClient("eu-west-2")) {
            client.listKeys();
        }
    }

    private static boolean connects(String endpoint) {
        URI uri = URI.create(endpoint);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            return true;
        } catch (ConnectException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
