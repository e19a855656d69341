package dev.meridian.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SizeConverterTest {
    private final SizeConverter converter = new SizeConverter();

    @Test
    void sizesAreBytesOrBinaryMultiples() {
        assertThat(converter.convert("0")).isZero();
        assertThat(converter.convert("1048576")).isEqualTo(1L << 20);
        assertThat(converter.convert("2048b")).isEqualTo(2048L);
        assertThat(converter.convert("512k")).isEqualTo(512L << 10);
        assertThat(converter.convert("500m")).isEqualTo(500L << 20);
        assertThat(converter.convert("10g")).isEqualTo(10L << 30);
        assertThat(converter.convert("10G")).isEqualTo(10L << 30);
        assertThat(converter.convert("10GiB")).isEqualTo(10L << 30);
        assertThat(converter.convert("500MB")).isEqualTo(500L << 20);
        assertThat(converter.convert("1t")).isEqualTo(1L << 40);
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String value : new String[] {"", "-1", "10x", "1.5g", "g", "10 g", "9999999999999999999", "8388608t"}) {
            assertThatThrownBy(() -> converter.convert(value)).as(value).isInstanceOf(CommandLine.TypeConversionException.class)
                    .hasMessage("'" + value + "' is not a size such as 0, 500m, 10g (k, m, g, t: KiB, MiB, GiB, TiB)");
        }
    }
}
