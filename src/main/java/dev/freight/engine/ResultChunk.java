package dev.freight.engine;

import dev.freight.job.Outcome;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
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
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(outcomes.length * 16);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED); // results are written far more often than read
        // buffered before the deflater: DataOutputStream writes field by field, and a deflater fed a
        // byte at a time costs more than everything else a chunk's results need
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(
                new DeflaterOutputStream(bytes, deflater, 8192), 1 << 16))) {
            out.writeInt(outcomes.length);
            for (int i = 0; i < outcomes.length; i++) {
                out.writeByte(outcomes[i].ordinal());
                writeString(out, keys[i]);
                writeString(out, messages[i]);
            }
            if (lines != null) {
                out.writeByte(LINES_MARK);
                long previous = 0;
                for (long line : lines) {
                    writeVarLong(out, line - previous); // mostly 1: next row, next line
                    previous = line;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
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

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0) return null;
        return new String(in.readNBytes(len), StandardCharsets.UTF_8);
    }

    /** Zig-zag LEB128: one byte for the usual small deltas. */
    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.writeByte((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.writeByte((int) z);
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
}
