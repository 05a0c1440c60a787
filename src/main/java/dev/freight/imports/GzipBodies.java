package dev.freight.imports;

import dev.freight.job.ImportRejected;
import dev.freight.worker.BoundedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A gzip body checked whole while it is stored: every byte received goes to the store as it
 * came, and through a decompressor that discards what it inflates. A body that ends early,
 * fails its CRC or size trailer, or is not gzip at all is refused (400) before any job exists,
 * so no job can apply the decodable half of a file; one that expands past its bound is a 413.
 */
final class GzipBodies {
    private static final int BUFFER = 64 * 1024;

    private GzipBodies() {}

    /** Copies {@code body} to {@code out} as it is, after checking that it is complete, valid gzip. */
    static void copyVerified(InputStream body, OutputStream out, long maxExpanded) throws IOException {
        Tee tee = new Tee(body, out);
        try {
            InputStream inflated = new GZIPInputStream(tee, BUFFER);
            if (maxExpanded > 0) inflated = new BoundedInputStream(inflated, maxExpanded);
            byte[] sink = new byte[BUFFER];
            while (inflated.read(sink) >= 0) {
                // only the check matters: the stored body is the compressed one
            }
        } catch (BoundedInputStream.ExpansionLimitException e) {
            throw new ImportRejected(413, e.getMessage(), Map.of("body", e.getMessage()));
        } catch (EOFException e) {
            throw corrupt("it ends before its end (truncated)");
        } catch (ZipException e) {
            throw corrupt(e.getMessage() == null ? "it is not valid gzip" : "it is not valid gzip (" + e.getMessage() + ")");
        } catch (IOException e) {
            if (tee.readFailed) throw e; // the client's connection or a body limit: not the body's fault
            throw corrupt(e.getMessage());
        }
        tee.transferTo(OutputStream.nullOutputStream()); // bytes after the last member, which readers ignore, stored as sent
    }

    private static ImportRejected corrupt(String why) {
        String message = "the gzip body cannot be read: " + why + "; nothing was stored";
        return new ImportRejected(400, message, Map.of("body", message));
    }

    /** Writes every byte read through it to {@code out}; remembers whether reading the source failed. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream out;
        boolean readFailed;

        Tee(InputStream in, OutputStream out) {
            super(in);
            this.out = out;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                readFailed = true;
                throw e;
            }
            if (n > 0) out.write(b, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, BUFFER)];
            int k = read(buf, 0, buf.length);
            return Math.max(k, 0);
        }

        @Override
        public int available() throws IOException {
            return super.available();
        }
    }
}
