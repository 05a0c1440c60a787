package dev.freight.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.Values;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** The COPY text encoding, byte for byte; that PostgreSQL reads it back is what the store suites show. */
class CopyTextTest {

    @Test
    void everyKindOfValueInTheServersInputSyntax() {
        CopyText t = new CopyText();
        t.value(17L).value(-9_223_372_036_854_775_807L).value(Long.MIN_VALUE).value(0L).value(true).value(false)
                .value(new BigDecimal("1E+3")).value(new BigDecimal("-0.50")).value(null).value(Values.ABSENT).endRow();
        t.value(LocalDateTime.of(2024, 2, 29, 7, 5, 9)).value(LocalDateTime.of(2024, 2, 29, 7, 5, 9, 120_000_000))
                .value(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 1)).value(LocalDateTime.of(12024, 1, 1, 0, 0))
                .value(LocalDate.of(2024, 12, 31)).endRow();
        assertThat(t.toString()).isEqualTo(
                "17\t-9223372036854775807\t-9223372036854775808\t0\tt\tf\t1000\t-0.50\t\\N\t\\N\n"
                        + "2024-02-29 07:05:09\t2024-02-29 07:05:09.12\t2024-01-01 00:00:00.000000001\t"
                        + Values.text(LocalDateTime.of(12024, 1, 1, 0, 0)) + "\t2024-12-31\n");
    }

    @Test
    void textIsEscapedBytewiseAndKeepsMultibyteCharacters() {
        CopyText t = new CopyText();
        t.value("plain").value("tab\there").value("line\nbreak\r\n").value("back\\slash").value("€ügen 日本\t").endRow();
        assertThat(t.toString()).isEqualTo("plain\ttab\\there\tline\\nbreak\\r\\n\tback\\\\slash\t€ügen 日本\\t\n");
    }

    @Test
    void growsPastItsFirstBuffer() {
        CopyText t = new CopyText();
        String big = "x\\".repeat(50_000);
        t.value(big).endRow();
        assertThat(t.toString()).isEqualTo(big.replace("\\", "\\\\") + "\n");
        assertThat(t.bytes()).hasSize(150_001);
    }
}
