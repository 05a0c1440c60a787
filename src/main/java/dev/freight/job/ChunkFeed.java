package dev.freight.job;

import dev.freight.ingest.MappedRow;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads, maps and coerces the next chunks on a thread of their own while the worker applies
 * the current one, so parsing overlaps the database's work. At most {@link #AHEAD} chunks wait,
 * so memory stays bounded by chunk size. Errors reach the worker as the next chunk would.
 */
final class ChunkFeed implements AutoCloseable {
    static final int AHEAD = 2;
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread producer;
    private volatile boolean closed;

    ChunkFeed(RowReader reader, RowMapper mapper, int chunkSize, long skipBelow, String name) {
        producer = Thread.ofPlatform().name("freight-reader-" + name).daemon().unstarted(() -> produce(reader, mapper, chunkSize, skipBelow));
        producer.start();
    }

    private void produce(RowReader reader, RowMapper mapper, int chunkSize, long skipBelow) {
        try {
            while (!closed) {
                List<MappedRow> rows = new ArrayList<>(chunkSize);
                SourceRow r;
                while (rows.size() < chunkSize && (r = reader.next()) != null) {
                    if (r.index() < skipBelow) continue;
                    rows.add(mapper.map(r));
                }
                queue.put(rows);
                if (rows.size() < chunkSize) {
                    queue.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // hand the error to the worker; once closed nobody reads, so never wait for room then
            try {
                while (!closed && !queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                    // the worker is still applying an earlier chunk
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The next chunk: up to chunkSize rows, fewer only at the end of the input (then empty ever after). */
    @SuppressWarnings("unchecked")
    List<MappedRow> next() {
        try {
            Object item = queue.take();
            if (item == END) {
                queue.put(END);
                return List.of();
            }
            if (item instanceof RuntimeException e) throw e;
            return (List<MappedRow>) item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input", e);
        }
    }

    /** Stops reading ahead; the caller closes the reader afterwards. */
    @Override
    public void close() {
        closed = true;
        producer.interrupt();
        queue.clear();
        try {
            producer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
