package dev.freight.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

/** Request bodies under a size limit, and small JSON ones (tables, keys) under a fixed bound. */
final class Bodies {
    static final long MAX_SMALL_BODY = 1 << 20;

    private Bodies() {}

    /** The announced Content-Length, or -1; as a long (ctx.contentLength() is -1 past 2 GiB). */
    static long contentLength(Context ctx) {
        return ctx.req().getContentLengthLong();
    }

    /**
     * The request body under a size limit: {@code tooLarge} (a 413 in the API's shape) when the
     * announced Content-Length is over it, before anything is read; else a stream that answers 413
     * as soon as more than {@code max} bytes arrive ({@link LimitedInputStream}).
     */
    static InputStream capped(Context ctx, long max, Supplier<? extends RuntimeException> tooLarge) throws IOException {
        if (contentLength(ctx) > max) throw tooLarge.get();
        return new LimitedInputStream(ctx.bodyInputStream(), max);
    }

    static JsonNode json(Context ctx) {
        try (InputStream in = capped(ctx, MAX_SMALL_BODY, () -> ApiException.tooLarge(MAX_SMALL_BODY))) {
            JsonNode n = Json.MAPPER.readTree(in);
            if (n == null || !n.isObject()) throw ApiException.badRequest("body", "the body must be a JSON object");
            return n;
        } catch (ApiException e) {
            throw e;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", Failures.json(e));
        } catch (IOException e) {
            throw ApiException.badRequest("body", "the body cannot be read: the connection failed while it was sent");
        }
    }
}
