package dev.freight.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads date-times in the built-in formats, then in a job's extra java.time patterns.
 *
 * <p>Built in: {@code yyyy-MM-dd}, then {@code T} or a space, {@code HH:mm}, optionally {@code :ss}
 * and a fraction of 1 to 9 digits, optionally an offset ({@code Z}, {@code +02}, {@code +0200},
 * {@code +02:00}). That covers every format of seed 000 and ISO-8601 as commonly written. They are
 * read by character position, not by trying formatters, so the common case throws nothing and
 * allocates only the result; extra patterns are tried only when the built-in reading fails.
 */
final class DateTimes {
    private static final ZonedDateTime SAMPLE =
            ZonedDateTime.of(2024, 3, 15, 13, 45, 30, 123_000_000, ZoneId.of("Europe/Paris"));
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private final List<DateTimeFormatter> extra;

    /** @throws IllegalArgumentException naming the first pattern that is invalid or reads no date */
    DateTimes(List<String> extraPatterns) {
        List<DateTimeFormatter> formatters = new ArrayList<>();
        for (String pattern : extraPatterns) formatters.add(compile(pattern));
        this.extra = List.copyOf(formatters);
    }

    private static DateTimeFormatter compile(String pattern) {
        if (pattern == null || pattern.isBlank()) throw new IllegalArgumentException("date-time format is empty");
        DateTimeFormatter f;
        try {
            // STRICT rejects 2024-02-30 instead of moving it to Feb 29; it needs 'u' (proleptic year)
            // where users write 'y' (year of era), which would otherwise demand an era field
            f = new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(strictYears(pattern))
                    .toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid date-time format '" + pattern + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // the JDK's builder trips over some odd patterns itself (a pad before an adjacent value: ClassCastException)
            throw new IllegalArgumentException("invalid date-time format '" + pattern + "'", e);
        }
        // a pattern must read back a date from what it writes, or it could never match anything useful
        Temporal t;
        try {
            t = parseWith(f, f.format(SAMPLE));
        } catch (RuntimeException e) { // DateTimeException, or the JDK's own trouble with an odd pattern
            t = null;
        }
        if (t == null) throw new IllegalArgumentException("invalid date-time format '" + pattern + "': it does not read a date");
        return f;
    }

    /** 'y' becomes 'u' outside quoted literals, unless the pattern names an era ('G'). */
    private static String strictYears(String pattern) {
        if (pattern.indexOf('G') >= 0) return pattern;
        StringBuilder sb = new StringBuilder(pattern.length());
        boolean literal = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') literal = !literal;
            sb.append(!literal && c == 'y' ? 'u' : c);
        }
        return sb.toString();
    }

    /**
     * The value as a {@link LocalDate} (date only), {@link LocalDateTime} (no offset) or
     * {@link OffsetDateTime}; null when no format reads it.
     */
    Temporal parse(String s) {
        Temporal t = parseBuiltIn(s);
        if (t != null) return t;
        for (DateTimeFormatter f : extra) {
            t = parseWith(f, s);
            if (t != null) return t;
        }
        return null;
    }

    private static Temporal parseWith(DateTimeFormatter f, String s) {
        // parseUnresolved reports a mismatch by returning null, not by throwing
        ParsePosition at = new ParsePosition(0);
        TemporalAccessor parsed;
        try {
            if (f.parseUnresolved(s, at) == null || at.getErrorIndex() >= 0 || at.getIndex() != s.length()) return null;
            parsed = f.parse(s);
        } catch (DateTimeException | ArithmeticException | ClassCastException e) {
            return null; // the shape fits but the values do not (31/02/2024), or a value out of every range
        }
        LocalDate date = parsed.query(TemporalQueries.localDate());
        if (date == null) return null;
        LocalTime time = parsed.query(TemporalQueries.localTime());
        ZoneId zone = parsed.query(TemporalQueries.zone());
        if (time == null && zone == null) return date;
        LocalDateTime local = date.atTime(time == null ? LocalTime.MIDNIGHT : time);
        return zone == null ? local : local.atZone(zone).toOffsetDateTime();
    }

    private static Temporal parseBuiltIn(String s) {
        int n = s.length();
        if (n < 10) return null;
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || s.charAt(4) != '-' || s.charAt(7) != '-') return null;
        if (day > Month.of(month).length(Year.isLeap(year))) return null;
        if (n == 10) return LocalDate.of(year, month, day);

        char sep = s.charAt(10);
        if (n < 16 || sep != 'T' && sep != 't' && sep != ' ' || s.charAt(13) != ':') return null;
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
        int second = 0;
        int nano = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            second = digits(s, i + 1, 2);
            if (second < 0 || second > 59) return null;
            i += 3;
            if (i < n && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                int from = ++i;
                while (i < n && i - from < 9 && isDigit(s.charAt(i))) i++;
                if (i == from) return null;
                nano = digits(s, from, i - from) * NANO_SCALE[i - from];
            }
        }
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nano);
        if (i == n) return local;
        ZoneOffset offset = offset(s, i);
        return offset == null ? null : OffsetDateTime.of(local, offset);
    }

    /** {@code Z}, {@code ±hh}, {@code ±hhmm} or {@code ±hh:mm} filling the rest of {@code s}; null otherwise. */
    private static ZoneOffset offset(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == 'Z' || c == 'z') return i + 1 == n ? ZoneOffset.UTC : null;
        if (c != '+' && c != '-') return null;
        int rest = n - i - 1;
        int hours = digits(s, i + 1, 2);
        int minutes;
        if (rest == 2) minutes = 0;
        else if (rest == 4) minutes = digits(s, i + 3, 2);
        else if (rest == 5 && s.charAt(i + 3) == ':') minutes = digits(s, i + 4, 2);
        else return null;
        if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > 18 * 60) return null;
        int seconds = (hours * 3600 + minutes * 60) * (c == '-' ? -1 : 1);
        return ZoneOffset.ofTotalSeconds(seconds);
    }

    /** The decimal number in {@code s[from, from+len)}, or -1 when it is out of range or not all digits. */
    private static int digits(String s, int from, int len) {
        if (from + len > s.length()) return -1;
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
