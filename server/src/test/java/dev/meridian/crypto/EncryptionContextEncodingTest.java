package dev.meridian.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionContextEncodingTest {

    private static byte[] encode(Map<String, String> context) {
        return EncryptionContextEncoding.encode(context);
    }

    @Test
    void encodesCountThenLengthPrefixedEntries() {
        assertThat(HexFormat.of().formatHex(encode(Map.of("a", "bc"))))
                .isEqualTo("00000001" + "00000001" + "61" + "00000002" + "6263");
    }

    @Test
    void theOrderOfTheEntriesDoesNotMatter() {
        Map<String, String> forward = new LinkedHashMap<>();
        forward.put("alpha", "1");
        forward.put("beta", "2");
        forward.put("gamma", "3");
        Map<String, String> backward = new LinkedHashMap<>();
        backward.put("gamma", "3");
        backward.put("beta", "2");
        backward.put("alpha", "1");
        assertThat(encode(forward)).isEqualTo(encode(backward));
    }

    @Test
    void shiftingCharactersBetweenKeyAndValueChangesTheEncoding() {
        assertThat(encode(Map.of("ab", "c"))).isNotEqualTo(encode(Map.of("a", "bc")));
        assertThat(encode(Map.of("a", "b", "c", "d"))).isNotEqualTo(encode(Map.of("a", "bcd")));
        assertThat(encode(Map.of("", "ab"))).isNotEqualTo(encode(Map.of("a", "b")));
    }

    @Test
    void keysAndValuesAreCaseSensitive() {
        assertThat(encode(Map.of("Key", "value"))).isNotEqualTo(encode(Map.of("key", "value")));
        assertThat(encode(Map.of("key", "Value"))).isNotEqualTo(encode(Map.of("key", "value")));
    }

    @Test
    void anEmptyContextIsTheSameAsNone() {
        assertThat(encode(Map.of())).isEqualTo(encode(null)).isEqualTo(new byte[4]);
        assertThat(encode(Map.of("", ""))).isNotEqualTo(encode(Map.of()));
    }

    @Test
    void entriesAreOrderedByTheUnsignedBytesOfTheirUtf8Keys() {
        // U+FFFF is EF BF BF in UTF-8 and sorts before U+1F600 (F0 9F 98 80), although its UTF-16 unit is higher.
        String bmp = "\uFFFF";
        String emoji = "\uD83D\uDE00";
        Map<String, String> context = new LinkedHashMap<>();
        context.put(emoji, "2");
        context.put(bmp, "1");
        String expected = "00000002" + "00000003" + "efbfbf" + "00000001" + "31" + "00000004" + "f09f9880" + "00000001" + "32";
        assertThat(HexFormat.of().formatHex(encode(context))).isEqualTo(expected);
    }
}
