package dev.freight.imports;

import dev.freight.ingest.Format;
import dev.freight.ingest.InferredSchema;
import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.ReadOptions;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.RowReaders;
import dev.freight.ingest.SchemaInference;
import dev.freight.ingest.SourceRow;
import dev.freight.job.ImportRejected;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Proposes a table for a sample of rows sent as an import body ({@link SchemaInference}). Only the
 * sample's first rows are read, and at most {@link #MAX_SAMPLE_BYTES} of it (expanded), so a
 * whole file sent as a sample costs no more than its start; nothing is stored.
 */
public final class Inference {
    public static final int DEFAULT_ROWS = 1000;
    public static final int MAX_ROWS = 10_000;
    /** Reading stops at the first row that ends past this many bytes (as expanded). */
    public static final long MAX_SAMPLE_BYTES = 32L << 20;

    Inference() {}

    /**
     * The proposal for the first {@code rows} rows of {@code body}; an unreadable or empty sample
     * is an {@link ImportRejected} (400) saying why.
     *
     * @param encoding null or "gzip"
     * @param delimiter the CSV delimiter, or null to read it from the header line
     */
    public InferredSchema infer(Format format, String encoding, Character delimiter, InputStream body, int rows) {
        try (Counting counted = new Counting("gzip".equals(encoding) ? gunzip(body) : body);
             RowReader reader = RowReaders.open(format, counted, new ReadOptions(delimiter, ReadOptions.DEFAULT_MAX_FIELD))) {
            InferredSchema schema = SchemaInference.infer(stopAtBytes(reader, counted), rows);
            if (schema.rows() == 0) {
                throw bad(schema.skipped() > 0
                        ? "none of the sample's " + schema.skipped() + " rows can be read (e.g. a wrong number of fields); "
                                + "an import of it would fail every row"
                        : "the sample has no rows: send " + (format == Format.CSV ? "a header line and at least one row"
                                : "at least one object"));
            }
            if (schema.columns().isEmpty()) throw bad("the sample's rows have no fields");
            return schema;
        } catch (MalformedInputException e) {
            throw bad("the body cannot be read as " + format.mediaType() + ": " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw unreadable(e.getCause());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    private static InputStream gunzip(InputStream body) throws IOException {
        try {
            return new GZIPInputStream(body, 64 * 1024);
        } catch (ZipException e) {
            throw bad("the body is not valid gzip");
        } catch (EOFException e) {
            throw bad("the body is empty: a gzip body holds at least its header");
        }
    }

    private static ImportRejected unreadable(IOException e) {
        if (e instanceof ZipException || e instanceof EOFException) {
            return bad("the body is not valid gzip (" + (e instanceof EOFException ? "it ends before its end" : e.getMessage()) + ")");
        }
        return bad("the body cannot be read: " + e.getMessage());
    }

    private static ImportRejected bad(String message) {
        return new ImportRejected(400, message, Map.of("body", message));
    }

    /** The rows of {@code reader} until the sample's bytes run past the bound. */
    private static RowReader stopAtBytes(RowReader reader, Counting counted) {
        return new RowReader() {
            @Override
            public SourceRow next() {
                return counted.count > MAX_SAMPLE_BYTES ? null : reader.next();
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }

    /** Counts the bytes the reader took. */
    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) count++;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) count += n;
            return n;
        }
    }
}
