package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.NotFoundException;

class SmokeIT {
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();

    @Test
    void encryptsAndDecryptsWithTheSdk() {
        KmsClient client = kms.client("eu-west-1");
        String keyId = client.createKey(request -> { }).keyMetadata().keyId();
        assertThat(client.describeKey(request -> request.keyId(keyId)).keyMetadata().keyState()).isEqualTo(KeyState.ENABLED);
        EncryptResponse encrypted = client.encrypt(request -> request.keyId(keyId).plaintext(bytes("hello")));
        DecryptResponse decrypted = client.decrypt(request -> request.ciphertextBlob(encrypted.ciphertextBlob()));
        assertThat(decrypted.plaintext().asUtf8String()).isEqualTo("hello");
        assertThat(decrypted.keyId()).isEqualTo(KmsTestSupport.arn("eu-west-1", keyId));
    }

    @Test
    void aMalformedKeyIdIsNotFound() {
        assertKmsError(() -> kms.client("eu-west-1").describeKey(request -> request.keyId("nope")),
                NotFoundException.class, "Invalid keyId 'nope'");
    }
}
