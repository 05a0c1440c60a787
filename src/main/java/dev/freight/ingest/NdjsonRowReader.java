package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Newline-delimited JSON: one object per line, blank lines skipped. Every line is its own
 * document, parsed on its own: a line that is not one JSON object (invalid JSON, an array, two
 * values) is a row with {@code error} set, failing alone, and the next line reads as usual. A line
 * longer than the record limit is malformed input: the limit is what keeps memory bounded.
 */
final class NdjsonRowReader implements RowReader {
    private static final int INITIAL_BUFFER = 64 * 1024;

    private final InputStream in;
    private final JsonFactory factory;
    private final JsonObjectReader objects;
    private final int maxLine;
    private byte[] buf = new byte[INITIAL_BUFFER];
    private int pos;
    private int end;
    private boolean eof;
    private long line;
    private long index;

    NdjsonRowReader(InputStream in, ReadOptions options) {
        this.in = in;
        this.factory = JsonValues.factory(options.maxFieldSize(), options.maxDepth());
        this.objects = new JsonObjectReader(options);
        this.maxLine = options.maxRecordBytes();
    }

    @Override
    public SourceRow next() {
        try {
            while (true) {
                int lineEnd = nextLine();
                if (lineEnd < 0) return null;
                int from = pos;
                pos = Math.min(lineEnd + 1, end);
                if (isBlank(from, lineEnd)) continue;
                return parse(from, lineEnd);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The row of {@code buf[from, to)}: the object, or a row failing with why the line is not one. */
    private SourceRow parse(int from, int to) throws IOException {
        long at = line;
        String error = JsonValues.notUtf8(buf, from, to - from);
        if (error != null) return new SourceRow(index++, at, List.of(), new Object[0], "line " + at + ": " + error);
        try (JsonParser p = factory.createParser(buf, from, to - from)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                SourceRow row = objects.read(p, index, at);
                JsonToken after = p.nextToken();
                if (after == null) {
                    index++;
                    return row;
                }
                error = "more than one JSON value on the line";
            } else {
                error = "the line is " + JsonValues.describe(t) + ", expected a JSON object";
            }
        } catch (JsonProcessingException e) {
            error = "invalid JSON: " + JsonValues.reason(e);
        } catch (java.io.CharConversionException e) {
            error = "invalid text: " + e.getMessage(); // bytes Jackson took for UTF-16 or UTF-32
        } catch (MalformedInputException e) {
            // a limit of the object reader (too many fields, a field too long): this line alone fails
            error = e.getMessage().substring(e.getMessage().indexOf(": ") + 2);
        }
        return new SourceRow(index++, at, List.of(), new Object[0], "line " + at + ": " + error);
    }

    /**
     * Finds the end of the next line (the index of its LF, or {@link #end} at the end of the
     * input), reading more as needed, and counts it; -1 when no bytes are left.
     */
    private int nextLine() throws IOException {
        int p = pos;
        while (true) {
            while (p < end && buf[p] != '\n') p++;
            if (p - pos > maxLine) {
                throw new MalformedInputException(line + 1, "the line is longer than " + maxLine + " bytes (the limit)");
            }
            if (p < end || eof) {
                if (p == end && pos == end) return -1;
                line++;
                return p;
            }
            int scanned = p - pos;
            fill();
            p = pos + scanned;
        }
    }

    /** Moves the unread bytes to the front (growing the buffer when they fill it) and reads more. */
    private void fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, end - pos);
            end -= pos;
            pos = 0;
        }
        if (end == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) eof = true;
        else end += n;
    }

    private boolean isBlank(int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') return false;
        }
        return true;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
