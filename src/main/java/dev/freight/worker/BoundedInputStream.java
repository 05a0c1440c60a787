package dev.freight.worker;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Fails once more than {@code max} bytes have been read: no decompression bomb can fill memory or disk. */
public final class BoundedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    public BoundedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) add(1);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) add(n);
        return n;
    }

    private void add(long n) throws IOException {
        count += n;
        if (count > max) throw new ExpansionLimitException(max);
    }

    public static final class ExpansionLimitException extends IOException {
        ExpansionLimitException(long max) {
            super("the compressed body expands past " + max + " bytes, the limit for a decompressed body");
        }
    }
}
