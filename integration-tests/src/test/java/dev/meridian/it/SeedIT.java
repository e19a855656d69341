package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static dev.meridian.it.KmsTestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.app.ServerConfiguration;
import dev.meridian.core.SeedException;
import dev.meridian.model.AccountId;
import dev.meridian.testkit.EmbeddedMeridian;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.AliasListEntry;
import software.amazon.awssdk.services.kms.model.ExpirationModelType;
import software.amazon.awssdk.services.kms.model.KeyMetadata;
import software.amazon.awssdk.services.kms.model.KeyState;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.MessageType;
import software.amazon.awssdk.services.kms.model.MultiRegionKeyType;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.OriginType;
import software.amazon.awssdk.services.kms.model.RotationsListEntry;
import software.amazon.awssdk.services.kms.model.SigningAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * {@code --seed} through the real SDK: the shipped examples' keys work from the first request, two fresh servers
 * seeded alike read each other's ciphertexts, a restart with the same seed changes nothing, and a seed that
 * contradicts the store stops the start and leaves the store as it was.
 */
class SeedIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "seed.yaml");
    private static final Path LOCAL_KMS_EXAMPLE = Path.of("..", "examples", "local-kms-seed.yaml");
    private static final String ORDERS = "71afd6ba-b888-4ad8-8629-1a8e05272076";
    private static final String PAYMENTS = "mrk-8c6c9a9411f5d72d95a8556c18457eec";
    private static final String WEBHOOKS = "9b9fd2dc-58e0-4fc3-b910-f442bb9fafff";
    private static final String RELEASE_SIGNING = "b90b5034-5808-4c78-b9ba-9cb99bb81911";
    private static final String ECC_SIGNING = "5bd3e5cf-93a8-462f-bdba-beb42fbcfaa4";
    private static final String ED25519 = "0335a0ef-5788-479d-b427-4be945591c74";
    private static final String IMPORTED = "56c4dbbf-a058-43b8-a55f-2959be9f24ec";
    private static final String AWAITING_IMPORT = "2d1f0c44-6f7e-4b8a-9c1d-3e5f7a9b0c2d";
    private static final String ARCHIVE = "6a0e2b1c-3d4f-4e5a-8b6c-7d8e9f0a1b2c";
    private static final String EAST = "us-east-1";

    private static EmbeddedMeridian seeded(Path seed) {
        return EmbeddedMeridian.start(ServerConfiguration.builder().replicationDelay(Duration.ZERO).seedFile(seed));
    }

    private static KeyMetadata describe(KmsClient kms, String keyId) {
        return kms.describeKey(request -> request.keyId(keyId)).keyMetadata();
    }

    @Test
    void theExamplesKeysWorkFromTheFirstRequest() throws Exception {
        try (KmsTestSupport kms = new KmsTestSupport(seeded(EXAMPLE))) {
            KmsClient east = kms.client(EAST);
            KeyMetadata orders = describe(east, "alias/orders");
            assertThat(orders.keyId()).isEqualTo(ORDERS);
            assertThat(orders.description()).isEqualTo("Orders database");
            assertThat(orders.creationDate()).isEqualTo(Instant.parse("2024-01-15T09:00:00Z"));
            assertThat(orders.keyState()).isEqualTo(KeyState.ENABLED);
            SdkBytes ciphertext = east.encrypt(request -> request.keyId("alias/orders").plaintext(bytes("order 1")))
                    .ciphertextBlob();
            assertThat(east.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("order 1");
            assertThat(east.getKeyRotationStatus(request -> request.keyId(ORDERS)).rotationPeriodInDays()).isEqualTo(365);
            assertThat(east.getKeyRotationStatus(request -> request.keyId(ORDERS)).nextRotationDate())
                    .isEqualTo(Instant.parse("2099-01-15T09:00:00Z"));
            List<RotationsListEntry> rotations = east.listKeyRotations(request -> request.keyId(ORDERS)).rotations();
            assertThat(rotations).singleElement().satisfies(rotation ->
                    assertThat(rotation.rotationDate()).isEqualTo(Instant.parse("2025-01-15T09:00:00Z")));
            assertThat(east.listResourceTags(request -> request.keyId(ORDERS)).tags()).containsExactly(
                    Tag.builder().tagKey("Project").tagValue("orders").build(),
                    Tag.builder().tagKey("Environment").tagValue("test").build());
            assertThat(east.getKeyPolicy(request -> request.keyId(ORDERS)).policy()).contains("orders-key-policy");

            assertThat(describe(east, ED25519).keySpecAsString()).isEqualTo("ECC_NIST_EDWARDS25519");
            KeyMetadata imported = describe(east, IMPORTED);
            assertThat(imported.origin()).isEqualTo(OriginType.EXTERNAL);
            assertThat(imported.keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(imported.expirationModel()).isEqualTo(ExpirationModelType.KEY_MATERIAL_EXPIRES);
            assertThat(imported.validTo()).isEqualTo(Instant.parse("2099-12-31T00:00:00Z"));
            assertThat(describe(east, AWAITING_IMPORT).keyState()).isEqualTo(KeyState.PENDING_IMPORT);
        }
    }

    @Test
    void aMultiRegionKeyEncryptsInItsPrimaryAndDecryptsInEveryReplicaWithAliasesPerRegion() {
        try (KmsTestSupport kms = new KmsTestSupport(seeded(EXAMPLE))) {
            SdkBytes ciphertext = kms.client(EAST).encrypt(request -> request.keyId("alias/payments")
                    .plaintext(bytes("payment"))).ciphertextBlob();
            for (String region : List.of("eu-west-1", "ap-southeast-2")) {
                KeyMetadata replica = describe(kms.client(region), PAYMENTS);
                assertThat(replica.keyState()).isEqualTo(KeyState.ENABLED);
                assertThat(replica.multiRegionConfiguration().multiRegionKeyType()).isEqualTo(MultiRegionKeyType.REPLICA);
                assertThat(kms.client(region).decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext()
                        .asUtf8String()).isEqualTo("payment");
            }
            assertThat(describe(kms.client(EAST), PAYMENTS).multiRegionConfiguration().replicaKeys()).hasSize(2);
            assertThat(describe(kms.client("eu-west-1"), "alias/payments-eu").keyId()).isEqualTo(PAYMENTS);
            assertThat(describe(kms.client("eu-west-1"), "alias/payments").description()).isEqualTo("Payments (replica)");
            assertKmsError(() -> describe(kms.client(EAST), "alias/payments-eu"), NotFoundException.class,
                    "Alias arn:aws:kms:us-east-1:111122223333:alias/payments-eu is not found.");
            assertThat(kms.client("ap-southeast-2").listAliases(request -> { }).aliases())
                    .extracting(AliasListEntry::aliasName).doesNotContain("alias/payments");
        }
    }

    @Test
    void hmacAndAsymmetricKeysUseTheSeededSecrets() throws Exception {
        String seed = Files.readString(EXAMPLE);
        try (KmsTestSupport kms = new KmsTestSupport(seeded(EXAMPLE))) {
            KmsClient east = kms.client(EAST);
            byte[] message = "webhook body".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(
                    "3e14b7cc542eeb45db2b3085f925f86cd34aae05319b38c5f0df3691096cd74f"), "HmacSHA256"));
            assertThat(east.generateMac(request -> request.keyId("alias/webhooks").macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromByteArray(message))).mac().asByteArray()).isEqualTo(mac.doFinal(message));

            RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) privateKey(seed, RELEASE_SIGNING, "RSA");
            byte[] expectedPublic = KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent())).getEncoded();
            assertThat(east.getPublicKey(request -> request.keyId(RELEASE_SIGNING)).publicKey().asByteArray())
                    .isEqualTo(expectedPublic);

            PrivateKey ec = privateKey(seed, ECC_SIGNING, "EC");
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(ec);
            signer.update(message);
            byte[] signature = signer.sign();
            assertThat(east.verify(request -> request.keyId(ECC_SIGNING).message(SdkBytes.fromByteArray(message))
                    .messageType(MessageType.RAW).signingAlgorithm(SigningAlgorithmSpec.ECDSA_SHA_256)
                    .signature(SdkBytes.fromByteArray(signature))).signatureValid()).isTrue();
        }
    }

    @Test
    void anotherAccountsKeysAreSeededToo() {
        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(ServerConfiguration.builder()
                .replicationDelay(Duration.ZERO).account(AccountId.of("444455556666")).seedFile(EXAMPLE)))) {
            KeyMetadata archive = describe(kms.client("eu-central-1"), "alias/archive");
            assertThat(archive.keyId()).isEqualTo(ARCHIVE);
            assertThat(archive.awsAccountId()).isEqualTo("444455556666");
            assertThat(archive.keyState()).isEqualTo(KeyState.DISABLED);
            assertKmsError(() -> describe(kms.client(EAST), ORDERS), NotFoundException.class,
                    "Key 'arn:aws:kms:us-east-1:444455556666:key/" + ORDERS + "' does not exist");
        }
    }

    @Test
    void twoFreshServersSeededAlikeDecryptEachOthersCiphertexts() {
        try (KmsTestSupport first = new KmsTestSupport(seeded(EXAMPLE));
                KmsTestSupport second = new KmsTestSupport(seeded(EXAMPLE))) {
            Map<String, String> context = Map.of("purpose", "interchange");
            for (String keyId : List.of(ORDERS, PAYMENTS, IMPORTED)) {
                SdkBytes ciphertext = first.client(EAST).encrypt(request -> request.keyId(keyId).plaintext(bytes(keyId))
                        .encryptionContext(context)).ciphertextBlob();
                assertThat(second.client(EAST).decrypt(request -> request.ciphertextBlob(ciphertext)
                        .encryptionContext(context)).plaintext().asUtf8String()).isEqualTo(keyId);
            }
            SdkBytes fromReplica = second.client("eu-west-1").encrypt(request -> request.keyId(PAYMENTS)
                    .plaintext(bytes("replica"))).ciphertextBlob();
            assertThat(first.client(EAST).decrypt(request -> request.ciphertextBlob(fromReplica)).plaintext()
                    .asUtf8String()).isEqualTo("replica");
        }
    }

    @Test
    void anEarlierMaterialVersionDecryptsWhatItEncrypted(@TempDir Path folder) throws IOException {
        Path firstVersionOnly = Files.writeString(folder.resolve("first.yaml"), """
                keys:
                  - keyId: 71afd6ba-b888-4ad8-8629-1a8e05272076
                    material:
                      - hex: 94171e5bcd25b77576d44dd4fb15c01d201cce08c915b9986aa13d76c4a3d6e1
                """);
        try (KmsTestSupport before = new KmsTestSupport(seeded(firstVersionOnly));
                KmsTestSupport after = new KmsTestSupport(seeded(EXAMPLE))) {
            SdkBytes old = before.client(EAST).encrypt(request -> request.keyId(ORDERS).plaintext(bytes("old")))
                    .ciphertextBlob();
            assertThat(after.client(EAST).decrypt(request -> request.ciphertextBlob(old)).plaintext().asUtf8String())
                    .isEqualTo("old");
        }
    }

    @Test
    void aRestartWithTheSameSeedChangesNothing() {
        try (KmsTestSupport kms = new KmsTestSupport(seeded(EXAMPLE))) {
            String ordersArn = KmsTestSupport.arn(EAST, ORDERS);
            try (var cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), EAST)) {
                assertThat(AuditSupport.historyOf(cloudTrail, ordersArn)).as("seeding records nothing").isEmpty();
            }
            KmsClient east = kms.client(EAST);
            east.updateKeyDescription(request -> request.keyId(ORDERS).description("changed at run time"));
            east.rotateKeyOnDemand(request -> request.keyId(ORDERS));
            List<String> keys = east.listKeys(request -> { }).keys().stream().map(key -> key.keyId()).toList();
            List<AliasListEntry> aliases = east.listAliases(request -> { }).aliases();
            List<RotationsListEntry> rotations = east.listKeyRotations(request -> request.keyId(ORDERS)).rotations();
            assertThat(rotations).hasSize(2);

            kms.server().restart();
            kms.resetClients();

            KmsClient again = kms.client(EAST);
            assertThat(again.listKeys(request -> { }).keys().stream().map(key -> key.keyId()).toList()).isEqualTo(keys);
            assertThat(again.listAliases(request -> { }).aliases()).isEqualTo(aliases);
            assertThat(again.listKeyRotations(request -> request.keyId(ORDERS)).rotations()).isEqualTo(rotations);
            assertThat(describe(again, ORDERS).description()).isEqualTo("changed at run time");
            try (var cloudTrail = AuditSupport.cloudTrail(kms.server().endpoint(), EAST)) {
                assertThat(AuditSupport.names(AuditSupport.historyOf(cloudTrail, ordersArn)))
                        .doesNotContain("CreateKey", "ImportKeyMaterial", "CreateAlias", "EnableKeyRotation");
            }
        }
    }

    @Test
    void aSeedThatContradictsTheStoreStopsTheStartAndChangesNothing(@TempDir Path folder) throws IOException {
        Path data = folder.resolve("data");
        Path other = Files.writeString(folder.resolve("other.yaml"), """
                keys:
                  - keyId: 0f2e4c6a-8b1d-4e3f-9a5b-7c9d1e3f5a7b
                    aliases: [alias/fresh]
                  - keyId: 71afd6ba-b888-4ad8-8629-1a8e05272076
                    material:
                      - hex: 721aa1dea2f21c960fef45d4f9ca6fba1146dde54d522cedd185a1c0a38f3d02
                """);
        ServerConfiguration.Builder settings = ServerConfiguration.builder().replicationDelay(Duration.ZERO)
                .dataDirectory(data);
        try (EmbeddedMeridian server = EmbeddedMeridian.start(settings.seedFile(EXAMPLE))) {
            assertThat(server.endpoint()).isNotEmpty();
        }

        assertThatThrownBy(() -> EmbeddedMeridian.start(settings.seedFile(other)))
                .isInstanceOf(SeedException.class)
                .hasMessageMatching(Pattern.quote("other.yaml line 6, column 9 (keys[1].material[0].hex): the store holds"
                        + " other material as version 1 of the key arn:aws:kms:us-east-1:111122223333:key/" + ORDERS
                        + " (key material ID ") + "[0-9a-f]{64}\\)");

        try (KmsTestSupport kms = new KmsTestSupport(EmbeddedMeridian.start(settings.seedFile(java.util.Optional.empty())))) {
            assertThat(kms.client(EAST).listAliases(request -> { }).aliases()).extracting(AliasListEntry::aliasName)
                    .doesNotContain("alias/fresh");
            assertKmsError(() -> describe(kms.client(EAST), "0f2e4c6a-8b1d-4e3f-9a5b-7c9d1e3f5a7b"), NotFoundException.class,
                    "Key 'arn:aws:kms:us-east-1:111122223333:key/0f2e4c6a-8b1d-4e3f-9a5b-7c9d1e3f5a7b' does not exist");
        }
    }

    @Test
    void aLocalKmsSeedFileWorksAsItIs() throws Exception {
        String region = "eu-west-2";
        try (KmsTestSupport kms = new KmsTestSupport(seeded(LOCAL_KMS_EXAMPLE))) {
            KmsClient client = kms.client(region);
            SdkBytes ciphertext = client.encrypt(request -> request.keyId("alias/dev").plaintext(bytes("local")))
                    .ciphertextBlob();
            assertThat(client.decrypt(request -> request.ciphertextBlob(ciphertext)).plaintext().asUtf8String())
                    .isEqualTo("local");
            KeyMetadata dev = describe(client, "alias/dev");
            assertThat(dev.keyId()).isEqualTo("bc436485-5092-42b8-92a3-0aa8b93536dc");
            assertThat(dev.description()).isEqualTo("Your key description");
            assertThat(client.listKeyRotations(request -> request.keyId("bc436485-5092-42b8-92a3-0aa8b93536dc"))
                    .rotations()).hasSize(1);
            assertThat(describe(client, "alias/test").keyId()).isEqualTo("49c5492b-b1bc-42a8-9a5c-b2015e810c1c");
            assertThat(describe(client, "5ef77041-d1e6-4af1-9a41-e49a4b45efb6").keyState()).isEqualTo(KeyState.ENABLED);
            assertThat(describe(client, "5d05267f-bb87-4d0b-8594-295a4371d414").keyState())
                    .isEqualTo(KeyState.PENDING_IMPORT);
            KeyMetadata rsa = describe(client, "ff275b92-0def-4dfc-b0f6-87c96b26c6c7");
            assertThat(rsa.keySpecAsString()).isEqualTo("RSA_2048");
            KeyMetadata ecc = describe(client, "800d5768-3fd7-4edd-a4b8-4c81c3e4c147");
            assertThat(ecc.keySpecAsString()).isEqualTo("ECC_NIST_P256");
            assertThat(ecc.description()).isEqualTo("ECC key with curve secp256r1");
        }
    }

    @Test
    void localKmsBackingKeysBeforeTheLastDecryptWhatTheyEncrypted(@TempDir Path folder) throws IOException {
        Path firstBackingKeyOnly = Files.writeString(folder.resolve("seed.yaml"), """
                Keys:
                  Symmetric:
                    Aes:
                      - Metadata:
                          KeyId: bc436485-5092-42b8-92a3-0aa8b93536dc
                        BackingKeys:
                          - 34743777217A25432A46294A404E635266556A586E3272357538782F413F4428
                """);
        try (KmsTestSupport before = new KmsTestSupport(seeded(firstBackingKeyOnly));
                KmsTestSupport after = new KmsTestSupport(seeded(LOCAL_KMS_EXAMPLE))) {
            SdkBytes old = before.client("eu-west-2").encrypt(request -> request
                    .keyId("bc436485-5092-42b8-92a3-0aa8b93536dc").plaintext(bytes("first backing key"))).ciphertextBlob();
            assertThat(after.client("eu-west-2").decrypt(request -> request.ciphertextBlob(old)).plaintext().asUtf8String())
                    .isEqualTo("first backing key");
        }
    }

    /** The private key of {@code keyId} in the seed file's text, as the JDK reads its PKCS#8 PEM. */
    private static PrivateKey privateKey(String seed, String keyId, String algorithm) throws Exception {
        Matcher matcher = Pattern.compile(Pattern.quote(keyId) + ".*?-----BEGIN PRIVATE KEY-----(.*?)-----END PRIVATE KEY-----",
                Pattern.DOTALL).matcher(seed);
        assertThat(matcher.find()).isTrue();
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1).replaceAll("\\s", ""));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }
}
