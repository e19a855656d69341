package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.meridian.model.KeySpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Wycheproof's HMAC-SHA-224/256/384/512 vectors ({@code hmac_sha*_test.json}), all of them, through
 * {@link HmacKeyMaterial} made by {@link KeyMaterialService#parseImported} (the path of imported secrets).
 * A key whose length the spec takes: a valid vector's full-length tag is the material's MAC and verifies, an
 * invalid one does not verify; a truncated tag (the 128-bit groups) is checked as the prefix of the MAC and never
 * verifies, since KMS's VerifyMac takes only whole MACs. A key the spec does not take (shorter than the hash,
 * longer than AWS's maximum) is refused.
 */
class HmacWycheproofTest {

    @TestFactory
    Stream<DynamicTest> hmacSha224Vectors() {
        return tests("hmac_sha224_test.json", KeySpec.HMAC_224);
    }

    @TestFactory
    Stream<DynamicTest> hmacSha256Vectors() {
        return tests("hmac_sha256_test.json", KeySpec.HMAC_256);
    }

    @TestFactory
    Stream<DynamicTest> hmacSha384Vectors() {
        return tests("hmac_sha384_test.json", KeySpec.HMAC_384);
    }

    @TestFactory
    Stream<DynamicTest> hmacSha512Vectors() {
        return tests("hmac_sha512_test.json", KeySpec.HMAC_512);
    }

    private static Stream<DynamicTest> tests(String fileName, KeySpec spec) {
        return WycheproofVectors.load(fileName).tests(vector -> true, vector -> check(vector, spec));
    }

    private static void check(WycheproofVectors.Vector vector, KeySpec spec) {
        byte[] key = vector.hex("key");
        byte[] message = vector.hex("msg");
        byte[] tag = vector.hex("tag");
        boolean whole = vector.groupInt("tagSize") / 8 == macLength(spec);
        Optional<KeyMaterial> parsed = KeyMaterialService.parseImported(spec, SecretBytes.copyOf(key));
        if (key.length < macLength(spec) || key.length > (spec == KeySpec.HMAC_224 || spec == KeySpec.HMAC_256 ? 64 : 128)) {
            assertThat(parsed).as("a %d-byte key for %s", key.length, spec).isEmpty();
            return;
        }
        HmacKeyMaterial material = parsed.orElseThrow().hmac();
        assertThat(material.spec()).isEqualTo(spec);
        switch (vector.result()) {
            case VALID -> {
                byte[] mac = material.mac(message);
                assertThat(mac).hasSize(macLength(spec));
                assertThat(Arrays.copyOf(mac, tag.length)).isEqualTo(tag);
                assertThat(material.verify(message, tag)).isEqualTo(whole);
            }
            case INVALID -> assertThat(material.verify(message, tag)).isFalse();
            case ACCEPTABLE -> throw WycheproofVectors.undecided(vector);
        }
    }

    private static int macLength(KeySpec spec) {
        return switch (spec) {
            case HMAC_224 -> 28;
            case HMAC_256 -> 32;
            case HMAC_384 -> 48;
            case HMAC_512 -> 64;
            default -> throw new IllegalArgumentException(spec.name());
        };
    }
}
