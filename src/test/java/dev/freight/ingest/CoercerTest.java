package dev.freight.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Status;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CoercerTest {
    private final Coercer coercer = new Coercer(List.of());

    private static Column col(String name, ColumnType type) {
        return Column.of(name, type);
    }

    private static Column decimal(Integer precision, Integer scale) {
        return new Column("amount", ColumnType.DECIMAL, true, null, precision, scale, true, false, ColumnRole.NONE, List.of());
    }

    private void assertFails(Column column, Object raw, String message) {
        assertThatThrownBy(() -> coercer.coerce(column, raw))
                .isInstanceOf(CoercionException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((CoercionException) e).column()).isEqualTo(column.name()));
    }

    @Nested
    class Text {
        private final Column c = col("note", ColumnType.TEXT);

        @Test
        void keepsStringsAsTheyAre() {
            assertThat(coercer.coerce(c, " a b ")).isEqualTo(" a b ");
        }

        @Test
        void jsonScalarsAndStructuresBecomeTheirText() {
            assertThat(coercer.coerce(c, 42L)).isEqualTo("42");
            assertThat(coercer.coerce(c, new BigDecimal("1.50"))).isEqualTo("1.50");
            assertThat(coercer.coerce(c, true)).isEqualTo("true");
            assertThat(coercer.coerce(c, new JsonText("{\"a\":1}"))).isEqualTo("{\"a\":1}");
        }
    }

    @Nested
    class Integers {
        private final Column c = col("score", ColumnType.INTEGER);

        @ParameterizedTest
        @CsvSource({"42,42", "007,7", "+5,5", "-5,-5", "' 12 ',12", "0,0", "-0,0",
                "9223372036854775807,9223372036854775807", "-9223372036854775808,-9223372036854775808"})
        void readsDecimalDigitsWithAnOptionalSign(String raw, long expected) {
            assertThat(coercer.coerce(c, raw)).isEqualTo(expected);
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "1.0", "1e3", "+", "-", "1 2", "0x10", "12a", "٣", "--1"})
        void rejectsWhatIsNotAnInteger(String raw) {
            assertFails(c, raw, "column score: '" + raw + "' is not an integer");
        }

        @ParameterizedTest
        @ValueSource(strings = {"9223372036854775808", "-9223372036854775809", "99999999999999999999999"})
        void rejectsWhatDoesNotFit64Bits(String raw) {
            assertFails(c, raw, "column score: '" + raw + "' is out of range for a 64-bit integer");
        }

        @Test
        void aLongDigitStringWithAStrayCharacterIsNotAnIntegerAtAll() {
            assertFails(c, "99999999999999999999x", "column score: '99999999999999999999x' is not an integer");
        }

        @Test
        void takesJsonNumbersThatAreIntegral() {
            assertThat(coercer.coerce(c, 5L)).isEqualTo(5L);
            assertThat(coercer.coerce(c, new BigDecimal("3.00"))).isEqualTo(3L);
            assertThat(coercer.coerce(c, new BigDecimal("1E+3"))).isEqualTo(1000L);
            assertFails(c, new BigDecimal("3.5"), "column score: '3.5' is not an integer");
            assertFails(c, new BigDecimal("1E+19"), "column score: '1E+19' is out of range for a 64-bit integer");
            assertFails(c, true, "column score: 'true' is not an integer");
            assertFails(c, new JsonText("[1]"), "column score: '[1]' is not an integer");
        }
    }

    @Nested
    class Decimals {
        @ParameterizedTest
        @CsvSource({"12.345,12.35", "-12.345,-12.35", "12.344,12.34", "5,5.00", "' 1.5 ',1.50", "+.5,0.50", "1e3,1000.00",
                "9999999999.994,9999999999.99", "-0.005,-0.01", "0.004,0.00"})
        void roundsHalfUpToTheScale(String raw, String expected) {
            BigDecimal v = (BigDecimal) coercer.coerce(decimal(12, 2), raw);
            assertThat(v).isEqualTo(new BigDecimal(expected)); // equals: same value and same scale
        }

        @Test
        void anUnboundedDecimalKeepsTheValueExactly() {
            assertThat(coercer.coerce(decimal(null, null), "1.50")).isEqualTo(new BigDecimal("1.50"));
            assertThat(coercer.coerce(decimal(null, null), "1e3")).isEqualTo(new BigDecimal("1000"));
            assertThat(coercer.coerce(decimal(null, null), "123456789012345678901234567890.123456789"))
                    .isEqualTo(new BigDecimal("123456789012345678901234567890.123456789"));
        }

        @Test
        void aPrecisionWithoutScaleMeansScaleZero() {
            assertThat(coercer.coerce(decimal(5, null), "12345.4")).isEqualTo(new BigDecimal("12345"));
            assertFails(decimal(5, null), "99999.5", "column amount: '99999.5' does not fit decimal(5)");
        }

        @Test
        void rejectsIntegerDigitsBeyondPrecisionMinusScale() {
            assertFails(decimal(12, 2), "12345678901", "column amount: '12345678901' does not fit decimal(12,2)");
            assertFails(decimal(12, 2), "9999999999.995", "column amount: '9999999999.995' does not fit decimal(12,2)");
            assertFails(decimal(12, 2), "-1e10", "column amount: '-1e10' does not fit decimal(12,2)");
            assertThat(coercer.coerce(decimal(12, 2), "-9999999999.99")).isEqualTo(new BigDecimal("-9999999999.99"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "abc", "1,5", "1.2.3", "e5", "١٢", "0x1A", "1e"})
        void rejectsWhatIsNotANumber(String raw) {
            assertFails(decimal(12, 2), raw, "column amount: '" + raw + "' is not a number");
        }

        @Test
        void rejectsExponentsNoDatabaseCouldStore() {
            assertFails(decimal(null, null), "1e999999999", "column amount: '1e999999999' is out of range for a decimal");
            assertFails(decimal(12, 2), "1e-999999999", "column amount: '1e-999999999' is out of range for a decimal");
        }

        @Test
        void takesJsonNumbers() {
            assertThat(coercer.coerce(decimal(12, 2), 7L)).isEqualTo(new BigDecimal("7.00"));
            assertThat(coercer.coerce(decimal(12, 2), new BigDecimal("0.125"))).isEqualTo(new BigDecimal("0.13"));
            assertFails(decimal(12, 2), false, "column amount: 'false' is not a number");
        }
    }

    @Nested
    class Booleans {
        private final Column c = col("active", ColumnType.BOOLEAN);

        @ParameterizedTest
        @ValueSource(strings = {"true", "TRUE", "True", "1", "yes", "YES", "t", "T", "y", "Y", " true "})
        void readsTrue(String raw) {
            assertThat(coercer.coerce(c, raw)).isEqualTo(true);
        }

        @ParameterizedTest
        @ValueSource(strings = {"false", "FALSE", "False", "0", "no", "No", "f", "F", "n", "N"})
        void readsFalse(String raw) {
            assertThat(coercer.coerce(c, raw)).isEqualTo(false);
        }

        @Test
        void takesJsonBooleansAndTheNumbersOneAndZero() {
            assertThat(coercer.coerce(c, Boolean.TRUE)).isEqualTo(true);
            assertThat(coercer.coerce(c, 1L)).isEqualTo(true);
            assertThat(coercer.coerce(c, 0L)).isEqualTo(false);
            assertThat(coercer.coerce(c, new BigDecimal("1.0"))).isEqualTo(true);
            assertFails(c, 2L, "column active: '2' is not a boolean");
        }

        @ParameterizedTest
        @ValueSource(strings = {"maybe", "2", "on", "tru", "yess", "nope"})
        void rejectsAnythingElse(String raw) {
            assertFails(c, raw, "column active: '" + raw + "' is not a boolean");
        }
    }

    @Nested
    class DatesAndTimes {
        private final Column ts = col("at", ColumnType.TIMESTAMP);
        private final Column tz = col("at", ColumnType.TIMESTAMPTZ);
        private final Column date = col("day", ColumnType.DATE);

        /** Every format of seed 000, plus ISO-8601 offsets and long fractions. */
        @ParameterizedTest(name = "{0}")
        @CsvSource({
                "2024-03-15,                          2024-03-15T00:00",
                "2024-03-15 13:45,                    2024-03-15T13:45",
                "2024-03-15T13:45,                    2024-03-15T13:45",
                "2024-03-15 13:45:30,                 2024-03-15T13:45:30",
                "2024-03-15T13:45:30,                 2024-03-15T13:45:30",
                "2024-03-15 13:45:30.1,               2024-03-15T13:45:30.100",
                "2024-03-15 13:45:30.12,              2024-03-15T13:45:30.120",
                "2024-03-15 13:45:30.123,             2024-03-15T13:45:30.123",
                "2024-03-15T13:45:30.1,               2024-03-15T13:45:30.100",
                "2024-03-15T13:45:30.12,              2024-03-15T13:45:30.120",
                "2024-03-15T13:45:30.123,             2024-03-15T13:45:30.123",
                "2024-03-15T13:45:30Z,                2024-03-15T13:45:30",
                "2024-03-15T13:45:30.123Z,            2024-03-15T13:45:30.123",
                "2024-03-15T13:45:30+02:00,           2024-03-15T11:45:30",
                "2024-03-15T13:45:30+0200,            2024-03-15T11:45:30",
                "2024-03-15T13:45:30+02,              2024-03-15T11:45:30",
                "2024-03-15T13:45:30-05:30,           2024-03-15T19:15:30",
                "2024-03-15T23:30-02:00,              2024-03-16T01:30",
                "2024-03-15T13:45:30.123456789+02:00, 2024-03-15T11:45:30.123456789",
                "2024-03-15T13:45:30.123456Z,         2024-03-15T13:45:30.123456",
                "2024-03-15 13:45:30.5+00:00,         2024-03-15T13:45:30.500",
                "2024-03-15t13:45:30z,                2024-03-15T13:45:30",
                "2024-02-29 00:00,                    2024-02-29T00:00",
        })
        void timestampReadsEveryFormatAndConvertsOffsetsToUtc(String raw, LocalDateTime expected) {
            assertThat(coercer.coerce(ts, raw)).isEqualTo(expected);
            assertThat(coercer.coerce(tz, raw)).isEqualTo(OffsetDateTime.of(expected, ZoneOffset.UTC));
        }

        @Test
        void timestamptzIsInUtcAndTakesValuesWithoutOffsetAsUtc() {
            OffsetDateTime v = (OffsetDateTime) coercer.coerce(tz, "2024-03-15T13:45:30.5+02:00");
            assertThat(v.getOffset()).isEqualTo(ZoneOffset.UTC);
            assertThat(v.toLocalDateTime()).isEqualTo(LocalDateTime.parse("2024-03-15T11:45:30.5"));
            assertThat(coercer.coerce(tz, "2024-03-15 13:45")).isEqualTo(OffsetDateTime.parse("2024-03-15T13:45Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"2024-03-15 25:00", "2024-03-15 13:45:60", "2024-13-01", "2024-02-30", "2023-02-29",
                "2024-03-15T13:45:30+19:00", "2024-03-15T13:45:30.1234567890", "2024-03-15 13", "20240315",
                "2024-03-15T13:45:30 Z", "2024-03-15T13:45:30.", "2024-3-15", "15/03/2024", "yesterday",
                "2024-03-15T13:45:30+02:0", "2024-03-15T13:45:30+2:00", "2024-03-15 13:45:3", "2024-03-15X13:45"})
        void rejectsWhatNoFormatReads(String raw) {
            assertFails(ts, raw, "column at: '" + raw + "' is not a timestamp");
            assertFails(tz, raw, "column at: '" + raw + "' is not a timestamp");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2024-03-15", "2024-03-15 00:00", "2024-03-15T00:00:00", "2024-03-15 00:00:00.000",
                "2024-03-15T00:00:00Z", "2024-03-15T00:00:00.000Z", "2024-03-15T00:00:00+05:00", " 2024-03-15 "})
        void dateTakesADateOrAMidnightDateTime(String raw) {
            assertThat(coercer.coerce(date, raw)).isEqualTo(LocalDate.of(2024, 3, 15));
        }

        @Test
        void dateRejectsATimeOfDayAndImpossibleDates() {
            assertFails(date, "2024-03-15 10:00", "column day: '2024-03-15 10:00' is not a date (it has a time of day)");
            assertFails(date, "2024-03-15T00:00:00.001", "column day: '2024-03-15T00:00:00.001' is not a date (it has a time of day)");
            assertFails(date, "2024-02-30", "column day: '2024-02-30' is not a date");
            assertFails(date, 20240315L, "column day: '20240315' is not a date");
        }

        @Test
        void extraFormatsAreTriedAfterTheBuiltInOnes() {
            Coercer withExtra = new Coercer(List.of("dd/MM/yyyy", "dd/MM/yyyy HH:mm", "MMM d, yyyy h:mm a", "yyyyMMddHHmmssXX"));
            assertThat(withExtra.coerce(date, "15/03/2024")).isEqualTo(LocalDate.of(2024, 3, 15));
            assertThat(withExtra.coerce(ts, "15/03/2024")).isEqualTo(LocalDateTime.parse("2024-03-15T00:00"));
            assertThat(withExtra.coerce(ts, "15/03/2024 13:45")).isEqualTo(LocalDateTime.parse("2024-03-15T13:45"));
            assertThat(withExtra.coerce(ts, "mar 5, 2024 1:45 PM")).isEqualTo(LocalDateTime.parse("2024-03-05T13:45"));
            assertThat(withExtra.coerce(tz, "20240315134530+0100")).isEqualTo(OffsetDateTime.parse("2024-03-15T12:45:30Z"));
            assertThat(withExtra.coerce(ts, "2024-03-15T13:45:30Z")).isEqualTo(LocalDateTime.parse("2024-03-15T13:45:30"));
            assertThatThrownBy(() -> withExtra.coerce(date, "31/02/2024")).hasMessage("column day: '31/02/2024' is not a date");
            assertThatThrownBy(() -> withExtra.coerce(date, "15/03/2024 x")).hasMessage("column day: '15/03/2024 x' is not a date");
            assertThatThrownBy(() -> coercer.coerce(date, "15/03/2024")).isInstanceOf(CoercionException.class);
        }

        @Test
        void anUnusableExtraFormatIsRejectedWhenTheCoercerIsMade() {
            assertThatThrownBy(() -> new Coercer(List.of("dd/MM/yyyy", "yyyy-MM-dd {")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid date-time format 'yyyy-MM-dd {': ");
            assertThatThrownBy(() -> new Coercer(List.of("HH:mm")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid date-time format 'HH:mm': it does not read a date");
            assertThatThrownBy(() -> new Coercer(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
            assertThat(new Coercer(null).coerce(date, "2024-03-15")).isEqualTo(LocalDate.of(2024, 3, 15));
        }
    }

    @Nested
    class Uuids {
        private final Column c = col("guid", ColumnType.UUID);

        @Test
        void readsTheCanonicalFormInAnyCase() {
            UUID expected = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
            assertThat(coercer.coerce(c, "123e4567-e89b-12d3-a456-426614174000")).isEqualTo(expected);
            assertThat(coercer.coerce(c, "123E4567-E89B-12D3-A456-426614174000")).isEqualTo(expected);
            assertThat(coercer.coerce(c, "ffffffff-ffff-ffff-ffff-ffffffffffff")).isEqualTo(new UUID(-1, -1));
            assertThat(coercer.coerce(c, "00000000-0000-0000-0000-000000000000")).isEqualTo(new UUID(0, 0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"123e4567e89b12d3a456426614174000", "1-2-3-4-5", "g23e4567-e89b-12d3-a456-426614174000",
                "123e4567-e89b-12d3-a456-42661417400", "{123e4567-e89b-12d3-a456-426614174000}", "123e4567-e89b-12d3-a456_426614174000"})
        void rejectsOtherForms(String raw) {
            assertFails(c, raw, "column guid: '" + raw + "' is not a UUID");
        }
    }

    @Nested
    class JsonColumns {
        private final Column c = col("doc", ColumnType.JSON);

        @Test
        void textIsParsedAndKeptCompact() {
            assertThat(coercer.coerce(c, " { \"a\" : [1, 2.50, \"é\"], \"b\": null } ")).isEqualTo(new JsonText("{\"a\":[1,2.50,\"é\"],\"b\":null}"));
            assertThat(coercer.coerce(c, "\"x\"")).isEqualTo(new JsonText("\"x\""));
            assertThat(coercer.coerce(c, "12")).isEqualTo(new JsonText("12"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"abc", "{", "{\"a\":1} x", "{\"a\":1}{}", "[1,]", "{'a':1}", "NaN"})
        void rejectsInvalidJson(String raw) {
            assertFails(c, raw, "column doc: '" + raw + "' is not valid JSON");
        }

        @Test
        void jsonValuesFromTheInputAreKept() {
            JsonText nested = new JsonText("{\"a\":1}");
            assertThat(coercer.coerce(c, nested)).isSameAs(nested);
            assertThat(coercer.coerce(c, 5L)).isEqualTo(new JsonText("5"));
            assertThat(coercer.coerce(c, new BigDecimal("1.50"))).isEqualTo(new JsonText("1.50"));
            assertThat(coercer.coerce(c, false)).isEqualTo(new JsonText("false"));
        }
    }

    @Nested
    class Statuses {
        private final List<Status> statuses = List.of(new Status("1", "Open"), new Status("2", "Closed"));
        private final Column c = new Column("status", ColumnType.INTEGER, true, null, null, null, true, false, ColumnRole.STATUS, statuses);

        @Test
        void takesAnIdOrANameInAnyCase() {
            assertThat(coercer.coerce(c, "Open")).isEqualTo(1L);
            assertThat(coercer.coerce(c, "CLOSED")).isEqualTo(2L);
            assertThat(coercer.coerce(c, " closed ")).isEqualTo(2L);
            assertThat(coercer.coerce(c, "2")).isEqualTo(2L);
            assertThat(coercer.coerce(c, 1L)).isEqualTo(1L);
        }

        @Test
        void theIdIsCoercedToTheColumnType() {
            Column text = new Column("stage", ColumnType.TEXT, true, null, null, null, true, false, ColumnRole.STATUS,
                    List.of(new Status("o", "Open")));
            assertThat(coercer.coerce(text, "OPEN")).isEqualTo("o");
        }

        @Test
        void rejectsAnUnknownStatusListingTheNames() {
            assertFails(c, "Foo", "column status: 'Foo' is not a status of this column (expected one of: Open, Closed)");
            assertFails(c, 3L, "column status: '3' is not a status of this column (expected one of: Open, Closed)");
        }
    }

    @Test
    void longValuesAreCutInMessages() {
        String raw = "x".repeat(150);
        assertFails(col("score", ColumnType.INTEGER), raw, "column score: '" + "x".repeat(100) + "…' is not an integer");
        String emoji = "x".repeat(99) + "😀" + "y".repeat(10);
        assertFails(col("score", ColumnType.INTEGER), emoji, "column score: '" + "x".repeat(99) + "…' is not an integer");
    }
}
