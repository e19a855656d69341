package dev.meridian.it;

import static dev.meridian.it.EncryptionSdkSupport.causes;
import static dev.meridian.it.EncryptionSdkSupport.discoveryKeyring;
import static dev.meridian.it.EncryptionSdkSupport.strictKeyring;
import static dev.meridian.it.KmsTestSupport.ACCOUNT;
import static dev.meridian.it.KmsTestSupport.arn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.encryptionsdk.AwsCrypto;
import dev.meridian.it.EncryptionSdkSupport.MeridianClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.cryptography.materialproviders.model.CollectionOfErrors;

/**
 * The rehearsal multi-Region keys exist for: data encrypted under a multi-Region key in us-east-1 stays
 * readable while us-east-1 is down, through the replica in us-west-2 and the AWS Encryption SDK's
 * multi-Region-aware keyrings (strict and discovery), which never call us-east-1 for it. A keyring that knows
 * only us-east-1 fails for the outage's length, with the error the SDK raises, and works again after it.
 */
class EncryptionSdkOutageIT {
    private static final String PRIMARY = "us-east-1";
    private static final String REPLICA = "us-west-2";
    private static final byte[] PLAINTEXT = "orders placed before the outage".getBytes(StandardCharsets.UTF_8);
    private static final Map<String, String> CONTEXT = Map.of("purpose", "outage-rehearsal");

    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
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
        try (MeridianClients clients = new MeridianClients(kms.server().endpoint())) {
            message = AwsCrypto.builder().build().encryptData(strictKeyring(clients, arn(PRIMARY, keyId)), PLAINTEXT,
                    CONTEXT).getResult();
        }
    }

    /**
     * us-east-1 refuses connections: its clients point at a port where nothing listens (Meridian serves every
     * Region on one port, so a Region's lost listener is rehearsed at the client), while us-west-2 is served.
     */
    @Test
    void whileUsEast1RefusesConnectionsTheReplicaInUsWest2Decrypts() {
        String closedPort = "http://127.0.0.1:" + closedPort();
        try (MeridianClients duringOutage = new MeridianClients(
                region -> region.equals(PRIMARY) ? closedPort : kms.server().endpoint())) {
            // The keyring that knows only us-east-1 fails: its one Decrypt finds no listener.
            Throwable refused = catchThrowable(() -> crypto.decryptData(strictKeyring(duringOutage, arn(PRIMARY, keyId)),
                    message));
            assertThat(refused).isInstanceOf(CollectionOfErrors.class)
                    .hasMessageStartingWith("No Configured Keyring was able to decrypt the Data Key.");
            assertThat(causes(refused)).anySatisfy(cause -> assertThat(cause).isInstanceOf(SdkClientException.class)
                    .hasMessageStartingWith("Unable to execute HTTP request: Connection refused"));
            assertThat(causes(refused)).anySatisfy(cause -> assertThat(cause).isInstanceOf(ConnectException.class));
            assertThat(duringOutage.sentTo(PRIMARY)).containsExactly("Decrypt");
            duringOutage.forget();

            assertDecryptsThroughTheReplicaAlone(duringOutage);
        }
        // After the outage, the us-east-1 keyring works again.
        try (MeridianClients afterOutage = new MeridianClients(kms.server().endpoint())) {
            assertThat(crypto.decryptData(strictKeyring(afterOutage, arn(PRIMARY, keyId)), message).getResult())
                    .isEqualTo(PLAINTEXT);
            assertThat(afterOutage.sentTo(PRIMARY)).containsExactly("Decrypt");
        }
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

    /** A port of 127.0.0.1 that was free a moment ago and on which nothing listens. */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
