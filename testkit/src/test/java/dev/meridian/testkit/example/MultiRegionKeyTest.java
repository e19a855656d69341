package dev.meridian.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.testkit.MeridianExtension;
import dev.meridian.testkit.MeridianRegion;
import dev.meridian.testkit.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeyState;

// The README's example of the test kit, word for word (README.md, "Test kit"): compiled and run with the build.
class MultiRegionKeyTest {
    @RegisterExtension
    static MeridianExtension meridian = MeridianExtension.builder()
            .replicationDelay(Duration.ofSeconds(2))    // a new replica is Creating for 2 s, as in AWS
            .build();

    @AfterEach
    void reset() {
        meridian.reset();                            // every key, alias, grant and record gone, in milliseconds
    }

    @Test
    void dataEncryptedInOneRegionDecryptsInAnother(KmsClient east, @MeridianRegion("eu-west-1") KmsClient west,
            MovableClock clock) {
        String keyId = east.createKey(key -> key.multiRegion(true)).keyMetadata().keyId();
        east.replicateKey(replica -> replica.keyId(keyId).replicaRegion("eu-west-1"));
        assertThat(west.describeKey(key -> key.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.CREATING);

        clock.advance(Duration.ofSeconds(2));        // no sleep: move the server's time, run what came due
        meridian.server().runDueWork();

        SdkBytes ciphertext = east.encrypt(request -> request.keyId(keyId)
                .plaintext(SdkBytes.fromUtf8String("hello"))).ciphertextBlob();
        assertThat(west.decrypt(request -> request.keyId(keyId).ciphertextBlob(ciphertext))
                .plaintext().asUtf8String()).isEqualTo("hello");
    }
}
