package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.meridian.model.AccountId;
import dev.meridian.model.KeyId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SymmetricCiphertextFormatTest {
    private static final AccountId ACCOUNT = AccountId.of("111122223333");
    private static final KeyId UUID_KEY = new KeyId("0123abcd-4567-89ef-0011-223344556677");
    private static final KeyId MRK_KEY = new KeyId("mrk-00112233445566778899aabbccddeeff");
    private static final SecretBytes MATERIAL = SecretBytes.random(32);
    private static final Map<String, String> CONTEXT = Map.of("purpose", "test", "tenant", "acme");

    private static byte[] seal(KeyId keyId, int version, byte[] plaintext, Map<String, String> context) {
        return SymmetricCiphertextFormat.seal(new CiphertextHeader(ACCOUNT, keyId, version), MATERIAL, plaintext, context);
    }

    @Test
    void theHeaderOfASingleRegionKeyIsLaidOutAsDocumented() {
        byte[] plaintext = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] blob = seal(UUID_KEY, 7, plaintext, CONTEXT);

        assertThat(blob).hasSize(SymmetricCiphertextFormat.OVERHEAD + plaintext.length);
        assertThat(blob[0]).isEqualTo((byte) 0x01);
        assertThat(blob[1]).isEqualTo((byte) 0x00);
        assertThat(new String(blob, 2, 12, StandardCharsets.US_ASCII)).isEqualTo("111122223333");
        assertThat(Arrays.copyOfRange(blob, 14, 30)).isEqualTo(HexFormat.of().parseHex("0123abcd456789ef0011223344556677"));
        assertThat(Arrays.copyOfRange(blob, 30, 34)).isEqualTo(new byte[] {0, 0, 0, 7});
        assertThat(SymmetricCiphertextFormat.readHeader(blob)).isEqualTo(new CiphertextHeader(ACCOUNT, UUID_KEY, 7));
    }

    @Test
    void theHeaderOfAMultiRegionKeyIsLaidOutAsDocumented() {
        byte[] blob = seal(MRK_KEY, 0x01020304, new byte[0], Map.of());

        assertThat(blob).hasSize(78);
        assertThat(blob[0]).isEqualTo((byte) 0x01);
        assertThat(blob[1]).isEqualTo((byte) 0x01);
        assertThat(new String(blob, 2, 12, StandardCharsets.US_ASCII)).isEqualTo("111122223333");
        assertThat(Arrays.copyOfRange(blob, 14, 30)).isEqualTo(HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        assertThat(Arrays.copyOfRange(blob, 30, 34)).isEqualTo(new byte[] {1, 2, 3, 4});
        assertThat(SymmetricCiphertextFormat.readHeader(blob)).isEqualTo(new CiphertextHeader(ACCOUNT, MRK_KEY, 0x01020304));
    }

    @Test
    void theBodyIsEncryptedAndEachMessageHasFreshSaltAndIv() {
        byte[] plaintext = "a recognisable plaintext of some length".getBytes(StandardCharsets.UTF_8);
        byte[] first = seal(UUID_KEY, 1, plaintext, CONTEXT);
        byte[] second = seal(UUID_KEY, 1, plaintext, CONTEXT);

        assertThat(Arrays.copyOfRange(first, 62, 62 + plaintext.length)).isNotEqualTo(plaintext);
        assertThat(Arrays.copyOfRange(first, 34, 50)).isNotEqualTo(Arrays.copyOfRange(second, 34, 50));
        assertThat(Arrays.copyOfRange(first, 50, 62)).isNotEqualTo(Arrays.copyOfRange(second, 50, 62));
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void roundTripsEveryPlaintextSize() {
        for (int length : new int[] {0, 1, 15, 16, 17, 4096}) {
            byte[] plaintext = SecretBytes.random(length).toByteArray();
            byte[] blob = seal(MRK_KEY, 3, plaintext, CONTEXT);
            assertThat(SymmetricCiphertextFormat.open(blob, MATERIAL, CONTEXT)).isEqualTo(plaintext);
        }
        assertThat(seal(UUID_KEY, 1, new byte[4096], Map.of())).hasSize(4174);
    }

    @Test
    void everySingleBitFlipFailsToAuthenticate() {
        byte[] blob = seal(UUID_KEY, 2, "tamper me".getBytes(StandardCharsets.UTF_8), CONTEXT);
        for (int position = 0; position < blob.length; position++) {
            for (int mask : new int[] {0x01, 0x80}) {
                byte[] tampered = blob.clone();
                tampered[position] ^= (byte) mask;
                int at = position;
                assertThatThrownBy(() -> SymmetricCiphertextFormat.open(tampered, MATERIAL, CONTEXT))
                        .as("byte %d flipped with %x", at, mask)
                        .isInstanceOf(AuthenticationFailedException.class);
            }
        }
    }

    @Test
    void everyTruncationAndAnAppendedByteFailToAuthenticate() {
        byte[] blob = seal(UUID_KEY, 2, "truncate me".getBytes(StandardCharsets.UTF_8), CONTEXT);
        for (int length = 0; length < blob.length; length++) {
            byte[] truncated = Arrays.copyOf(blob, length);
            assertThatThrownBy(() -> SymmetricCiphertextFormat.open(truncated, MATERIAL, CONTEXT))
                    .as("truncated to %d", length).isInstanceOf(AuthenticationFailedException.class);
        }
        byte[] longer = Arrays.copyOf(blob, blob.length + 1);
        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(longer, MATERIAL, CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void readHeaderRefusesWhatIsNotThisFormat() {
        byte[] blob = seal(UUID_KEY, 1, new byte[1], Map.of());
        byte[] otherVersion = blob.clone();
        otherVersion[0] = 3;
        byte[] otherKind = blob.clone();
        otherKind[1] = 2;
        byte[] letterInAccount = blob.clone();
        letterInAccount[5] = 'x';
        byte[] versionZero = blob.clone();
        Arrays.fill(versionZero, 30, 34, (byte) 0);
        for (byte[] bad : new byte[][] {otherVersion, otherKind, letterInAccount, versionZero, new byte[77], new byte[200]}) {
            assertThatThrownBy(() -> SymmetricCiphertextFormat.readHeader(bad)).isInstanceOf(AuthenticationFailedException.class);
        }
    }

    @Test
    void theEncryptionContextMustMatchExactly() {
        byte[] blob = seal(UUID_KEY, 1, new byte[] {42}, Map.of("a", "b", "c", "d"));
        LinkedHashMap<String, String> reordered = new LinkedHashMap<>();
        reordered.put("c", "d");
        reordered.put("a", "b");
        assertThat(SymmetricCiphertextFormat.open(blob, MATERIAL, reordered)).containsExactly(42);

        for (Map<String, String> wrong : java.util.List.of(Map.<String, String>of(), Map.of("a", "b"),
                Map.of("a", "b", "c", "d", "e", "f"), Map.of("a", "b", "c", "D"), Map.of("A", "b", "c", "d"))) {
            assertThatThrownBy(() -> SymmetricCiphertextFormat.open(blob, MATERIAL, wrong))
                    .as("context %s", wrong).isInstanceOf(AuthenticationFailedException.class);
        }
        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(blob, MATERIAL, null))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void anEmptyContextAndNoContextAreTheSame() {
        byte[] blob = seal(UUID_KEY, 1, new byte[] {1, 2}, null);
        assertThat(SymmetricCiphertextFormat.open(blob, MATERIAL, Map.of())).containsExactly(1, 2);
    }

    @Test
    void otherMaterialFailsToAuthenticate() {
        byte[] blob = seal(UUID_KEY, 1, new byte[] {1, 2}, CONTEXT);
        assertThatThrownBy(() -> SymmetricCiphertextFormat.open(blob, SecretBytes.random(32), CONTEXT))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    @Test
    void theFailureSaysNothingAboutTheCause() {
        assertThat(new AuthenticationFailedException()).hasMessage("The ciphertext did not authenticate").hasNoCause();
        assertThat(new AuthenticationFailedException().getStackTrace()).isEmpty();
    }
}
