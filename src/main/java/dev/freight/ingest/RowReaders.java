package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/** The entry point of reading: a streaming {@link RowReader} for each {@link Format}. */
public final class RowReaders {
    private RowReaders() {}

    /**
     * A reader of {@code in} (UTF-8), which it closes when closed. Framing errors surface from
     * {@link RowReader#next()} as {@link MalformedInputException}; opening reads at most the first
     * few bytes (Jackson's encoding check).
     *
     * @param options null for {@link ReadOptions#defaults()}
     * @throws IllegalArgumentException when the options cannot apply (non-positive field cap,
     *                                  a delimiter that is not ASCII or is a quote or line break)
     */
    public static RowReader open(Format format, InputStream in, ReadOptions options) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(in, "in");
        ReadOptions o = options == null ? ReadOptions.defaults() : options;
        if (o.maxFieldSize() <= 0) throw new IllegalArgumentException("maxFieldSize must be positive, got " + o.maxFieldSize());
        if (o.maxFields() <= 0 || o.maxRecordBytes() <= 0 || o.maxDepth() <= 0) {
            throw new IllegalArgumentException("the limits must be positive, got " + o);
        }
        return switch (format) {
            case CSV -> {
                CsvRowReader.checkDelimiter(o.delimiter());
                yield new CsvRowReader(in, o);
            }
            case JSON -> new JsonArrayRowReader(jsonParser(in, o), o);
            case NDJSON -> new NdjsonRowReader(in, o);
        };
    }

    private static JsonParser jsonParser(InputStream in, ReadOptions o) {
        try {
            java.io.PushbackInputStream start = new java.io.PushbackInputStream(in, 4);
            byte[] first = start.readNBytes(4);
            start.unread(first);
            String why = JsonValues.notUtf8(first, 0, first.length);
            if (why != null) throw new MalformedInputException(1, why);
            return JsonValues.factory(o.maxFieldSize(), o.maxDepth()).createParser(start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
