package dev.freight.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows for one {@code COPY … FROM STDIN}, encoded into a chain of byte blocks that COPY sends as
 * they are: in the text format ({@link CopyText}) or the binary one ({@link CopyBinary}).
 *
 * <p>Blocks, not one growing buffer: a chunk's rows take most of a megabyte, and an array that
 * large is a humongous object to G1 (half a region or more; regions are 1 MiB on heaps under
 * 2 GiB). Each one is allocated outside the young generation and, on a small heap, starts a
 * concurrent marking cycle: with one per chunk, a 256 MiB server spent an eighth of a 10M-row
 * upsert's CPU collecting. Blocks also spare the copies of every doubling.
 */
abstract sealed class CopyRows permits CopyText, CopyBinary {
    /** The largest block: under half of G1's smallest region. */
    static final int BLOCK = 256 << 10;
    /** The first block: small, as a small chunk's rows are; each next one doubles up to {@link #BLOCK}. */
    private static final int FIRST_BLOCK = 8 << 10;
    private static final byte[] NONE = new byte[0];

    /** The current block, filled up to {@link #len}; the subclasses write into it after {@link #room}. */
    byte[] buf = NONE; // allocated at the first value: an unused instance costs nothing
    int len;
    /** The blocks before the current one, and the bytes they hold. */
    private final List<Block> filled = new ArrayList<>();
    private int filledBytes;

    /** A block ended with {@code length} of its bytes used (a value that did not fit started the next). */
    private record Block(byte[] data, int length) {}

    /** The rows of a COPY into columns of these PostgreSQL types (null: unknown): binary where it encodes them all. */
    static CopyRows forTypes(int[] types) {
        return types != null && CopyBinary.encodesAll(types) ? new CopyBinary(types) : new CopyText();
    }

    /** Appends one field. */
    abstract CopyRows value(Object v);

    /** Ends the current row. */
    abstract CopyRows endRow();

    /** What follows {@code FROM STDIN} in the COPY statement for this format. */
    abstract String options();

    /** The bytes after the last row. */
    abstract byte[] trailer();

    /** Sends the rows with {@code copy} ({@code COPY … FROM STDIN}, without options); returns the rows copied. */
    final long copyIn(Connection c, String copy) throws SQLException {
        org.postgresql.copy.CopyIn in = c.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(copy + options());
        try {
            for (Block b : filled) in.writeToCopy(b.data(), 0, b.length());
            if (len > 0) in.writeToCopy(buf, 0, len);
            byte[] end = trailer();
            if (end.length > 0) in.writeToCopy(end, 0, end.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    final boolean isEmpty() {
        return filledBytes + len == 0;
    }

    /** The rows' bytes so far (without the trailer), in one array. */
    final byte[] bytes() {
        byte[] out = new byte[filledBytes + len];
        int at = 0;
        for (Block b : filled) {
            System.arraycopy(b.data(), 0, out, at, b.length());
            at += b.length();
        }
        System.arraycopy(buf, 0, out, at, len);
        return out;
    }

    /** The largest block allocated so far (for tests). */
    final int largestBlock() {
        int max = buf.length;
        for (Block b : filled) max = Math.max(max, b.data().length);
        return max;
    }

    final void put(byte b) {
        if (len == buf.length) nextBlock(1);
        buf[len++] = b;
    }

    /** Makes room for {@code n} more bytes in the current block: the caller writes them there in one piece. */
    final void room(int n) {
        if (len + n > buf.length) nextBlock(n);
    }

    /** Ends the current block (when it holds anything) and starts one of at least {@code n} bytes. */
    private void nextBlock(int n) {
        if (len > 0) {
            filled.add(new Block(buf, len));
            filledBytes += len;
        }
        int size = buf.length == 0 ? FIRST_BLOCK : Math.min(BLOCK, buf.length * 2);
        buf = new byte[Math.max(size, n)]; // a single value larger than a block gets a block of its own
        len = 0;
    }
}
