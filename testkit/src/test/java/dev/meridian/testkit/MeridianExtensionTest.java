package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

/**
 * The extension on a static field: one server for the class, started before {@code @BeforeAll}; what it
 * injects into constructors, lifecycle and test methods (clients of two Regions, the endpoint, the clock,
 * the server); the builder's settings; a reset between tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeridianExtensionTest {
    private static final MovableClock CLOCK = new MovableClock();
    private static final String WEST = "us-west-2";

    @RegisterExtension
    static MeridianExtension meridian = MeridianExtension.builder()
            .replicationDelay(Duration.ofSeconds(30))
            .account("444455556666")
            .clock(CLOCK)
            .configure(settings -> settings.keyLimitPerRegion(5))
            .build();

    private static MeridianEndpoint beforeAllEndpoint;
    private static MeridianEndpoint firstEndpoint;
    private final KmsClient constructorClient;

    MeridianExtensionTest(KmsClient client) {
        this.constructorClient = client;
    }

    @BeforeAll
    static void rememberTheEndpoint(MeridianEndpoint endpoint) {
        beforeAllEndpoint = endpoint;
    }

    @Test
    @Order(1)
    void injectsClientsForTwoRegionsTheEndpointTheClockAndTheServer(KmsClient east, @MeridianRegion(WEST) KmsClient west,
            MeridianEndpoint endpoint, URI uri, MovableClock clock, EmbeddedMeridian server) {
        assertThat(east).isSameAs(meridian.client()).isSameAs(meridian.client("us-east-1")).isSameAs(constructorClient);
        assertThat(west).isSameAs(meridian.client(WEST)).isNotSameAs(east);
        assertThat(endpoint).isEqualTo(beforeAllEndpoint).isEqualTo(meridian.endpoint());
        assertThat(endpoint.url()).isEqualTo(server.endpoint()).startsWith("http://127.0.0.1:");
        assertThat(uri).isEqualTo(endpoint.uri());
        assertThat(clock).isSameAs(CLOCK).isSameAs(meridian.clock());
        assertThat(server).isSameAs(meridian.server());
        assertThat(server.configuration().keyLimitPerRegion()).isEqualTo(5);

        String keyId = east.createKey(key -> key.multiRegion(true)).keyMetadata().keyId();
        assertThat(east.describeKey(key -> key.keyId(keyId)).keyMetadata().arn())
                .isEqualTo("arn:aws:kms:us-east-1:444455556666:key/" + keyId);
        east.replicateKey(replica -> replica.keyId(keyId).replicaRegion(WEST));
        assertThat(west.describeKey(key -> key.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.CREATING);

        clock.advance(Duration.ofSeconds(30));
        server.runDueWork();
        assertThat(west.describeKey(key -> key.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        firstEndpoint = endpoint;
    }

    @Test
    @Order(2)
    void oneServerServesTheWholeClass(MeridianEndpoint endpoint, KmsClient east, @MeridianRegion(WEST) KmsClient west) {
        assertThat(endpoint).isEqualTo(firstEndpoint);
        assertThat(east.listKeys().keys()).hasSize(1);
        assertThat(west.listKeys().keys()).hasSize(1);
    }

    @Test
    @Order(3)
    void aResetBetweenTestsWipesEveryKeyInMillisecondsAndKeepsTheServer(KmsClient east, @MeridianRegion(WEST) KmsClient west) {
        long started = System.nanoTime();
        meridian.reset();
        // Generous for a shared CI machine; it takes a few milliseconds.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));

        assertThat(east.listKeys().keys()).isEmpty();
        assertThat(west.listKeys().keys()).isEmpty();
        assertThat(meridian.endpoint()).isEqualTo(firstEndpoint);
        assertThat(east.createKey().keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
    }
}
