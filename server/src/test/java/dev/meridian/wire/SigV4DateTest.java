package dev.meridian.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@link SigV4Authenticator#parseBasicDate}'s hand-read path answers exactly as the formatter it stands in for. */
class SigV4DateTest {
    private static final DateTimeFormatter BASIC =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @ParameterizedTest
    @ValueSource(strings = {"20261202T050000Z", "20240229T235959Z", "20261231T000000Z", "19700101T000000Z",
            "00010101T000000Z", "99991231T235959Z", "20260131T120000Z", "20260430T010203Z",
            // not read by hand, so the formatter's own answer (a smart resolver clamps or rolls these)
            "20230229T000000Z", "20260431T000000Z", "20261202T240000Z", "00000101T000000Z",
            "20261202T05000-Z", "202612020T50000Z", "+20261202T050000Z", "020261202T050000Z"})
    void answersAsTheFormatter(String text) {
        Instant expected;
        try {
            expected = Instant.from(BASIC.parse(text));
        } catch (DateTimeParseException refused) {
            assertThatThrownBy(() -> SigV4Authenticator.parseBasicDate(text)).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(SigV4Authenticator.parseBasicDate(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-12-02T05:00:00Z", "20261202T050000", "20261202t050000Z", "20261202T050000z",
            "2026120aT050000Z", "20261302T050000Z", "20261200T050000Z", "20261202T056000Z", "20261202T050060Z",
            "20261202T05000Z", "+2026120T050000Z"})
    void refusesWhatTheFormatterRefuses(String text) {
        assertThatThrownBy(() -> BASIC.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> SigV4Authenticator.parseBasicDate(text)).isInstanceOf(DateTimeParseException.class);
    }

    @Test
    void everySecondOfALeapDayAndEveryDayOfTwoYearsAgrees() {
        for (Instant time = Instant.parse("2023-01-01T00:00:00Z"); time.isBefore(Instant.parse("2025-01-01T00:00:00Z"));
                time = time.plus(1, ChronoUnit.DAYS).plusSeconds(3_607)) {
            String text = BASIC.format(time);
            assertThat(SigV4Authenticator.parseBasicDate(text)).as(text).isEqualTo(time.truncatedTo(ChronoUnit.SECONDS));
        }
        for (int second = 0; second < 86_400; second += 7) {
            Instant time = Instant.parse("2024-02-29T00:00:00Z").plusSeconds(second);
            assertThat(SigV4Authenticator.parseBasicDate(BASIC.format(time))).isEqualTo(time);
        }
    }
}
