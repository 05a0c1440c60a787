package dev.freight.worker;

import dev.freight.ingest.RowMapper;
import dev.freight.ingest.RowReader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads, maps and coerces the next chunks on a thread of their own while the worker applies
 * the current one, so parsing overlaps the database's work. At most {@link #AHEAD} chunks wait,
 * so memory stays bounded by chunk size. Any failure of the reading thread, an {@link Error}
 * included, reaches the worker as the next chunk would: the worker never waits for a chunk
 * that will not come.
 */
final class ChunkFeed implements AutoCloseable {
    static final int AHEAD = 2;
    private static final long POLL_MILLIS = 100;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread producer;
    private volatile boolean closed;

    ChunkFeed(RowReader reader, RowMapper mapper, int chunkSize, long skipBelow, String name) {
        producer = Thread.ofPlatform().name("freight-reader-" + name).daemon()
                .unstarted(() -> produce(reader, mapper, chunkSize, skipBelow));
        producer.start();
    }

    private void produce(RowReader reader, RowMapper mapper, int chunkSize, long skipBelow) {
        try {
            while (true) {
                Chunk chunk = Chunk.read(reader, mapper, chunkSize, skipBelow, () -> closed);
                if (chunk == null) return; // closed: nobody reads any more
                queue.put(chunk);
                if (chunk.last()) return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) { // an Error too (a bug, an exhausted heap): the job must fail, not wait forever
            // hand it to the worker; once closed nobody reads, so never wait for room then
            try {
                while (!closed && !queue.offer(e, POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    // the worker is still applying an earlier chunk
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The next chunk (after the last one, an empty last chunk again); null as soon as
     * {@code halted} turns true while waiting for it (cancel, node stopping).
     */
    Chunk next(BooleanSupplier halted) {
        try {
            while (true) {
                if (halted.getAsBoolean()) return null;
                Object item = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (item == null) continue;
                if (item instanceof Chunk c) {
                    if (c.last()) queue.put(new Chunk(java.util.List.of(), true));
                    return c;
                }
                if (item instanceof RuntimeException e) throw e;
                if (item instanceof Error e) throw e;
                throw new IllegalStateException((Throwable) item);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the input", e);
        }
    }

    /** Stops reading ahead (the reading thread stops before its next row); the caller closes the reader afterwards. */
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
