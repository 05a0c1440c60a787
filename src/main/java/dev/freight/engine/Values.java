package dev.freight.engine;

import dev.freight.ingest.JsonText;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * Row values as the engine carries them: the coerced Java value, {@code null} for SQL NULL,
 * or {@link #ABSENT} where the input said nothing about a column (keep it, or default it).
 */
public final class Values {
    /** The input gave no value for this column. */
    public static final Object ABSENT = dev.freight.ingest.MappedRow.ABSENT;

    private static final DateTimeFormatter LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter ISO_LOCAL = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private Values() {}

    /** Equality as the database sees it: decimals by value, everything else by equals. */
    public static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) return x.compareTo(y) == 0;
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) return x.isEqual(y);
        if (a instanceof JsonText x && b instanceof JsonText y) return x.equals(y) || sameJson(x.json(), y.json());
        return Objects.equals(a, b);
    }

    /** jsonb gives JSON back normalised (key order, spaces): compare the values, not the text. */
    private static boolean sameJson(String a, String b) {
        try {
            return dev.freight.Json.MAPPER.readTree(a).equals(dev.freight.Json.MAPPER.readTree(b));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** A value normalised for use as a map key (decimals without trailing zeros). */
    public static Object keyPart(Object v) {
        if (v instanceof BigDecimal d) return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        if (v instanceof OffsetDateTime t) return t.withOffsetSameInstant(ZoneOffset.UTC);
        return v;
    }

    /** Text form used in CSV output, result keys and SQLite storage of date-times. */
    public static String text(Object v) {
        if (v == null) return "";
        if (v instanceof LocalDateTime t) return localText(t);
        if (v instanceof OffsetDateTime t) return ISO_LOCAL.format(t.withOffsetSameInstant(ZoneOffset.UTC)) + "Z";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof JsonText j) return j.json();
        return v.toString();
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.fraction]} by hand: it runs for every timestamp written. */
    private static String localText(LocalDateTime t) {
        int year = t.getYear();
        if (year < 1000 || year > 9999) return LOCAL.format(t);
        StringBuilder sb = new StringBuilder(29).append(year).append('-');
        two(sb, t.getMonthValue()).append('-');
        two(sb, t.getDayOfMonth()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond());
        int nano = t.getNano();
        if (nano != 0) {
            String f = Integer.toString(1_000_000_000 + nano).substring(1);
            int end = f.length();
            while (f.charAt(end - 1) == '0') end--;
            sb.append('.').append(f, 0, end);
        }
        return sb.toString();
    }

    private static StringBuilder two(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    /** JSON-friendly form: numbers and booleans stay, date-times become ISO-8601 strings. */
    public static Object json(Object v) {
        if (v == null || v instanceof Long || v instanceof Boolean || v instanceof BigDecimal || v instanceof String
                || v instanceof JsonText) return v;
        if (v instanceof LocalDateTime t) return ISO_LOCAL.format(t);
        return text(v);
    }
}
