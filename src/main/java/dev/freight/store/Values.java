package dev.freight.store;

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
        return Objects.equals(a, b);
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
        if (v instanceof LocalDateTime t) return LOCAL.format(t);
        if (v instanceof OffsetDateTime t) return ISO_LOCAL.format(t.withOffsetSameInstant(ZoneOffset.UTC)) + "Z";
        if (v instanceof BigDecimal d) return d.toPlainString();
        if (v instanceof JsonText j) return j.json();
        return v.toString();
    }

    /** JSON-friendly form: numbers and booleans stay, date-times become ISO-8601 strings. */
    public static Object json(Object v) {
        if (v == null || v instanceof Long || v instanceof Boolean || v instanceof BigDecimal || v instanceof String
                || v instanceof JsonText) return v;
        if (v instanceof LocalDateTime t) return ISO_LOCAL.format(t);
        return text(v);
    }
}
