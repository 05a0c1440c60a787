package dev.freight.http;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} request as a dialect reads it: its text fields, and its file
 * parts, each readable as often as needed (Jetty keeps the parts until the request ends) and
 * never past the dialect's body limit.
 */
public final class MultipartForm {
    private final Context ctx;
    private final long max;
    private final Supplier<? extends RuntimeException> tooLarge;

    private MultipartForm(Context ctx, long max, Supplier<? extends RuntimeException> tooLarge) {
        this.ctx = ctx;
        this.max = max;
        this.tooLarge = tooLarge;
    }

    /**
     * The request's form: {@code tooLarge} when its Content-Length is over {@code max}, a
     * {@code notMultipart} 400 when it is no multipart body; broken framing is a 400 too.
     */
    static MultipartForm of(Context ctx, long max, Supplier<? extends RuntimeException> tooLarge,
                            Supplier<? extends RuntimeException> notMultipart) {
        if (Bodies.contentLength(ctx) > max) throw tooLarge.get();
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) throw notMultipart.get();
        MultipartForm form = new MultipartForm(ctx, max, tooLarge);
        form.parsed(() -> ctx.formParamMap()); // parses the whole body once: a broken one fails here
        return form;
    }

    /** The text field {@code name} (its first value), or null. */
    public String field(String name) {
        List<String> values = parsed(() -> ctx.formParamMap()).get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The names of every part, text fields and files alike. */
    public java.util.Set<String> names() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>(parsed(() -> ctx.formParamMap()).keySet());
        out.addAll(parsed(() -> ctx.uploadedFileMap()).keySet());
        return out;
    }

    /** A file part: its name as sent, and its bytes, read afresh by each {@link #open()}. */
    public record File(String filename, long size, Opener opener) {
        public InputStream open() throws IOException {
            return opener.open();
        }
    }

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    /** The file part {@code name}, or null. */
    public File file(String name) {
        UploadedFile f = parsed(() -> ctx.uploadedFile(name));
        if (f == null) return null;
        if (f.size() > max) throw tooLarge.get(); // a chunked body over the dialect's limit, under the server's
        return new File(f.filename(), f.size(), () -> new LimitedInputStream(f.content(), max));
    }

    /** Jetty's parser reports an oversized or broken body as a plain exception (Javalin lets the checked ones through undeclared). */
    private <T> T parsed(Supplier<T> read) {
        try {
            return read.get();
        } catch (Exception e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ApiException api) throw api;
                ApiException framing = Failures.clientFault(t);
                if (framing != null) throw framing;
                // Jetty's words for its maxTotalRequestSize / maxFileSize (the server's --max-body)
                if (t.getMessage() != null && t.getMessage().contains("exceeds max")) throw tooLarge.get();
            }
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw ApiException.badRequest("body", "the multipart body cannot be read: " + root.getMessage());
        }
    }
}
