package dev.meridian.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.wire.outage.Fault;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/**
 * The builder's seed, Region listener, outages and replication pause together: the seeded keys are there from
 * the first request and come back after a reset; an outage and a pause set through the extension hold until
 * lifted, and a reset lifts them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeededRehearsalTest {
    private static final Path SEED = Path.of("..", "examples", "seed.yaml");
    private static final String ORDERS = "alias/orders";
    private static final String ORDERS_KEY = "71afd6ba-b888-4ad8-8629-1a8e05272076";

    @RegisterExtension
    static MeridianExtension meridian = MeridianExtension.builder().seed(SEED).regionListener("us-west-2").build();

    @Test
    @Order(1)
    void theSeededKeysAnswerTheFirstRequestAndAResetReturnsToTheSeed(KmsClient east) {
        assertThat(east.describeKey(request -> request.keyId(ORDERS)).keyMetadata().keyId()).isEqualTo(ORDERS_KEY);
        String created = east.createKey(request -> { }).keyMetadata().keyId();

        meridian.reset();

        assertThat(east.describeKey(request -> request.keyId(ORDERS)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        assertThatThrownBy(() -> east.describeKey(request -> request.keyId(created))).isInstanceOf(NotFoundException.class);
    }

    @Test
    @Order(2)
    void anOutageAndAPauseHoldUntilAResetLiftsThem(KmsClient east, @MeridianRegion("us-west-2") KmsClient west) {
        meridian.outages().region("us-east-1").operation("Encrypt").failWith(Fault.INTERNAL_ERROR);
        meridian.replication().pause("eu-west-1");
        assertThatThrownBy(() -> east.encrypt(request -> request.keyId(ORDERS).plaintext(
                SdkBytes.fromUtf8String("x")))).isInstanceOf(KmsInternalException.class);
        try (KmsClient westListener = MeridianClients.kms(meridian.server().endpoint("us-west-2"), "us-west-2")) {
            meridian.outages().region("us-west-2").refuseConnections();
            assertThatThrownBy(westListener::listKeys).isInstanceOf(SdkClientException.class);

            meridian.reset();

            assertThat(meridian.outages().inForce()).isEmpty();
            assertThat(meridian.replication().isPaused("eu-west-1")).isFalse();
            assertThat(westListener.listKeys().keys()).isNotNull();
        }
        assertThat(east.encrypt(request -> request.keyId(ORDERS).plaintext(
                SdkBytes.fromUtf8String("x"))).keyId()).endsWith(ORDERS_KEY);
        assertThat(west.listKeys().keys()).isNotNull();
    }
}
