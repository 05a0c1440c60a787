package dev.freight.worker;

import dev.freight.ingest.ReadOptions;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.RowReaders;
import dev.freight.job.ImportSpec;
import dev.freight.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/** A job's stored body read back as rows: decompressed under the job's bound, in its format and delimiter. */
public final class StoredRows {
    private StoredRows() {}

    /** The rows of the body stored under {@code jobId}; closing the reader closes the body. */
    public static RowReader open(Store store, String jobId, ImportSpec spec) throws IOException {
        InputStream in = store.payload(jobId);
        if ("gzip".equals(spec.contentEncoding())) {
            in = new GZIPInputStream(in, 64 * 1024);
            if (spec.maxExpandedBytes() > 0) in = new BoundedInputStream(in, spec.maxExpandedBytes());
        }
        return RowReaders.open(spec.format(), in, new ReadOptions(spec.delimiter(), ReadOptions.DEFAULT_MAX_FIELD));
    }
}
