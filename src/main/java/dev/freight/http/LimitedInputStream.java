package dev.freight.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** A request body that fails with 413 as soon as more than {@code max} bytes arrive. */
public final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    public LimitedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && ++count > max) throw ApiException.tooLarge(max);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && (count += n) > max) throw ApiException.tooLarge(max);
        return n;
    }
}
