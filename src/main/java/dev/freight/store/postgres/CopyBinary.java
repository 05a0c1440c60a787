package dev.freight.store.postgres;

import dev.freight.engine.Utf8Writer;
import dev.freight.engine.Values;
import dev.freight.ingest.JsonText;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Rows in PostgreSQL's binary COPY format, for columns of known types: each value in its type's
 * binary form ({@code int4}: 4 bytes, {@code numeric}: base-10000 digits, …), which spares the
 * server parsing numbers and date-times. The server still applies each column's typmod
 * ({@code numeric(p,s)} rounding, {@code varchar(n)} length) as it does for text input.
 *
 * <p>Every value stores exactly what its COPY text form would. A value whose binary form could
 * differ, or that its column cannot hold as it is (an int8 value for an int4 column, a year the
 * text form writes differently, a decimal a float column would round to zero), throws
 * {@link Unencodable}: the writer then sends that attempt as COPY text, and the server judges the
 * value with its own message.
 *
 * <p>Hot path like {@link CopyText}: no object per value; text goes as UTF-8 straight into the
 * block behind a length that is patched afterwards.
 */
final class CopyBinary extends CopyRows {
    // built-in type oids (fixed in pg_type.dat)
    static final int BOOL = 16, INT8 = 20, INT2 = 21, INT4 = 23, TEXT = 25, JSON = 114, FLOAT4 = 700, FLOAT8 = 701,
            BPCHAR = 1042, VARCHAR = 1043, DATE = 1082, TIMESTAMP = 1114, TIMESTAMPTZ = 1184, NUMERIC = 1700,
            UUID_ = 2950, JSONB = 3802;
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0};
    private static final byte[] TRAILER = {(byte) 0xFF, (byte) 0xFF};
    private static final long PG_EPOCH_DAY = 10_957; // 2000-01-01
    private static final long PG_EPOCH_SECOND = PG_EPOCH_DAY * 86_400;
    // 0001-01-01T00:00Z and 9999-12-31T23:59:59Z: the years the text form writes as 4 digits
    private static final long MIN_SECOND = -62_135_596_800L, MAX_SECOND = 253_402_300_799L;
    private static final Unencodable UNENCODABLE = new Unencodable();

    private final int[] types;
    private final Utf8Writer utf8 = new Utf8Writer(false);
    private int col;
    private byte[] decimal = new byte[20]; // a numeric's decimal digits
    private short[] groups = new short[8]; // its base-10000 digits

    /** A value binary COPY does not write for its column: the attempt goes as COPY text instead. */
    static final class Unencodable extends RuntimeException {
        private Unencodable() {
            super("a value binary COPY does not encode for its column", null, false, false);
        }
    }

    /** {@code types}: the oid of each column's type (a domain: its base type), in COPY order. */
    CopyBinary(int[] types) {
        this.types = types;
    }

    /** True when every type is one this encoder writes. */
    static boolean encodesAll(int[] types) {
        for (int t : types) {
            switch (t) {
                case BOOL, INT8, INT2, INT4, TEXT, JSON, FLOAT4, FLOAT8, BPCHAR, VARCHAR, DATE, TIMESTAMP, TIMESTAMPTZ,
                        NUMERIC, UUID_, JSONB -> { }
                default -> {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    CopyBinary value(Object v) {
        if (isEmpty()) {
            room(HEADER.length);
            System.arraycopy(HEADER, 0, buf, len, HEADER.length);
            len += HEADER.length;
        }
        if (col == types.length) throw new IllegalStateException("more values than the row's " + types.length + " columns");
        if (col == 0) {
            room(2);
            int16(types.length);
        }
        int type = types[col++];
        if (v == null || v == Values.ABSENT) {
            room(4);
            int32(-1);
            return this;
        }
        switch (type) {
            case TEXT, VARCHAR, BPCHAR -> {
                if (!(v instanceof String s)) throw UNENCODABLE;
                text(s, false);
            }
            case INT8 -> fixed8(integer(v, Long.MIN_VALUE, Long.MAX_VALUE));
            case INT4 -> {
                long n = integer(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
                room(8);
                int32(4);
                int32((int) n);
            }
            case INT2 -> {
                long n = integer(v, Short.MIN_VALUE, Short.MAX_VALUE);
                room(6);
                int32(2);
                int16((int) n);
            }
            case NUMERIC -> {
                if (v instanceof BigDecimal d) numeric(d);
                else numeric(integer(v, Long.MIN_VALUE, Long.MAX_VALUE));
            }
            case BOOL -> {
                if (!(v instanceof Boolean b)) throw UNENCODABLE;
                room(5);
                int32(1);
                buf[len++] = (byte) (b ? 1 : 0);
            }
            case TIMESTAMP -> {
                if (!(v instanceof LocalDateTime t) || t.getYear() < 1 || t.getYear() > 9999) throw UNENCODABLE;
                long second = t.toLocalDate().toEpochDay() * 86_400 + t.toLocalTime().toSecondOfDay();
                fixed8(micros(second, t.getNano()));
            }
            case TIMESTAMPTZ -> {
                if (!(v instanceof OffsetDateTime t)) throw UNENCODABLE;
                long second = t.toEpochSecond();
                if (second < MIN_SECOND || second > MAX_SECOND) throw UNENCODABLE;
                fixed8(micros(second, t.getNano()));
            }
            case DATE -> {
                if (!(v instanceof LocalDate d) || d.getYear() < 1 || d.getYear() > 9999) throw UNENCODABLE;
                room(8);
                int32(4);
                int32((int) (d.toEpochDay() - PG_EPOCH_DAY));
            }
            case UUID_ -> {
                if (!(v instanceof UUID u)) throw UNENCODABLE;
                room(20);
                int32(16);
                int64(u.getMostSignificantBits());
                int64(u.getLeastSignificantBits());
            }
            case JSON, JSONB -> {
                String s = v instanceof JsonText j ? j.json() : v instanceof String str ? str : null;
                if (s == null) throw UNENCODABLE;
                text(s, type == JSONB);
            }
            case FLOAT8 -> {
                if (!(v instanceof BigDecimal d)) throw UNENCODABLE;
                // correctly rounded, as the server's strtod; where it would say "out of range", it does say so
                double x = d.doubleValue();
                if (Double.isInfinite(x) || Math.abs(x) < Double.MIN_NORMAL && d.signum() != 0) throw UNENCODABLE;
                fixed8(Double.doubleToRawLongBits(x));
            }
            case FLOAT4 -> {
                if (!(v instanceof BigDecimal d)) throw UNENCODABLE;
                float x = d.floatValue(); // correctly rounded, as the server's strtof
                if (Float.isInfinite(x) || Math.abs(x) < Float.MIN_NORMAL && d.signum() != 0) throw UNENCODABLE;
                room(8);
                int32(4);
                int32(Float.floatToRawIntBits(x));
            }
            default -> throw UNENCODABLE;
        }
        return this;
    }

    @Override
    CopyBinary endRow() {
        if (col != types.length) throw new IllegalStateException("a row of " + col + " values for " + types.length + " columns");
        col = 0;
        return this;
    }

    @Override
    String options() {
        return " (FORMAT binary)";
    }

    @Override
    byte[] trailer() {
        return TRAILER;
    }

    /** An integral value within {@code [min, max]}; anything else is for the server to judge, in text. */
    private static long integer(Object v, long min, long max) {
        long n;
        if (v instanceof Long l) n = l;
        else if (v instanceof Integer i) n = i;
        else if (v instanceof Short s) n = s;
        else throw UNENCODABLE;
        if (n < min || n > max) throw UNENCODABLE;
        return n;
    }

    /**
     * Microseconds since 2000-01-01 00:00. The text form writes every nanosecond and the server
     * rounds its fraction as {@code rint(strtod(".fraction") * 1000000)}; so does this
     * ({@code nano / 1e9} is that strtod's double: both are correctly rounded).
     */
    private static long micros(long epochSecond, int nano) {
        long fraction = nano % 1000 == 0 ? nano / 1000 : (long) Math.rint(nano / 1e9 * 1_000_000);
        return (epochSecond - PG_EPOCH_SECOND) * 1_000_000 + fraction;
    }

    /**
     * {@code s} as UTF-8 behind its length; {@code jsonb}: after the format's version byte 1. The
     * length is written once the bytes are: 4 bytes are kept for it.
     */
    private void text(String s, boolean jsonb) {
        int n = s.length();
        int head = jsonb ? 5 : 4;
        if (n > Utf8Writer.MAX_CHARS) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            room(head + b.length);
            int32(b.length + head - 4);
            if (jsonb) buf[len++] = 1;
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
            return;
        }
        room(head + 3 * n);
        int at = len;
        len += 4;
        if (jsonb) buf[len++] = 1;
        len = utf8.write(s, buf, len);
        int size = len - at - 4;
        buf[at] = (byte) (size >>> 24);
        buf[at + 1] = (byte) (size >>> 16);
        buf[at + 2] = (byte) (size >>> 8);
        buf[at + 3] = (byte) size;
    }

    private void numeric(long n) {
        if (n == 0) {
            numericHeader(0, 0, false, 0);
            return;
        }
        boolean negative = n < 0;
        int digits = 0;
        // the decimal digits of |n|, most significant first (Long.MIN_VALUE too: one digit at a time, negated)
        for (long r = n; r != 0; r /= 10) digits++;
        long r = n;
        for (int i = digits - 1; i >= 0; i--) {
            decimal[i] = (byte) Math.abs(r % 10);
            r /= 10;
        }
        numericDigits(digits, 0, negative);
    }

    /**
     * A decimal as numeric's sign, weight, display scale and base-10000 digits; the display scale is
     * the decimal's scale, as the server takes it from the text form's digits after the point.
     */
    private void numeric(BigDecimal d) {
        int scale = d.scale();
        if (scale > 0x3FFF) throw UNENCODABLE; // beyond numeric's display scale: the server says so, in text
        if (d.signum() == 0) {
            numericHeader(0, 0, false, Math.max(scale, 0));
            return;
        }
        int digits;
        if (d.precision() <= 18) {
            long u = Math.abs(d.unscaledValue().longValue());
            digits = 0;
            for (long r = u; r != 0; r /= 10) digits++;
            for (int i = digits - 1; i >= 0; i--) {
                decimal[i] = (byte) (u % 10);
                u /= 10;
            }
        } else {
            String s = d.unscaledValue().abs().toString(); // a long decimal: rare enough for a String
            digits = s.length();
            if (decimal.length < digits) decimal = new byte[digits];
            for (int i = 0; i < digits; i++) decimal[i] = (byte) (s.charAt(i) - '0');
        }
        numericDigits(digits, scale, d.signum() < 0);
    }

    /**
     * Writes the number whose decimal digits are {@code decimal[0, n)} (the first not 0) times
     * 10^-scale. Base-10000 digit {@code g} (weight g) holds the decimal digits of 10^(4g+3) … 10^(4g).
     */
    private void numericDigits(int n, int scale, boolean negative) {
        int intDigits = n - scale; // decimal digits before the point (≤ 0: zeros after it first)
        int weight = Math.floorDiv(intDigits - 1, 4);
        int lowest = Math.floorDiv(-Math.max(scale, 0), 4);
        long count = (long) weight - lowest + 1;
        if (weight > Short.MAX_VALUE || weight < Short.MIN_VALUE || count > Short.MAX_VALUE) throw UNENCODABLE;
        if (groups.length < count) groups = new short[(int) count];
        int ndigits = 0;
        for (int g = weight; g >= lowest; g--) {
            int value = 0;
            for (int e = 4 * g + 3; e >= 4 * g; e--) {
                int i = intDigits - 1 - e; // the index of the digit of 10^e
                value = value * 10 + (i >= 0 && i < n ? decimal[i] : 0);
            }
            groups[ndigits++] = (short) value;
        }
        while (ndigits > 0 && groups[ndigits - 1] == 0) ndigits--; // trailing zero digits: implied
        numericHeader(ndigits, weight, negative, Math.max(scale, 0));
        room(2 * ndigits);
        for (int i = 0; i < ndigits; i++) int16(groups[i]);
    }

    private void numericHeader(int ndigits, int weight, boolean negative, int dscale) {
        room(12);
        int32(8 + 2 * ndigits);
        int16(ndigits);
        int16(weight);
        int16(negative ? 0x4000 : 0);
        int16(dscale);
    }

    private void fixed8(long v) {
        room(12);
        int32(8);
        int64(v);
    }

    // callers make room first

    private void int16(int v) {
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void int32(int v) {
        buf[len++] = (byte) (v >>> 24);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) v;
    }

    private void int64(long v) {
        int32((int) (v >>> 32));
        int32((int) v);
    }
}
