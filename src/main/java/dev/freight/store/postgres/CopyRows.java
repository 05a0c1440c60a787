package dev.freight.store.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * Rows for one {@code COPY … FROM STDIN}, encoded into one growing byte buffer that COPY sends as
 * it is: in the text format ({@link CopyText}) or the binary one ({@link CopyBinary}).
 */
abstract sealed class CopyRows permits CopyText, CopyBinary {
    private static final int MIN_BUFFER = 1 << 16, MAX_HINT = 1 << 24;
    /**
     * How many bytes the last finished rows took: the next buffer starts that large, so a chunk's
     * rows are not copied through every doubling from 64 KiB (a hint; a racy read is harmless).
     */
    private static volatile int lastLength = MIN_BUFFER;
    byte[] buf = new byte[0]; // allocated at the first value: an unused instance costs nothing
    int len;

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
        finished();
        try {
            in.writeToCopy(buf, 0, len);
            byte[] end = trailer();
            if (end.length > 0) in.writeToCopy(end, 0, end.length);
            return in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
    }

    final boolean isEmpty() {
        return len == 0;
    }

    /** The rows' bytes so far (without the trailer). */
    final byte[] bytes() {
        finished();
        return Arrays.copyOf(buf, len);
    }

    final void put(byte b) {
        if (len == buf.length) grow(1);
        buf[len++] = b;
    }

    /** Makes room for {@code n} more bytes. */
    final void room(int n) {
        if (len + n > buf.length) grow(n);
    }

    private void grow(int n) {
        int size = buf.length == 0 ? Math.max(MIN_BUFFER, Math.min(lastLength, MAX_HINT)) : buf.length * 2;
        buf = Arrays.copyOf(buf, Math.max(size, len + n));
    }

    /** Remembers how large these rows grew, for the next instance's first buffer. */
    private void finished() {
        if (len > 0) lastLength = len + len / 8;
    }
}
