package dev.freight.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV rows: the header line gives the names (trimmed, non-empty, unique), every later non-empty
 * record is a row. A row with the wrong number of fields is returned with {@code error} set and
 * its fields as read; it does not stop the reading. An empty input has no rows.
 */
final class CsvRowReader implements RowReader {
    private static final char[] DELIMITERS = {',', ';', '\t', '|'};

    private final InputStream in;
    private final Character delimiter;
    private final CsvTokenizer tokenizer;
    /** Shared by every row (mapping can cache per names instance); null until the header is read. */
    private List<String> names;
    private long index;
    private boolean finished;

    CsvRowReader(InputStream in, ReadOptions options) {
        this.in = in;
        this.delimiter = options.delimiter();
        this.tokenizer = new CsvTokenizer(in, options.maxFieldSize(), options.maxFields(), options.maxRecordBytes());
    }

    /** Rejects delimiters the tokenizer cannot split on. */
    static void checkDelimiter(Character d) {
        if (d == null) return;
        if (d >= 128 || d == '"' || d == '\r' || d == '\n') {
            throw new IllegalArgumentException("CSV delimiter must be an ASCII character other than a quote or a line break, got '" + d + "'");
        }
    }

    @Override
    public SourceRow next() {
        if (finished) return null;
        try {
            if (names == null && !readHeader() || !tokenizer.nextRecord(names.size(), "row")) {
                finished = true;
                return null;
            }
            int expected = names.size();
            int n = tokenizer.fieldCount();
            Object[] values = tokenizer.fields();
            String error = null;
            if (n != expected) {
                values = Arrays.copyOf(values, n);
                error = "row has " + fields(n) + ", the header has " + expected;
            }
            return new SourceRow(index++, tokenizer.recordLine(), names, values, error);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean readHeader() throws IOException {
        tokenizer.skipBom();
        tokenizer.delimiter(delimiter != null ? delimiter : tokenizer.detectDelimiter(DELIMITERS, ','));
        if (!tokenizer.nextRecord(16, "header")) return false;
        long line = tokenizer.recordLine();
        Object[] fields = tokenizer.fields();
        int n = tokenizer.fieldCount();
        List<String> header = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String name = ((String) fields[i]).trim();
            if (name.isEmpty()) {
                throw new MalformedInputException(line, "header column " + (i + 1) + " has an empty name");
            }
            if (!seen.add(name)) throw new MalformedInputException(line, "header column '" + name + "' appears more than once");
            header.add(name);
        }
        names = List.copyOf(header);
        return true;
    }

    private static String fields(int n) {
        return n == 1 ? "1 field" : n + " fields";
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
