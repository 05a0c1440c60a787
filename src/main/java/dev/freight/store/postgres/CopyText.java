package dev.freight.store.postgres;

import dev.freight.engine.Utf8Writer;
import dev.freight.engine.Values;
import dev.freight.ingest.JsonText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;

/**
 * Rows in PostgreSQL's COPY text format: tab between fields, newline after each row, NULL as
 * {@code \N}, and backslash, tab, newline and carriage return escaped inside values. Values are
 * written in the server's input syntax for their type (ISO dates, plain decimals, t/f).
 *
 * <p>Hot path: one call per value of every row a chunk writes. Values go straight into the
 * UTF-8 byte blocks COPY sends as they are ({@link CopyRows}): integers and timestamps are written
 * digit by digit, text is encoded char by char into the block, escapes included.
 */
final class CopyText extends CopyRows {
    private final Utf8Writer utf8 = new Utf8Writer(true);
    private boolean rowStart = true;

    /** Appends one field. */
    @Override
    CopyText value(Object v) {
        if (!rowStart) put((byte) '\t');
        rowStart = false;
        if (v == null || v == Values.ABSENT) {
            put((byte) '\\');
            put((byte) 'N');
        } else if (v instanceof String s) {
            escaped(s);
        } else if (v instanceof Long n) {
            integer(n);
        } else if (v instanceof Integer n) {
            integer(n);
        } else if (v instanceof Short n) {
            integer(n);
        } else if (v instanceof Boolean b) {
            put((byte) (b ? 't' : 'f'));
        } else if (v instanceof BigDecimal d) {
            if (!plainDecimal(d)) ascii(d.toPlainString());
        } else if (v instanceof LocalDateTime t) {
            timestamp(t);
        } else if (v instanceof JsonText j) {
            escaped(j.json());
        } else {
            // dates, date-times with an offset (ISO with 'Z'), UUIDs
            escaped(Values.text(v));
        }
        return this;
    }

    /** Ends the current row. */
    @Override
    CopyText endRow() {
        put((byte) '\n');
        rowStart = true;
        return this;
    }

    @Override
    String options() {
        return "";
    }

    @Override
    byte[] trailer() {
        return new byte[0];
    }

    /** {@code s} as UTF-8 straight into the buffer, escaped as COPY text escapes it ({@link Utf8Writer}). */
    private void escaped(String s) {
        int n = s.length();
        if (n > Utf8Writer.MAX_CHARS) {
            escapedLong(s);
            return;
        }
        room(n * 3); // bytes per char at most: 3 (an escape: 2, a surrogate pair: 4 for 2)
        len = utf8.write(s, buf, len);
    }

    /** A string too long for {@code 3 × length} to be a safe buffer size: via its UTF-8 bytes. */
    private void escapedLong(String s) {
        // UTF-8 bytes at or above 0x80 never stand for an ASCII character, so escaping byte-wise is safe
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (byte ch : b) {
            switch (ch) {
                case '\\' -> { put((byte) '\\'); put((byte) '\\'); }
                case '\t' -> { put((byte) '\\'); put((byte) 't'); }
                case '\n' -> { put((byte) '\\'); put((byte) 'n'); }
                case '\r' -> { put((byte) '\\'); put((byte) 'r'); }
                default -> put(ch);
            }
        }
    }

    /** Text known to be ASCII (numbers), one byte per char. */
    private void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
    }

    private void integer(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        room(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long p = 10; digits < 19 && v >= p; p *= 10) digits++;
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    /** {@code yyyy-MM-dd HH:mm:ss[.fraction]}, as {@link Values#text} writes it. */
    private void timestamp(LocalDateTime t) {
        int year = t.getYear();
        if (year < 1000 || year > 9999) {
            ascii(Values.text(t));
            return;
        }
        room(29);
        fixed(year, 4);
        buf[len++] = '-';
        fixed(t.getMonthValue(), 2);
        buf[len++] = '-';
        fixed(t.getDayOfMonth(), 2);
        buf[len++] = ' ';
        fixed(t.getHour(), 2);
        buf[len++] = ':';
        fixed(t.getMinute(), 2);
        buf[len++] = ':';
        fixed(t.getSecond(), 2);
        int nano = t.getNano();
        if (nano != 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            buf[len++] = '.';
            fixed(nano, digits);
        }
    }

    private static final long[] POW10 = new long[19];

    static {
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
    }

    /**
     * {@code d.toPlainString()} written digit by digit, for the usual decimal (up to 18 digits, a
     * scale of 0 to 18); false for any other, which goes through toPlainString.
     */
    private boolean plainDecimal(BigDecimal d) {
        int scale = d.scale();
        if (scale < 0 || scale > 18 || d.precision() > 18) return false;
        long u = d.unscaledValue().longValue();
        room(40);
        if (u < 0) {
            buf[len++] = '-';
            u = -u; // at most 18 digits: no overflow
        }
        int digits = 1;
        while (digits < 19 && u >= POW10[digits]) digits++;
        if (scale == 0) {
            fixed(u, digits);
        } else if (digits <= scale) { // 0.0…digits
            buf[len++] = '0';
            buf[len++] = '.';
            fixed(u, scale);
        } else {
            fixed(u / POW10[scale], digits - scale);
            buf[len++] = '.';
            fixed(u % POW10[scale], scale);
        }
        return true;
    }

    /** {@code v} in exactly {@code digits} digits, zero-padded on the left. */
    private void fixed(long v, int digits) {
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += digits;
    }

    @Override
    public String toString() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }
}
