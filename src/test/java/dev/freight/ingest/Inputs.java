package dev.freight.ingest;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;

/** Input streams for reader tests. */
final class Inputs {
    private Inputs() {}

    static InputStream utf8(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Hands out at most {@code max} bytes per read, to move every buffer boundary around. */
    static InputStream trickle(byte[] data, int max) {
        return new ByteArrayInputStream(data) {
            private int turn;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + turn++ % max));
            }
        };
    }

    /** {@code head}, then {@code line(0)}, {@code line(1)}, ... forever: whoever buffers it all never returns. */
    static InputStream endless(String head, LongFunction<String> line) {
        return new InputStream() {
            private byte[] chunk = head.getBytes(StandardCharsets.UTF_8);
            private int at;
            private long n;

            @Override
            public int read() {
                if (at == chunk.length) {
                    chunk = line.apply(n++).getBytes(StandardCharsets.UTF_8);
                    at = 0;
                }
                return chunk[at++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int i = 0;
                while (i < len) b[off + i++] = (byte) read();
                return len;
            }
        };
    }

    /** Counts whether it was closed. */
    static final class Closing extends ByteArrayInputStream {
        boolean closed;

        Closing(String s) {
            super(s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
