package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.Status;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Turns raw input values ({@link SourceRow} values) into the canonical Java value of a column:
 * TEXT → String, INTEGER → Long, DECIMAL → BigDecimal, BOOLEAN → Boolean, DATE → LocalDate,
 * TIMESTAMP → LocalDateTime, TIMESTAMPTZ → OffsetDateTime in UTC, UUID → UUID, JSON → JsonText.
 * A value that does not fit throws {@link CoercionException} with a message such as
 * {@code column score: 'abc' is not an integer}.
 *
 * <p>Text of non-text columns is read with surrounding whitespace ignored (as PostgreSQL does).
 * Empty and null values, and NOT NULL checks, are the caller's business. Immutable and thread-safe;
 * one instance per job (its extra date-time formats are the job's).
 */
public final class Coercer {
    private static final int SHOWN = 100;
    // PostgreSQL numeric limits: digits before and after the decimal point
    private static final int MAX_INTEGER_DIGITS = 131_072;
    private static final int MAX_FRACTION_DIGITS = 16_383;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private final DateTimes dateTimes;
    private final Predicate<String> groups; // whether a name is an access group of the job's workspace; null: unchecked

    /**
     * @param extraDateTimeFormats java.time patterns ({@code dd/MM/yyyy HH:mm}) tried after the
     *                             built-in formats, in order; null for none
     * @throws IllegalArgumentException naming a pattern that is invalid or reads no date
     */
    public Coercer(List<String> extraDateTimeFormats) {
        this(extraDateTimeFormats, null);
    }

    /**
     * @param groups whether a name is an access group of the import's workspace: a group column's
     *               value must be one (checked by imports, which know their workspace); null: not checked
     */
    public Coercer(List<String> extraDateTimeFormats, Predicate<String> groups) {
        this.dateTimes = new DateTimes(extraDateTimeFormats == null ? List.of() : extraDateTimeFormats);
        this.groups = groups;
    }

    /**
     * The canonical value of {@code raw} for {@code column}.
     *
     * @param raw never null nor empty: a String, Long, BigDecimal, Boolean or {@link JsonText}
     * @throws CoercionException when the value does not fit the column
     */
    public Object coerce(Column column, Object raw) {
        if (column.role() == ColumnRole.STATUS && !column.statuses().isEmpty()) raw = statusId(column, raw);
        if (column.role() == ColumnRole.GROUP && groups != null && !groups.test(textOf(raw))) {
            throw fail(column, raw, "is not an access group of this workspace (groups are made with POST /v1/groups)");
        }
        return switch (column.type()) {
            case TEXT -> text(raw);
            case INTEGER -> integer(column, raw);
            case DECIMAL -> decimal(column, raw);
            case BOOLEAN -> bool(column, raw);
            case DATE -> date(column, raw);
            case TIMESTAMP -> timestamp(column, raw);
            case TIMESTAMPTZ -> timestamptz(column, raw);
            case UUID -> uuid(column, raw);
            case JSON -> json(column, raw);
        };
    }

    /** A status column takes a status id, or a status name in any case; either becomes the id. */
    private static String statusId(Column column, Object raw) {
        String v = textOf(raw).trim();
        List<Status> statuses = column.statuses();
        for (Status s : statuses) if (s.id().equals(v)) return s.id();
        for (Status s : statuses) if (s.name().equalsIgnoreCase(v)) return s.id();
        StringBuilder expected = new StringBuilder();
        for (Status s : statuses) expected.append(expected.isEmpty() ? "" : ", ").append(s.name());
        throw fail(column, raw, "is not a status of this column (expected one of: " + expected + ")");
    }

    private static String text(Object raw) {
        return textOf(raw);
    }

    private static Long integer(Column column, Object raw) {
        if (raw instanceof Long l) return l;
        if (raw instanceof String s) return parseLong(column, s.trim(), raw);
        if (raw instanceof BigDecimal d && isIntegral(d)) {
            if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) throw fail(column, raw, "is out of range for a 64-bit integer");
            return d.longValue();
        }
        throw fail(column, raw, "is not an integer");
    }

    /** Optional sign and decimal digits only (so not "1.0" nor "1e3"); overflow is its own error. */
    private static Long parseLong(Column column, String s, Object raw) {
        int n = s.length();
        int i = 0;
        boolean negative = false;
        if (n > 0 && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (i == n) throw fail(column, raw, "is not an integer");
        // accumulate negatively: the negative range is the larger one (Long.MIN_VALUE)
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long multMin = limit / 10;
        long acc = 0;
        boolean overflow = false;
        for (; i < n; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) throw fail(column, raw, "is not an integer");
            if (overflow || acc < multMin || acc * 10 < limit + d) {
                overflow = true; // keep scanning: "99999999999999999999x" is not an integer at all
                continue;
            }
            acc = acc * 10 - d;
        }
        if (overflow) throw fail(column, raw, "is out of range for a 64-bit integer");
        return negative ? acc : -acc;
    }

    private static boolean isIntegral(BigDecimal d) {
        return d.scale() <= 0 || d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static BigDecimal decimal(Column column, Object raw) {
        BigDecimal v;
        if (raw instanceof BigDecimal d) v = d;
        else if (raw instanceof Long l) v = BigDecimal.valueOf(l);
        else if (raw instanceof String s) v = parseDecimal(column, s.trim(), raw);
        else throw fail(column, raw, "is not a number");
        // bound the digits first: rounding 1e-999999999 or widening 1e999999999 would take forever
        if (v.signum() == 0 && (v.scale() < 0 || v.scale() > MAX_FRACTION_DIGITS)) {
            v = BigDecimal.ZERO;
        } else if (v.precision() - v.scale() > MAX_INTEGER_DIGITS || v.scale() > MAX_FRACTION_DIGITS) {
            throw fail(column, raw, "is out of range for a decimal");
        }
        Integer precision = column.precision();
        // numeric(p) means scale 0 in PostgreSQL; an unbounded numeric keeps the value's own scale
        int scale = column.scale() != null ? column.scale() : precision != null ? 0 : -1;
        if (scale >= 0) v = v.setScale(scale, RoundingMode.HALF_UP); // ties away from zero, as numeric does
        else if (v.scale() < 0) v = v.setScale(0);                  // 1E+3 → 1000
        if (precision != null && v.signum() != 0 && v.precision() - v.scale() > precision - scale) {
            String type = column.scale() != null ? "decimal(" + precision + "," + scale + ")" : "decimal(" + precision + ")";
            throw fail(column, raw, "does not fit " + type);
        }
        return v;
    }

    private static BigDecimal parseDecimal(Column column, String s, Object raw) {
        // BigDecimal also takes non-ASCII digits; only ASCII numbers are numbers here
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw fail(column, raw, "is not a number");
            }
        }
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw fail(column, raw, "is not a number");
        }
    }

    private static Boolean bool(Column column, Object raw) {
        if (raw instanceof Boolean b) return b;
        if (raw instanceof Long l && (l == 0 || l == 1)) return l == 1;
        if (raw instanceof BigDecimal d && (d.compareTo(BigDecimal.ZERO) == 0 || d.compareTo(BigDecimal.ONE) == 0)) {
            return d.signum() != 0;
        }
        if (raw instanceof String s) {
            String t = s.trim();
            switch (t.length()) {
                case 1 -> {
                    char c = Character.toLowerCase(t.charAt(0));
                    if (c == 't' || c == 'y' || c == '1') return Boolean.TRUE;
                    if (c == 'f' || c == 'n' || c == '0') return Boolean.FALSE;
                }
                case 2 -> {
                    if (t.equalsIgnoreCase("no")) return Boolean.FALSE;
                }
                case 3 -> {
                    if (t.equalsIgnoreCase("yes")) return Boolean.TRUE;
                }
                case 4 -> {
                    if (t.equalsIgnoreCase("true")) return Boolean.TRUE;
                }
                case 5 -> {
                    if (t.equalsIgnoreCase("false")) return Boolean.FALSE;
                }
                default -> { }
            }
        }
        throw fail(column, raw, "is not a boolean");
    }

    /** A date, or a date-time at midnight; an offset is ignored (a calendar date has no zone). */
    private LocalDate date(Column column, Object raw) {
        Temporal t = raw instanceof String s ? dateTimes.parse(s.trim()) : null;
        if (t instanceof LocalDate d) return d;
        LocalDateTime local = t instanceof LocalDateTime l ? l : t instanceof OffsetDateTime o ? o.toLocalDateTime() : null;
        if (local == null) throw fail(column, raw, "is not a date");
        if (!local.toLocalTime().equals(LocalTime.MIDNIGHT)) throw fail(column, raw, "is not a date (it has a time of day)");
        return local.toLocalDate();
    }

    /** A value with an offset is converted to UTC local time. */
    private LocalDateTime timestamp(Column column, Object raw) {
        Temporal t = raw instanceof String s ? dateTimes.parse(s.trim()) : null;
        if (t instanceof LocalDateTime l) return l;
        if (t instanceof OffsetDateTime o) return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        if (t instanceof LocalDate d) return d.atStartOfDay();
        throw fail(column, raw, "is not a timestamp");
    }

    /** A value without an offset is taken as UTC. */
    private OffsetDateTime timestamptz(Column column, Object raw) {
        Temporal t = raw instanceof String s ? dateTimes.parse(s.trim()) : null;
        if (t instanceof OffsetDateTime o) return o.withOffsetSameInstant(ZoneOffset.UTC);
        if (t instanceof LocalDateTime l) return l.atOffset(ZoneOffset.UTC);
        if (t instanceof LocalDate d) return d.atStartOfDay().atOffset(ZoneOffset.UTC);
        throw fail(column, raw, "is not a timestamp");
    }

    /** Canonical 8-4-4-4-12 hex form only; UUID.fromString would also take "1-2-3-4-5". */
    private static UUID uuid(Column column, Object raw) {
        String t = raw instanceof String s ? s.trim() : "";
        if (t.length() != 36) throw fail(column, raw, "is not a UUID");
        for (int i = 0; i < 36; i++) {
            char c = t.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!ok) throw fail(column, raw, "is not a UUID");
        }
        long high = hex(t, 0, 8) << 32 | hex(t, 9, 4) << 16 | hex(t, 14, 4);
        long low = hex(t, 19, 4) << 48 | hex(t, 24, 12);
        return new UUID(high, low);
    }

    /** The (already checked) hex number in {@code s[from, from+len)}. */
    private static long hex(String s, int from, int len) {
        long v = 0;
        for (int i = from; i < from + len; i++) v = v << 4 | Character.digit(s.charAt(i), 16);
        return v;
    }

    private static JsonText json(Column column, Object raw) {
        if (raw instanceof JsonText j) return j;
        if (!(raw instanceof String s)) return new JsonText(JsonValues.scalarText(raw));
        try (JsonParser p = JsonValues.factory().createParser(s)) {
            if (p.nextToken() == null) throw fail(column, raw, "is not valid JSON");
            String compact = JsonValues.compact(p, new StringWriter(), Integer.MAX_VALUE);
            if (p.nextToken() != null) throw fail(column, raw, "is not valid JSON");
            return new JsonText(compact);
        } catch (JsonProcessingException e) {
            throw fail(column, raw, "is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a String cannot fail; closing neither
        }
    }

    private static String textOf(Object raw) {
        if (raw instanceof String s) return s;
        if (raw instanceof JsonText j) return j.json();
        return JsonValues.scalarText(raw);
    }

    private static CoercionException fail(Column column, Object raw, String expected) {
        // a row's error is read by every key that reads the job's results: a password is never quoted
        String value = column.role() == ColumnRole.PASSWORD ? "the value" : "'" + shown(textOf(raw)) + "'";
        return new CoercionException(column.name(), "column " + column.name() + ": " + value + " " + expected);
    }

    /** At most {@value #SHOWN} chars, never splitting a surrogate pair, then "…" when cut. */
    private static String shown(String s) {
        if (s.length() <= SHOWN) return s;
        int cut = Character.isHighSurrogate(s.charAt(SHOWN - 1)) ? SHOWN - 1 : SHOWN;
        return s.substring(0, cut) + "…";
    }
}
