package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's HKDF-SHA-256 vectors ({@code hkdf_sha256_test.json}), all of them, through {@link Hkdf}, which
 * gives at most 32 bytes (one expand block): a valid vector's output is compared whole when it is at most 32
 * bytes, and on its first 32 bytes otherwise (HKDF's output for a length is a prefix of its output for a longer
 * one), and asking {@link Hkdf} for more than 32 bytes must be refused. The invalid vectors ask for more than
 * HKDF can give (255 blocks) and must be refused with {@link IllegalArgumentException}.
 */
class HkdfWycheproofTest {
    private static final WycheproofVectors VECTORS = WycheproofVectors.load("hkdf_sha256_test.json");
    private static final int MOST = 32;

    @TestFactory
    Stream<DynamicTest> hkdfSha256Vectors() {
        return VECTORS.tests(vector -> true, HkdfWycheproofTest::check);
    }

    private static void check(WycheproofVectors.Vector vector) {
        byte[] inputKeyMaterial = vector.hex("ikm");
        byte[] salt = vector.hex("salt");
        byte[] info = vector.hex("info");
        int size = vector.intValue("size");
        switch (vector.result()) {
            case VALID -> {
                byte[] expected = vector.hex("okm");
                int length = Math.min(size, MOST);
                assertThat(Hkdf.deriveKey(inputKeyMaterial, salt, info, length)).isEqualTo(Arrays.copyOf(expected, length));
                if (size > MOST) {
                    assertThatThrownBy(() -> Hkdf.deriveKey(inputKeyMaterial, salt, info, size))
                            .isExactlyInstanceOf(IllegalArgumentException.class);
                }
            }
            case INVALID -> assertThatThrownBy(() -> Hkdf.deriveKey(inputKeyMaterial, salt, info, size))
                    .isExactlyInstanceOf(IllegalArgumentException.class);
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }
}
