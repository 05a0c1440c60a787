package dev.freight.engine;

import dev.freight.job.Outcome;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.InflaterInputStream;

/**
 * The results of one committed chunk, stored as one compressed blob: one row in Freight's
 * tables per chunk instead of per input row keeps result recording off the hot path.
 *
 * @param keys     the row's key as JSON text ({@code {"id":"17"}}), or null
 * @param messages the error (failed rows) or warning (others), or null
 * @param lines    where each row starts in the input (CSV: header = line 1), 0 where unknown;
 *                 null for chunks stored before lines were recorded
 */
public record ResultChunk(long firstIndex, Instant committedAt, Outcome[] outcomes, String[] keys, String[] messages,
                          long[] lines) {
    /** Lines are appended after the rows, marked by this byte, so blobs written without them still decode. */
    private static final int LINES_MARK = 1;

    public ResultChunk(long firstIndex, Instant committedAt, Outcome[] outcomes, String[] keys, String[] messages) {
        this(firstIndex, committedAt, outcomes, keys, messages, null);
    }

    /** The input line of row {@code i} of this chunk, or 0 when unknown. */
    public long line(int i) {
        return lines == null ? 0 : lines[i];
    }

    public int size() {
        return outcomes.length;
    }

    public byte[] encode() {
        // the fields are laid out in one array first, then deflated in one call: writing them through
        // streams (a call per field, a byte array per string) cost more than the compression
        Blob out = new Blob(outcomes.length * 32 + 16);
        out.int32(outcomes.length);
        for (int i = 0; i < outcomes.length; i++) {
            out.int8(outcomes[i].ordinal());
            out.string(keys[i]);
            out.string(messages[i]);
        }
        if (lines != null) {
            out.int8(LINES_MARK);
            long previous = 0;
            for (long line : lines) {
                out.varLong(line - previous); // mostly 1: next row, next line
                previous = line;
            }
        }
        return out.deflated();
    }

    public static ResultChunk decode(long firstIndex, Instant committedAt, byte[] data) {
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(data)))) {
            int n = in.readInt();
            Outcome[] outcomes = new Outcome[n];
            String[] keys = new String[n];
            String[] messages = new String[n];
            Outcome[] all = Outcome.values();
            for (int i = 0; i < n; i++) {
                outcomes[i] = all[in.readByte()];
                keys[i] = readString(in);
                messages[i] = readString(in);
            }
            long[] lines = null;
            if (in.read() == LINES_MARK) {
                lines = new long[n];
                long previous = 0;
                for (int i = 0; i < n; i++) lines[i] = previous += readVarLong(in);
            }
            return new ResultChunk(firstIndex, committedAt, outcomes, keys, messages, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) return null;
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long z = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.readUnsignedByte();
            z |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
        }
        return (z >>> 1) ^ -(z & 1);
    }

    /**
     * The uncompressed blob as it is built: what {@code DataOutputStream} wrote before (big-endian
     * ints, a string as its UTF-8 length then bytes, -1 for null), so every blob decodes the same.
     */
    private static final class Blob {
        private final Utf8Writer utf8 = new Utf8Writer(false);
        private byte[] buf;
        private int len;

        Blob(int capacity) {
            buf = new byte[capacity];
        }

        private void room(int n) {
            if (len + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }

        void int8(int v) {
            room(1);
            buf[len++] = (byte) v;
        }

        void int32(int v) {
            room(4);
            putInt(len, v);
            len += 4;
        }

        private void putInt(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        /** The UTF-8 of {@code s.getBytes(UTF_8)} (an unpaired surrogate as '?'), encoded in place. */
        void string(String s) {
            if (s == null) {
                int32(-1);
                return;
            }
            int n = s.length();
            if (n > Utf8Writer.MAX_CHARS) { // 3 bytes per char would not fit an int: the JDK's encoder, once
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                int32(b.length);
                room(b.length);
                System.arraycopy(b, 0, buf, len, b.length);
                len += b.length;
                return;
            }
            room(4 + n * 3);
            int at = len;
            len = utf8.write(s, buf, at + 4);
            putInt(at, len - at - 4);
        }

        /** Zig-zag LEB128: one byte for the usual small deltas. */
        void varLong(long v) {
            room(10);
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                buf[len++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            buf[len++] = (byte) z;
        }

        byte[] deflated() {
            Deflater deflater = new Deflater(Deflater.BEST_SPEED); // results are written far more often than read
            try {
                deflater.setInput(buf, 0, len);
                deflater.finish();
                byte[] out = new byte[Math.max(64, len / 4)];
                int n = 0;
                while (!deflater.finished()) {
                    if (n == out.length) out = Arrays.copyOf(out, out.length * 2);
                    n += deflater.deflate(out, n, out.length - n);
                }
                return Arrays.copyOf(out, n);
            } finally {
                deflater.end();
            }
        }
    }
}
