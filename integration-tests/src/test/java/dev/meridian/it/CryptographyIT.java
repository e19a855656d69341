package dev.meridian.it;

import static dev.meridian.it.KmsTestSupport.arn;
import static dev.meridian.it.KmsTestSupport.assertUndeclaredError;
import static dev.meridian.it.KmsTestSupport.assertKmsError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.IncorrectKeyException;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;
import software.amazon.awssdk.services.kms.model.NotFoundException;

/** Encrypt and Decrypt through the AWS SDK: sizes, encryption context, tampering, key identification. */
class CryptographyIT {
    private static final String REGION = "eu-west-1";
    @RegisterExtension
    static final KmsTestSupport kms = KmsTestSupport.perClass();
    private static KmsClient client;
    private static String keyId;
    private static String otherKeyId;

    @BeforeAll
    static void start() {
        client = kms.client(REGION);
        keyId = client.createKey(request -> { }).keyMetadata().keyId();
        otherKeyId = client.createKey(request -> { }).keyMetadata().keyId();
        client.createAlias(request -> request.aliasName("alias/crypto-main").targetKeyId(keyId));
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    private static SdkBytes encrypt(byte[] plaintext, Map<String, String> context) {
        return client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext))
                .encryptionContext(context)).ciphertextBlob();
    }

    private static void assertInvalidCiphertext(SdkBytes blob, Map<String, String> context) {
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(context)),
                InvalidCiphertextException.class, null);
    }

    @Test
    void roundTripsOneByteAndTheLargestPlaintext() {
        for (int length : new int[] {1, 4096}) {
            byte[] plaintext = random(length);
            EncryptResponse encrypted = client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(plaintext)));
            assertThat(encrypted.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(encrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
            assertThat(encrypted.ciphertextBlob().asByteArray().length).isLessThanOrEqualTo(6144).isEqualTo(length + 78);

            DecryptResponse decrypted = client.decrypt(request -> request.ciphertextBlob(encrypted.ciphertextBlob()));
            assertThat(decrypted.plaintext().asByteArray()).isEqualTo(plaintext);
            assertThat(decrypted.keyId()).isEqualTo(arn(REGION, keyId));
            assertThat(decrypted.encryptionAlgorithm()).isEqualTo(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT);
        }
    }

    @Test
    void refusesPlaintextsOutsideOneTo4096Bytes() {
        assertUndeclaredError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[4097]))), "ValidationException", "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
                        + " Member must have length less than or equal to 4096");
        assertUndeclaredError(() -> client.encrypt(request -> request.keyId(keyId).plaintext(SdkBytes.fromByteArray(new byte[0]))), "ValidationException", "1 validation error detected: Value at 'plaintext' failed to satisfy constraint:"
                        + " Member must have length greater than or equal to 1");
    }

    @Test
    void theEncryptionContextMustMatchButItsOrderDoesNot() {
        Map<String, String> context = new LinkedHashMap<>();
        context.put("tenant", "acme");
        context.put("purpose", "invoices");
        context.put("region", "eu");
        byte[] plaintext = random(100);
        SdkBytes blob = encrypt(plaintext, context);

        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("region", "eu");
        reordered.put("purpose", "invoices");
        reordered.put("tenant", "acme");
        assertThat(client.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(reordered)).plaintext().asByteArray())
                .isEqualTo(plaintext);

        assertInvalidCiphertext(blob, Map.of());
        assertInvalidCiphertext(blob, Map.of("tenant", "acme", "purpose", "invoices"));
        assertInvalidCiphertext(blob, Map.of("tenant", "acme", "purpose", "invoices", "region", "eu", "extra", "x"));
        assertInvalidCiphertext(blob, Map.of("tenant", "acme", "purpose", "invoices", "region", "us"));
        assertInvalidCiphertext(blob, Map.of("tenant", "ACME", "purpose", "invoices", "region", "eu"));
        assertInvalidCiphertext(blob, Map.of("Tenant", "acme", "purpose", "invoices", "region", "eu"));
    }

    @Test
    void aCiphertextWithoutContextNeedsNone() {
        byte[] plaintext = random(10);
        SdkBytes blob = encrypt(plaintext, Map.of());
        assertThat(client.decrypt(request -> request.ciphertextBlob(blob)).plaintext().asByteArray()).isEqualTo(plaintext);
        assertInvalidCiphertext(blob, Map.of("a", "b"));
    }

    @Test
    void contextsThatConcatenateAlikeDoNotCollide() {
        SdkBytes blob = encrypt(random(16), Map.of("ab", "c"));
        assertInvalidCiphertext(blob, Map.of("a", "bc"));
        assertInvalidCiphertext(blob, Map.of("abc", ""));
    }

    @Test
    void flippingAnyByteOfTheCiphertextFailsAsInvalidCiphertext() {
        byte[] blob = encrypt(random(20), Map.of("k", "v")).asByteArray();
        // header (version, kind, account, key ID, material version), salt, IV, body and tag
        for (int position : new int[] {0, 1, 2, 13, 14, 29, 30, 33, 34, 49, 50, 61, 62, 81, 82, blob.length - 1}) {
            byte[] tampered = blob.clone();
            tampered[position] ^= 0x01;
            assertInvalidCiphertext(SdkBytes.fromByteArray(tampered), Map.of("k", "v"));
        }
    }

    @Test
    void truncatedOrForeignBlobsAreInvalidCiphertext() {
        byte[] blob = encrypt(random(20), Map.of()).asByteArray();
        for (int length : new int[] {1, 33, 77, blob.length - 1}) {
            assertInvalidCiphertext(SdkBytes.fromByteArray(Arrays.copyOf(blob, length)), Map.of());
        }
        assertInvalidCiphertext(SdkBytes.fromByteArray(random(200)), Map.of());
        assertInvalidCiphertext(SdkBytes.fromUtf8String("not a ciphertext at all"), Map.of());
        byte[] unknownKey = blob.clone();
        Arrays.fill(unknownKey, 14, 30, (byte) 0x5a);
        assertInvalidCiphertext(SdkBytes.fromByteArray(unknownKey), Map.of());
    }

    @Test
    void decryptAcceptsTheRightKeyByIdArnAliasAndAliasArn() {
        byte[] plaintext = random(32);
        SdkBytes blob = encrypt(plaintext, Map.of());
        for (String name : List.of(keyId, arn(REGION, keyId), "alias/crypto-main",
                "arn:aws:kms:" + REGION + ":" + KmsTestSupport.ACCOUNT + ":alias/crypto-main", keyId.toUpperCase())) {
            DecryptResponse decrypted = client.decrypt(request -> request.ciphertextBlob(blob).keyId(name));
            assertThat(decrypted.plaintext().asByteArray()).as(name).isEqualTo(plaintext);
            assertThat(decrypted.keyId()).isEqualTo(arn(REGION, keyId));
        }
        assertThat(client.encrypt(request -> request.keyId("alias/crypto-main").plaintext(SdkBytes.fromByteArray(plaintext)))
                .keyId()).isEqualTo(arn(REGION, keyId));
    }

    @Test
    void decryptWithAnotherKeyIdIsIncorrectKey() {
        SdkBytes blob = encrypt(random(32), Map.of());
        String message = "The key ID in the request does not identify a CMK that can perform this operation.";
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(blob).keyId(otherKeyId)),
                IncorrectKeyException.class, message);
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(blob).keyId(arn(REGION, otherKeyId))),
                IncorrectKeyException.class, message);
        String missing = "00000000-0000-0000-0000-000000000000";
        assertKmsError(() -> client.decrypt(request -> request.ciphertextBlob(blob).keyId(missing)),
                NotFoundException.class, "Key '" + arn(REGION, missing) + "' does not exist");
    }

    @Test
    void aCiphertextFromAnotherRegionIsNotDecryptableThere() {
        SdkBytes blob = encrypt(random(8), Map.of());
        assertKmsError(() -> kms.client("us-east-1").decrypt(request -> request.ciphertextBlob(blob)),
                InvalidCiphertextException.class, null);
    }

    @Test
    void eightThreadsEncryptAndDecryptAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                Map<String, String> context = Map.of("thread", Integer.toString(thread));
                Callable<Integer> work = () -> {
                    start.await();
                    int done = 0;
                    for (int round = 0; round < 25; round++) {
                        byte[] plaintext = random(1 + round * 40);
                        SdkBytes blob = encrypt(plaintext, context);
                        byte[] opened = client.decrypt(request -> request.ciphertextBlob(blob).encryptionContext(context))
                                .plaintext().asByteArray();
                        assertThat(opened).isEqualTo(plaintext);
                        done++;
                    }
                    return done;
                };
                results.add(pool.submit(work));
            }
            start.countDown();
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(25);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
