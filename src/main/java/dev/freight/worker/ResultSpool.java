package dev.freight.worker;

import dev.freight.engine.ResultChunk;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;

/**
 * A dry run's row results, kept out of the transaction that is rolled back: each chunk's results
 * encoded as the result log stores them and appended to a temporary file, then written to the log
 * after the rollback. Memory stays one chunk's worth, however many rows the job has. Its failures
 * are the server's, not the body's: they are no {@link java.io.UncheckedIOException}, which the
 * runner reports as an unreadable body.
 */
final class ResultSpool implements AutoCloseable {
    /** One chunk's results as the result log stores them. */
    record Encoded(long firstIndex, int size, Instant committedAt, byte[] data) {}

    @FunctionalInterface
    interface Sink {
        void write(Encoded chunk) throws SQLException;
    }

    private final Path file;
    private final DataOutputStream out;
    private long chunks;

    private ResultSpool(Path file) throws IOException {
        this.file = file;
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    static ResultSpool create() {
        try {
            return new ResultSpool(Files.createTempFile("freight-dry-run-", ".results"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a temporary file for the dry run's results", e);
        }
    }

    /** Appends a chunk's results (encoded now: the arrays are not kept). */
    void add(ResultChunk chunk) {
        byte[] data = chunk.encode();
        try {
            out.writeLong(chunk.firstIndex());
            out.writeInt(chunk.size());
            out.writeLong(chunk.committedAt().getEpochSecond());
            out.writeInt(chunk.committedAt().getNano());
            out.writeInt(data.length);
            out.write(data);
            chunks++;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the dry run's results", e);
        }
    }

    long chunks() {
        return chunks;
    }

    /** Every chunk added so far, in order, to {@code sink}. */
    void replay(Sink sink) throws SQLException {
        try {
            out.flush();
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
                for (long i = 0; i < chunks; i++) {
                    long first = in.readLong();
                    int size = in.readInt();
                    Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
                    sink.write(new Encoded(first, size, at, in.readNBytes(in.readInt())));
                }
            }
        } catch (EOFException e) {
            throw new IllegalStateException("the dry run's results file ends early", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the dry run's results back", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // the file goes anyway
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file: the system's cleaning removes it
        }
    }
}
