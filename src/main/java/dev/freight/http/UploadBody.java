package dev.freight.http;

import dev.freight.ingest.Format;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.InputStream;
import java.util.Locale;

/**
 * Rows sent as a request body, as imports and schema inference take them: a body of a content
 * type Freight reads, or the multipart field {@code file}; gzip when its encoding (or the file's
 * name) says so.
 *
 * @param encoding null or "gzip"
 */
record UploadBody(InputStream body, Format format, String encoding) {

    /** The request's rows; 413 past {@code maxBody} as announced, 415 for a format or encoding Freight does not read. */
    static UploadBody of(Context ctx, long maxBody) {
        if (Bodies.contentLength(ctx) > maxBody) throw ApiException.tooLarge(maxBody);
        String encoding = encoding(ctx.header("Content-Encoding"));
        String contentType = ctx.contentType();
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            UploadedFile file = uploadedFile(ctx, maxBody);
            if (file == null) throw ApiException.badRequest("file", "a multipart body needs its rows in the field 'file'");
            Format format = Format.fromContentType(file.contentType());
            if (format == null) format = Format.fromFileName(file.filename());
            if (format == null) {
                throw ApiException.unsupportedMediaType("cannot tell the format of file '" + file.filename() + "' ("
                        + file.contentType() + "): send text/csv, application/json or application/x-ndjson");
            }
            if (file.filename() != null && file.filename().toLowerCase(Locale.ROOT).endsWith(".gz")) encoding = "gzip";
            return new UploadBody(file.content(), format, encoding);
        }
        Format format = Format.fromContentType(contentType);
        if (format == null) {
            throw ApiException.unsupportedMediaType("Content-Type " + (contentType == null ? "is missing" : contentType + " is not supported")
                    + ": send text/csv, application/json (an array of objects), application/x-ndjson or multipart/form-data");
        }
        return new UploadBody(ctx.bodyInputStream(), format, encoding);
    }

    /** The multipart field {@code file}; Jetty's parser reports an oversized or broken body as a plain exception. */
    private static UploadedFile uploadedFile(Context ctx, long maxBody) {
        try {
            return ctx.uploadedFile("file");
        } catch (Exception e) { // Javalin (Kotlin) lets Jetty's checked IOException through undeclared
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof ApiException api) throw api;
                ApiException framing = Failures.clientFault(t);
                if (framing != null) throw framing;
                // Jetty's words for its maxTotalRequestSize / maxFileSize (set to --max-body in Server)
                if (t.getMessage() != null && t.getMessage().contains("exceeds max")) throw ApiException.tooLarge(maxBody);
            }
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw ApiException.badRequest("body", "the multipart body cannot be read: " + root.getMessage());
        }
    }

    private static String encoding(String header) {
        if (header == null || header.isBlank() || header.equalsIgnoreCase("identity")) return null;
        if (header.equalsIgnoreCase("gzip") || header.equalsIgnoreCase("x-gzip")) return "gzip";
        throw ApiException.unsupportedMediaType("Content-Encoding " + header + " is not supported: send gzip or none");
    }
}
