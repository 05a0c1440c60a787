package dev.freight.ingest;

import java.io.Closeable;

/** Streams rows out of one input; holds at most one row (and a bounded buffer) in memory. */
public interface RowReader extends Closeable {
    /** The next row, or null at the end. Throws {@link MalformedInputException} on broken framing. */
    SourceRow next();

    /** Closes the underlying stream. */
    @Override
    void close();
}
