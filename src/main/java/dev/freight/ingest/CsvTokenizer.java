package dev.freight.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * RFC 4180 tokenizer over raw UTF-8 bytes: the hot loop of CSV imports.
 *
 * <p><b>Deliberately low-level code, kept apart</b>: this class trades brevity for speed; everything
 * else about CSV (header, delimiter choice, row shapes) lives in {@link CsvRowReader}.
 *
 * <ul>
 *   <li>It scans bytes, not decoded chars: every CSV control character is ASCII and UTF-8 never uses
 *       ASCII byte values inside a multi-byte sequence, so splitting bytes is exact and each field
 *       becomes a String in one step ({@code new String(bytes, UTF_8)} has a vectorised ASCII path).
 *   <li>A field always lies contiguous in {@link #buf}: when the buffer runs out mid-field the field
 *       is moved to the front (or the buffer doubles, which is where the field cap is enforced), so
 *       memory stays bounded by the largest field, not by the input.
 *   <li>Invalid UTF-8 is caught without a per-byte cost: the JDK decodes it to U+FFFD, which a
 *       Latin-1 String cannot hold, so {@code indexOf('\uFFFD')} is O(1) for the common case; only
 *       a String that does contain U+FFFD has its bytes checked.
 * </ul>
 *
 * <p>Why not FastCSV: version 3.4 has no configurable field cap, silently accepts a quote left open
 * at the end of the input, and decodes with replacement characters, so none of the three errors the
 * import contract requires could be reported.
 */
final class CsvTokenizer {
    private static final int INITIAL_BUFFER = 64 * 1024;
    /** The first line is scanned at most this far to detect the delimiter. */
    private static final int DETECT_LIMIT = 1024 * 1024;

    // byte classes: what ends or starts something outside quotes, and what matters inside quotes
    private static final byte PLAIN = 0, DELIMITER = 1, LF = 2, CR = 3, QUOTE = 4;
    private static final byte[] QUOTED = new byte[256];

    static {
        QUOTED['"'] = QUOTE;
        QUOTED['\n'] = LF;
        QUOTED['\r'] = CR;
    }

    private final InputStream in;
    private final int maxFieldSize;
    private final int maxFields;
    private final int maxRecordBytes;
    private final byte[] unquoted = new byte[256];
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int end;
    private boolean eof;
    /** The line of {@code buf[pos]}, counting LF, CRLF and a lone CR as one line break each. */
    private long line = 1;
    private long recordLine;
    /** The input offset of {@code buf[0]}, and where the current record starts: the record length cap. */
    private long base;
    private long recordStart;
    /** "row" or "header": what the limit messages call the record being read. */
    private String recordKind = "row";
    private Object[] fields;
    private int count;

    CsvTokenizer(InputStream in, int maxFieldSize, int maxFields, int maxRecordBytes) {
        this.in = in;
        this.maxFieldSize = maxFieldSize;
        this.maxFields = maxFields;
        this.maxRecordBytes = maxRecordBytes;
        unquoted['\n'] = LF;
        unquoted['\r'] = CR;
    }

    void delimiter(char d) {
        unquoted[d] = DELIMITER;
    }

    /** Skips a UTF-8 byte order mark at the very start of the input. */
    void skipBom() throws IOException {
        while (end < 3 && !eof) fill(pos);
        if (end >= 3 && buf[0] == (byte) 0xEF && buf[1] == (byte) 0xBB && buf[2] == (byte) 0xBF) pos = 3;
    }

    /**
     * Which of {@code candidates} occurs most often outside quotes on the first non-empty line (the
     * first listed wins a tie); {@code fallback} when none occurs. Consumes nothing.
     */
    char detectDelimiter(char[] candidates, char fallback) throws IOException {
        if (!skipEmptyLines()) return fallback;
        int[] counts = new int[candidates.length];
        boolean quoted = false;
        int p = pos;
        for (;;) {
            if (p == end) {
                if (eof || p - pos >= DETECT_LIMIT) break;
                p -= fill(pos);
                continue;
            }
            byte b = buf[p++];
            if (b == '"') {
                quoted = !quoted;
            } else if (!quoted) {
                if (b == '\n' || b == '\r') break;
                for (int i = 0; i < candidates.length; i++) if (b == candidates[i]) counts[i]++;
            }
        }
        int best = -1;
        for (int i = 0; i < counts.length; i++) if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) best = i;
        return best < 0 ? fallback : candidates[best];
    }

    /**
     * Reads the next non-empty record; false at the end of the input. Its fields are then in
     * {@link #fields()} (a fresh array, possibly longer than {@link #fieldCount()}).
     */
    boolean nextRecord(int expectedFields, String kind) throws IOException {
        if (!skipEmptyLines()) return false;
        recordKind = kind;
        recordLine = line;
        recordStart = base + pos;
        fields = new Object[Math.max(1, Math.min(expectedFields, maxFields))];
        count = 0;
        while (readField()) {
            // a delimiter followed: another field comes
        }
        return true;
    }

    Object[] fields() {
        return fields;
    }

    int fieldCount() {
        return count;
    }

    /** The line the current record starts on. */
    long recordLine() {
        return recordLine;
    }

    private boolean skipEmptyLines() throws IOException {
        for (;;) {
            if (pos == end) {
                if (eof) return false;
                fill(pos);
                continue;
            }
            byte b = buf[pos];
            if (b == '\n') {
                pos++;
                line++;
            } else if (b == '\r') {
                pos++;
                line++;
                skipLfAfterCr();
            } else {
                return true;
            }
        }
    }

    private void skipLfAfterCr() throws IOException {
        if (pos == end && !eof) fill(pos);
        if (pos < end && buf[pos] == '\n') pos++;
    }

    /** Reads one field; true when a delimiter ended it. */
    private boolean readField() throws IOException {
        if (pos == end && !eof) fill(pos);
        if (pos < end && buf[pos] == '"') return readQuoted();
        return readUnquoted();
    }

    private boolean readUnquoted() throws IOException {
        int start = pos;
        int p = pos;
        for (;;) {
            final byte[] b = buf;
            final byte[] kinds = unquoted;
            final int e = end;
            while (p < e) {
                byte kind = kinds[b[p] & 0xFF];
                if (kind == PLAIN) {
                    p++;
                    continue;
                }
                add(start, p, 0);
                pos = p + 1;
                if (kind == DELIMITER) return true;
                line++;
                if (kind == CR) skipLfAfterCr();
                return false;
            }
            if (eof) {
                add(start, p, 0);
                pos = p;
                return false;
            }
            int shift = makeRoom(start, p, 0);
            start -= shift;
            p -= shift;
        }
    }

    private boolean readQuoted() throws IOException {
        long openLine = line;
        int start = pos + 1;
        int p = start;
        int escapes = 0;
        for (;;) {
            final byte[] b = buf;
            final int e = end;
            while (p < e) {
                byte kind = QUOTED[b[p] & 0xFF];
                if (kind == PLAIN) {
                    p++;
                } else if (kind == LF) {
                    line++;
                    p++;
                } else if (p + 1 == e && !eof) {
                    break; // a CR or quote is the last byte read: its meaning depends on the next one
                } else if (kind == CR) {
                    if (p + 1 == e || b[p + 1] != '\n') line++; // CRLF counts once, at its LF
                    p++;
                } else if (p + 1 < e && b[p + 1] == '"') {
                    escapes++;
                    p += 2;
                } else {
                    add(start, p, escapes);
                    pos = p + 1;
                    return afterClosingQuote();
                }
            }
            if (p == e && eof) {
                throw new MalformedInputException(openLine, "a quoted field is never closed (missing closing quote)");
            }
            int shift = makeRoom(start, p, escapes);
            start -= shift;
            p -= shift;
        }
    }

    private boolean afterClosingQuote() throws IOException {
        if (pos == end && !eof) fill(pos);
        if (pos == end) return false;
        byte kind = unquoted[buf[pos] & 0xFF];
        pos++;
        switch (kind) {
            case DELIMITER -> {
                return true;
            }
            case LF -> line++;
            case CR -> {
                line++;
                skipLfAfterCr();
            }
            default -> throw new MalformedInputException(line,
                    "unexpected character after the closing quote of field " + count
                            + " (a quote inside a quoted field must be doubled)");
        }
        return false;
    }

    /**
     * Makes room to read more of the field that starts at {@code fieldStart} (scanned up to
     * {@code p}); returns how far it moved left.
     */
    private int makeRoom(int fieldStart, int p, int escapes) throws IOException {
        if (base + p - recordStart > maxRecordBytes) throw recordTooLong();
        if (fieldStart == 0 && end == buf.length) {
            // the field fills the whole buffer: check the cap before growing
            if (p > maxFieldSize && Utf8.charCount(buf, 0, p) - escapes > maxFieldSize) throw fieldTooLong();
            if (buf.length > Integer.MAX_VALUE / 2 - 16) throw fieldTooLong();
        }
        return fill(fieldStart);
    }

    /**
     * Moves {@code buf[keepFrom, end)} to the front (doubling the buffer when it is full), then reads
     * more bytes, or sets {@link #eof}. Returns how far the kept bytes moved left.
     */
    private int fill(int keepFrom) throws IOException {
        if (keepFrom > 0) {
            System.arraycopy(buf, keepFrom, buf, 0, end - keepFrom);
            end -= keepFrom;
            pos -= keepFrom;
            base += keepFrom;
        }
        if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) eof = true;
        else end += n;
        return keepFrom;
    }

    private void add(int from, int to, int escapes) {
        // both checks before anything is kept: a line of 100 MB of commas stops at the limit
        if (count == maxFields) throw tooManyFields();
        if (base + to - recordStart > maxRecordBytes) throw recordTooLong();
        String s;
        if (from == to) {
            s = "";
        } else {
            if (escapes > 0) to = unescape(from, to);
            int len = to - from;
            s = new String(buf, from, len, StandardCharsets.UTF_8);
            if (len > maxFieldSize && s.length() > maxFieldSize) throw fieldTooLong();
            if (s.indexOf('\uFFFD') >= 0 && !Utf8.isValid(buf, from, to)) {
                throw new MalformedInputException(recordLine, "field " + (count + 1) + " is not valid UTF-8");
            }
        }
        if (count == fields.length) fields = Arrays.copyOf(fields, count * 2);
        fields[count++] = s;
    }

    /** Turns each doubled quote of {@code buf[from, to)} into one, in place; returns the new end. */
    private int unescape(int from, int to) {
        int w = from;
        for (int r = from; r < to; r++) {
            byte c = buf[r];
            buf[w++] = c;
            if (c == '"') r++;
        }
        return w;
    }

    private MalformedInputException tooManyFields() {
        return new MalformedInputException(recordLine, recordKind.equals("header")
                ? "the header has more than " + maxFields + " columns (the limit)"
                : "the row has more than " + maxFields + " fields (the limit)");
    }

    private MalformedInputException recordTooLong() {
        return new MalformedInputException(recordLine, "the " + recordKind + " is longer than " + maxRecordBytes + " bytes (the limit)");
    }

    private MalformedInputException fieldTooLong() {
        return new MalformedInputException(recordLine,
                "field " + (count + 1) + " is longer than " + maxFieldSize + " characters");
    }
}
