package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SecretBytesTest {

    @Test
    void toStringNeverShowsTheContent() {
        byte[] content = {0x41, 0x42, 0x43, 0x44, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef};
        SecretBytes secret = SecretBytes.copyOf(content);
        assertThat(secret.toString())
                .isEqualTo("SecretBytes[8 bytes, redacted]")
                .doesNotContain("ABCD").doesNotContain("deadbeef").doesNotContain("DEADBEEF")
                .doesNotContain(Arrays.toString(content)).doesNotContain("QUJD");
        SecretBytes random = SecretBytes.random(32);
        assertThat(random.toString()).doesNotContain(HexFormat.of().formatHex(random.toByteArray()));
    }

    @Test
    void equalityIsByContentAndLength() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {1, 2, 3});
        assertThat(secret.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 3}))).isTrue();
        assertThat(secret).isEqualTo(SecretBytes.copyOf(new byte[] {1, 2, 3}));
        assertThat(secret.hashCode()).isEqualTo(SecretBytes.copyOf(new byte[] {1, 2, 3}).hashCode());
        assertThat(secret.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 4}))).isFalse();
        assertThat(secret.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2}))).isFalse();
        assertThat(secret.equalsConstantTime(SecretBytes.copyOf(new byte[] {1, 2, 3, 0}))).isFalse();
        assertThat(secret).isNotEqualTo(new byte[] {1, 2, 3}).isNotEqualTo(null);
        assertThat(SecretBytes.copyOf(new byte[0])).isEqualTo(SecretBytes.copyOf(new byte[0]));
    }

    @Test
    void copiesInAndOut() {
        byte[] source = {9, 8, 7};
        SecretBytes secret = SecretBytes.copyOf(source);
        source[0] = 0;
        byte[] out = secret.toByteArray();
        out[1] = 0;
        assertThat(secret.toByteArray()).containsExactly(9, 8, 7);
        assertThat(secret.length()).isEqualTo(3);
    }

    @Test
    void randomSecretsDifferAndHaveTheLengthAskedFor() {
        assertThat(SecretBytes.random(32).length()).isEqualTo(32);
        assertThat(SecretBytes.random(32)).isNotEqualTo(SecretBytes.random(32));
    }

    @Test
    void destroyWipesTheContent() {
        SecretBytes secret = SecretBytes.copyOf(new byte[] {5, 6, 7});
        secret.destroy();
        assertThat(secret.toByteArray()).containsExactly(0, 0, 0);
    }
}
