package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizeConverterTest {
    @Test
    void sizesAreBytesOrBinaryMultiples() {
        assertThat(SizeConverter.parse("0")).isZero();
        assertThat(SizeConverter.parse("1048576")).isEqualTo(1L << 20);
        assertThat(SizeConverter.parse("2048b")).isEqualTo(2048L);
        assertThat(SizeConverter.parse("512k")).isEqualTo(512L << 10);
        assertThat(SizeConverter.parse("500m")).isEqualTo(500L << 20);
        assertThat(SizeConverter.parse("10g")).isEqualTo(10L << 30);
        assertThat(SizeConverter.parse("10G")).isEqualTo(10L << 30);
        assertThat(SizeConverter.parse("10GiB")).isEqualTo(10L << 30);
        assertThat(SizeConverter.parse("500MB")).isEqualTo(500L << 20);
        assertThat(SizeConverter.parse("1t")).isEqualTo(1L << 40);
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String value : new String[] {"", "-1", "10x", "1.5g", "g", "10 g", "9999999999999999999", "8388608t"}) {
            assertThatThrownBy(() -> SizeConverter.parse(value)).as(value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'" + value + "' is not a size such as 0, 500m, 10g (k, m, g, t: KiB, MiB, GiB, TiB)");
        }
    }

    @Test
    void formatWritesTheShortestFormThatReadsBack() {
        assertThat(SizeConverter.format(0)).isEqualTo("0");
        assertThat(SizeConverter.format(10L << 30)).isEqualTo("10g");
        assertThat(SizeConverter.format(1536L << 10)).isEqualTo("1536k");
        assertThat(SizeConverter.format(1L << 40)).isEqualTo("1t");
        assertThat(SizeConverter.format(1000)).isEqualTo("1000");
        for (long bytes : new long[] {0, 1, 1000, 1L << 20, 3L << 30, 5L << 40, (1L << 20) + 1}) {
            assertThat(SizeConverter.parse(SizeConverter.format(bytes))).isEqualTo(bytes);
        }
    }
}
