package dev.meridian.core;

import static dev.meridian.core.CoreFixture.assertRefused;
import static dev.meridian.core.CoreFixture.caller;
import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeyUsage;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import javax.crypto.KeyAgreement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DeriveSharedSecret's rules below HTTP, on the core's real components: the checks in AWS's order (state, usage,
 * then the public key), the secret equal to the JDK's ECDH, the same secret in every Region of a multi-Region key,
 * and the last use recorded only when a secret was derived.
 */
class KeyAgreementOperationsTest {
    private static final String REGION = "eu-west-1";
    private static final String OTHER_REGION = "us-east-2";
    private CoreFixture fixture;
    private KeyUsageTracker usage;
    private KeyAgreementOperations operations;

    @BeforeEach
    void start() {
        fixture = new CoreFixture();
        usage = new KeyUsageTracker(fixture.registry, fixture.clock);
        operations = new KeyAgreementOperations(fixture.registry, usage,
                new AwsManagedKeys(fixture.registry, fixture.clock));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private String createKey(String spec, KeyUsage keyUsage, boolean multiRegion) {
        return fixture.lifecycle.createKey(caller(REGION), new CreateKeyRequest(null, null, keyUsage, spec, null,
                multiRegion, null, false, null)).record().reference().keyId().value();
    }

    private static KeyPair peer(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private byte[] jdkSecret(KeyPair peer, String region, String keyId) throws Exception {
        byte[] kmsPublicKey = fixture.entry(region, keyId).material(1, fixture.rootKey).asymmetric().publicKeyInfo();
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(peer.getPrivate());
        agreement.doPhase(KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(kmsPublicKey)), true);
        return agreement.generateSecret();
    }

    @Test
    void derivesTheJdksSecretInEveryRegionOfAMultiRegionKey() throws Exception {
        String keyId = createKey("ECC_NIST_P384", KeyUsage.KEY_AGREEMENT, true);
        fixture.replicate(REGION, keyId, OTHER_REGION);
        fixture.passReplicationDelay();
        KeyPair peer = peer("secp384r1");
        byte[] expected = jdkSecret(peer, REGION, keyId);
        assertThat(expected).hasSize(48);

        KeyAgreementOperations.SharedSecret primary = operations.deriveSharedSecret(caller(REGION), keyId, "ECDH",
                peer.getPublic().getEncoded());
        KeyAgreementOperations.SharedSecret replica = operations.deriveSharedSecret(caller(OTHER_REGION), keyId, "ECDH",
                peer.getPublic().getEncoded());
        assertThat(primary.secret().toByteArray()).isEqualTo(expected);
        assertThat(replica.secret().toByteArray()).isEqualTo(expected);
        assertThat(replica.key().region().toString()).isEqualTo(OTHER_REGION);
        assertThat(primary.toString()).doesNotContain(java.util.HexFormat.of().formatHex(expected)).contains("redacted");
        assertThat(usage.lastUsage(fixture.entry(REGION, keyId).record().reference()).operation())
                .isEqualTo("DeriveSharedSecret");
    }

    @Test
    void refusesInAwsOrderAndRecordsNoUseOfARefusal() throws Exception {
        String keyId = createKey("ECC_NIST_P256", KeyUsage.KEY_AGREEMENT, false);
        String arn = fixture.entry(REGION, keyId).record().arn();
        byte[] p256 = peer("secp256r1").getPublic().getEncoded();
        byte[] p384 = peer("secp384r1").getPublic().getEncoded();

        assertRefused(() -> operations.deriveSharedSecret(caller(REGION), keyId, "ECDH", p384), ErrorCode.VALIDATION, null);
        assertRefused(() -> operations.deriveSharedSecret(caller(REGION), keyId, "ECDH", new byte[] {1, 2, 3}),
                ErrorCode.VALIDATION, null);
        byte[] truncated = java.util.Arrays.copyOf(p256, p256.length - 1);
        assertRefused(() -> operations.deriveSharedSecret(caller(REGION), keyId, "ECDH", truncated),
                ErrorCode.VALIDATION, null);
        assertThat(usage.lastUsage(fixture.entry(REGION, keyId).record().reference())).isNull();

        String signing = createKey("ECC_NIST_P256", KeyUsage.SIGN_VERIFY, false);
        String signingArn = fixture.entry(REGION, signing).record().arn();
        assertRefused(() -> operations.deriveSharedSecret(caller(REGION), signing, "ECDH", p256),
                ErrorCode.INVALID_KEY_USAGE, signingArn + " key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.");
        String symmetric = fixture.createKey(REGION);
        String symmetricArn = fixture.entry(REGION, symmetric).record().arn();
        // The usage is checked before the public key, which is not looked at.
        assertRefused(() -> operations.deriveSharedSecret(caller(REGION), symmetric, "ECDH", new byte[] {1}),
                ErrorCode.INVALID_KEY_USAGE, symmetricArn
                        + " key usage is ENCRYPT_DECRYPT which is not valid for DeriveSharedSecret.");

        fixture.lifecycle.disableKey(caller(REGION), keyId);
        // The state is checked before the public key.
        assertRefused(() -> operations.deriveSharedSecret(caller(REGION), keyId, "ECDH", new byte[] {1}),
                ErrorCode.DISABLED, arn + " is disabled.");
    }
}
