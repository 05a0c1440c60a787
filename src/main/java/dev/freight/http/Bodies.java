package dev.freight.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Small JSON request bodies (tables, keys), read under a fixed bound. */
final class Bodies {
    static final long MAX_SMALL_BODY = 1 << 20;

    private Bodies() {}

    /** The announced Content-Length, or -1; as a long (ctx.contentLength() is -1 past 2 GiB). */
    static long contentLength(Context ctx) {
        return ctx.req().getContentLengthLong();
    }

    static JsonNode json(Context ctx) {
        if (contentLength(ctx) > MAX_SMALL_BODY) throw ApiException.tooLarge(MAX_SMALL_BODY);
        try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), MAX_SMALL_BODY)) {
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
