package dev.meridian.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyIdTest {
    @Test
    void parsesBothFormsAndLowersUpperCaseHex() {
        assertThat(KeyId.parseOrNull("1234abcd-12ab-34cd-56ef-1234567890ab").isMultiRegion()).isFalse();
        assertThat(KeyId.parseOrNull("mrk-1234abcd12ab34cd56ef1234567890ab").isMultiRegion()).isTrue();
        assertThat(KeyId.parseOrNull("1234ABCD-12AB-34CD-56EF-1234567890AB").value())
                .isEqualTo("1234abcd-12ab-34cd-56ef-1234567890ab");
        assertThat(KeyId.parseOrNull("mrk-1234ABCD12AB34CD56EF1234567890AB").value())
                .isEqualTo("mrk-1234abcd12ab34cd56ef1234567890ab");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "1234abcd12ab34cd56ef1234567890ab", "1234abcd-12ab-34cd-56ef-1234567890a",
            "1234abcd-12ab-34cd-56ef-1234567890abc", "1234abcg-12ab-34cd-56ef-1234567890ab",
            "1234abcd_12ab-34cd-56ef-1234567890ab", "mrk-1234abcd12ab34cd56ef1234567890a",
            "mrk-1234abcd12ab34cd56ef1234567890ag",
            "alias/1234abcd-12ab-34cd-56ef-123456"})
    void refusesAnythingElse(String text) {
        assertThat(KeyId.parseOrNull(text)).isNull();
        assertThatThrownBy(() -> new KeyId(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bytesRoundTrip() {
        KeyId single = KeyId.newSingleRegion();
        KeyId multi = KeyId.newMultiRegion();
        assertThat(KeyId.fromBytes(single.toBytes(), false)).isEqualTo(single);
        assertThat(KeyId.fromBytes(multi.toBytes(), true)).isEqualTo(multi);
    }
}
