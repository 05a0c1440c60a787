package dev.freight.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.freight.imports.Outage;
import dev.freight.imports.Refused;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failure that escaped a handler becomes, for /v1 and for every dialect alike: the
 * client's fault (a body that breaks its framing, JSON nested past the parser's bound) is a 400
 * saying what was wrong; anything else is a 500 that says only that, with an id the server log
 * carries beside the whole exception. No answer ever carries SQL, a driver's or a library's
 * words, or a class name.
 */
public final class Failures {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private Failures() {}

    /** The answer for {@code e}, thrown by the handler of {@code ctx}; logs what is not the client's fault. */
    public static ApiException answer(Context ctx, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) return api;
            if (t instanceof Refused r) return ApiException.of(r);
            ApiException fault = clientFault(t);
            if (fault != null) return fault;
        }
        String outage = Outage.of(e).orElse(null);
        if (outage != null) { // the node is up, its database is not: come back shortly
            log.warn("{} {}: the database is unavailable: {}", ctx.method(), ctx.path(), outage);
            return new ApiException(503, "Service Unavailable", "the database is unavailable ("
                    + outage + "); retry shortly", null, java.util.Map.of("Retry-After", "5"));
        }
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        log.error("{} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
        return new ApiException(500, "Internal Server Error",
                "an internal error occurred (error id " + id + "); the server's log has the details");
    }

    /**
     * Javalin's answer when no route takes the request, as Freight answers it: 405 names the
     * methods the path has. {@code dialect}: the path is a vendor API's, which /openapi.yaml does not describe.
     */
    static ApiException routing(Context ctx, HttpResponseException e, boolean dialect) {
        String request = ctx.method().name() + " " + ctx.path();
        if (e.getStatus() == 405) {
            // Javalin lists the path's methods under one of these keys, depending on whether the client accepts HTML
            String allow = e.getDetails().getOrDefault("availableMethods", e.getDetails().getOrDefault("Available methods", ""));
            return new ApiException(405, "Method Not Allowed", "method " + ctx.method().name() + " is not allowed on "
                    + ctx.path() + "; it takes " + allow, null, java.util.Map.of("Allow", allow));
        }
        if (e.getStatus() == 404) {
            return ApiException.notFound("there is no route " + request + (dialect ? "" : " (the API is described at /openapi.yaml)"));
        }
        return new ApiException(e.getStatus(), "Error", e.getMessage() == null ? "the request cannot be served" : e.getMessage());
    }

    /**
     * The client's fault in a request's framing, as a 400; null when {@code t} is not one. Only
     * Jetty's own exceptions say that: a plain EOFException may come from a stored body, and a
     * JSON error from Freight's own data, so routes that parse JSON say so themselves ({@link #json}).
     */
    static ApiException clientFault(Throwable t) {
        if (t instanceof BadMessageException bad) {
            String reason = bad.getReason() == null ? "the request cannot be parsed" : bad.getReason();
            return ApiException.badRequest("body", "the request is malformed: " + reason);
        }
        if (t instanceof EofException) { // Jetty's word for a body cut short, and for a chunk it could not parse
            return ApiException.badRequest("body", "the request body is malformed or ended early: it is shorter than its"
                    + " Content-Length, or its chunked encoding is broken or stops before the last chunk");
        }
        return null;
    }

    /**
     * A JSON parse failure in words, with where it happened: Jackson's own message names its
     * classes and settings ("StreamReadConstraints.getMaxNestingDepth()"), so that one is told
     * apart and rephrased.
     */
    public static String json(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof StreamConstraintsException) {
            return "the body is not JSON Freight accepts: it nests, or one of its values runs, past the parser's bounds"
                    + " (at most 1000 levels of arrays and objects)" + where;
        }
        String why = e.getOriginalMessage() == null ? "it cannot be parsed" : e.getOriginalMessage();
        int source = why.indexOf(" (start marker at [Source:"); // names a Jackson setting
        if (source >= 0) why = why.substring(0, source);
        return "the body is not valid JSON: " + why + where;
    }
}
