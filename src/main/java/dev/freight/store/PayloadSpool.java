package dev.freight.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Request bodies kept in Freight's tables from the moment they are accepted until their job is
 * gone, in pieces, so that any node can run any job and a restart loses nothing accepted.
 *
 * <p>Each piece is stored LZ4-compressed (a CSV body shrinks to about a third): the database
 * writes, logs and reads back that much less, for a fraction of the CPU that costs it. A piece
 * that does not shrink (a gzip body) is stored as received, and so are pieces stored before.
 */
public final class PayloadSpool {
    static final int PAYLOAD_PIECE = 256 << 10;
    static final int PIECES_PER_COMMIT = 8;
    /** The native codec where it loads, else the JDK-only one; both write the same LZ4 blocks. */
    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    /** Compresses each piece as soon as it is full, on a thread of its own. */
    private static final Executor COMPRESSING = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("freight-lz4").factory());

    private final Database db;
    private final Queries q;

    PayloadSpool(Database db, Queries q) {
        this.db = db;
        this.q = q;
    }

    /**
     * A stream that stores a request body in pieces, several per transaction. Three steps overlap:
     * the client's next pieces are read while the pieces read are compressed (each as soon as it is
     * full) and while the batch before is written, in a transaction on a thread of its own, one
     * at a time; at most two batches are in memory. {@link OutputStream#close} returns once every
     * piece is committed, or throws why not.
     */
    public OutputStream sink(String jobId) {
        return new OutputStream() {
            // pieces stay under half a G1 region (no humongous arrays on a small heap, here or when
            // read back); several go in one transaction so that a large body costs few commits
            private final List<CompletableFuture<StoredPiece>> ready = new ArrayList<>(PIECES_PER_COMMIT);
            private byte[] buf = new byte[PAYLOAD_PIECE];
            private int len;
            private int seq;
            private Thread committing; // the batch being written, if any
            private boolean broken;
            private final AtomicReference<RuntimeException> failure =
                    new AtomicReference<>();

            @Override
            public void write(int b) {
                if (len == buf.length) endPiece();
                buf[len++] = (byte) b;
            }

            @Override
            public void write(byte[] b, int off, int n) {
                while (n > 0) {
                    if (len == buf.length) endPiece();
                    int k = Math.min(n, buf.length - len);
                    System.arraycopy(b, off, buf, len, k);
                    len += k;
                    off += k;
                    n -= k;
                }
            }

            private void endPiece() {
                byte[] piece = len == buf.length ? buf : Arrays.copyOf(buf, len);
                ready.add(CompletableFuture.supplyAsync(() -> compress(piece), COMPRESSING));
                buf = new byte[PAYLOAD_PIECE];
                len = 0;
                if (ready.size() == PIECES_PER_COMMIT) commit();
            }

            /** Starts writing the ready pieces once the previous batch is committed. */
            private void commit() {
                awaitCommitted();
                int first = seq;
                List<CompletableFuture<StoredPiece>> pieces = List.copyOf(ready);
                seq += pieces.size();
                ready.clear();
                committing = Thread.ofVirtual().name("freight-spool-" + jobId).start(() -> {
                    try {
                        List<Object[]> rows = new ArrayList<>(pieces.size());
                        for (int i = 0; i < pieces.size(); i++) {
                            StoredPiece piece = compressed(pieces.get(i));
                            rows.add(new Object[] {jobId, first + i, piece.data(), piece.rawLength()});
                        }
                        // the job that holds the body commits durably after the last piece: until then a piece lost
                        // in a crash of the machine loses nothing (the client had no answer)
                        db.writeUnflushed(c -> {
                            q.updateEach(c, "insertPayload", rows);
                            return null;
                        });
                    } catch (RuntimeException e) {
                        failure.set(e);
                    }
                });
            }

            private void awaitCommitted() {
                if (committing != null) {
                    try {
                        committing.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new StoreException("interrupted while storing the body", e);
                    }
                    committing = null;
                }
                RuntimeException e = failure.getAndSet(null);
                if (e != null) {
                    broken = true;
                    throw e;
                }
            }

            @Override
            public void close() {
                // after a failed write, closing adds nothing (and must not throw that failure again)
                if (broken) return;
                if (len > 0 || (seq == 0 && ready.isEmpty())) endPiece();
                if (!ready.isEmpty()) commit();
                awaitCommitted();
            }
        };
    }

    /** Reads a stored body back piece by piece. */
    public InputStream read(String jobId) {
        return new InputStream() {
            private byte[] piece = new byte[0];
            private int pos;
            private int seq;
            private boolean end;

            private boolean fill() {
                while (!end && pos >= piece.length) {
                    int s = seq++;
                    byte[] next = db.read(c -> q.one(c, "payloadPiece",
                            rs -> decompress(rs.getBytes(1), rs.getObject(2) == null ? -1 : rs.getInt(2)), jobId, s)).orElse(null);
                    if (next == null) end = true;
                    else {
                        piece = next;
                        pos = 0;
                    }
                }
                return !end || pos < piece.length;
            }

            @Override
            public int read() {
                if (!fill()) return -1;
                return piece[pos++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int n) throws IOException {
                if (n == 0) return 0;
                if (!fill()) return -1;
                int k = Math.min(n, piece.length - pos);
                System.arraycopy(piece, pos, b, off, k);
                pos += k;
                return k;
            }
        };
    }

    /** Forgets a body that will not become a job (rejected after it was stored). */
    public void discard(String jobId) {
        db.write(c -> q.update(c, "deletePayload", jobId));
    }

    /** Forgets bodies whose job never came to be (the node stopped while storing them). */
    void deleteOrphans() {
        db.write(c -> q.update(c, "orphanPayloads"));
    }

    /** A piece as stored: LZ4 with its length before, or as received (rawLength null). */
    private record StoredPiece(byte[] data, Integer rawLength) {}

    /** A piece once its compression has ended. */
    private static StoredPiece compressed(CompletableFuture<StoredPiece> piece) {
        try {
            return piece.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while storing the body", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new StoreException("cannot compress the body", e.getCause());
        }
    }

    private static StoredPiece compress(byte[] piece) {
        byte[] out = new byte[COMPRESSOR.maxCompressedLength(piece.length)];
        int n = COMPRESSOR.compress(piece, 0, piece.length, out, 0, out.length);
        return n < piece.length ? new StoredPiece(Arrays.copyOf(out, n), piece.length) : new StoredPiece(piece, null);
    }

    /** A stored piece as received; {@code rawLength} -1 for one stored uncompressed. */
    private static byte[] decompress(byte[] data, int rawLength) {
        if (rawLength < 0) return data;
        byte[] out = new byte[rawLength];
        int n = DECOMPRESSOR.decompress(data, 0, data.length, out, 0, rawLength);
        if (n != rawLength) throw new StoreException("a stored piece of the body is damaged: " + n + " of " + rawLength + " bytes");
        return out;
    }
}
