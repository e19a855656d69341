package dev.meridian.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationConverterTest {
    @Test
    void parsesNumbersWithUnits() {
        assertThat(DurationConverter.parse("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(DurationConverter.parse("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void rejectsOtherText() {
        assertThatThrownBy(() -> DurationConverter.parse("soon")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void operationsAreFoundByTheirAwsNames() {
        assertThat(KmsOperation.fromOperationName("GenerateDataKey")).isEqualTo(KmsOperation.GENERATE_DATA_KEY);
        assertThat(KmsOperation.fromOperationName("decrypt")).isEqualTo(KmsOperation.DECRYPT);
        assertThat(KmsOperation.fromOperationName("TrentService.Encrypt")).isEqualTo(KmsOperation.ENCRYPT);
        assertThat(KmsOperation.fromOperationName("VerifyMac")).isEqualTo(KmsOperation.VERIFY_MAC);
        assertThat(KmsOperation.fromOperationName("generatemac")).isEqualTo(KmsOperation.GENERATE_MAC);
    }
}
