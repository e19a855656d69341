package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's Ed25519 vectors ({@code ed25519_test.json}), all of them, through
 * {@link Ed25519KeyMaterial#verify(byte[], String, byte[], boolean, byte[])} with {@code ED25519_SHA_512}, the
 * check behind Verify: a valid signature verifies, an invalid one (wrong length, non-canonical S, altered R or
 * message) does not, and never throws. The file has no {@code acceptable} vector.
 */
class Ed25519WycheproofTest {

    @TestFactory
    Stream<DynamicTest> ed25519Vectors() {
        return WycheproofVectors.load("ed25519_test.json").tests(vector -> true, Ed25519WycheproofTest::check);
    }

    private static void check(WycheproofVectors.Vector vector) {
        boolean verified = Ed25519KeyMaterial.verify(vector.groupHex("publicKeyDer"), "ED25519_SHA_512",
                vector.hex("msg"), MessageType.RAW, vector.hex("sig"));
        switch (vector.result()) {
            case VALID -> assertThat(verified).isTrue();
            case INVALID -> assertThat(verified).isFalse();
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }
}
