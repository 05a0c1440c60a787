package dev.freight.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request body as every route reads it: 413 as soon as more than {@code max} bytes arrive, and
 * a body whose framing the client broke (shorter than its Content-Length, a bad chunk) a 400
 * saying so. Jetty reports the latter as exceptions that Javalin takes for a client gone away
 * and answers with an empty 500, so they are turned into answers here, where they are read.
 */
public final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    public LimitedInputStream(InputStream in, long max) {
        super(in);
        this.max = max;
    }

    @Override
    public int read() throws IOException {
        int b;
        try {
            b = super.read();
        } catch (IOException e) {
            throw framing(e);
        }
        if (b >= 0 && ++count > max) throw ApiException.tooLarge(max);
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
            n = super.read(b, off, len);
        } catch (IOException e) {
            throw framing(e);
        }
        if (n > 0 && (count += n) > max) throw ApiException.tooLarge(max);
        return n;
    }

    /** The client's framing fault as a 400; any other failure to read as it was. */
    private static IOException framing(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ApiException fault = Failures.clientFault(t);
            if (fault != null) throw fault;
        }
        return e;
    }
}
