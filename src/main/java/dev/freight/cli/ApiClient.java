package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** The native API over HTTP, for the client commands; an error answer becomes {@link ApiError}. */
final class ApiClient {
    // HTTP/1.1: Freight serves it; asking for an h2c upgrade first only costs a round trip
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;
    private final String noKeyHint;

    /** @param noKeyHint what to tell the user when the server answers 401 (how the key was, or was not, found) */
    ApiClient(String base, String key, String noKeyHint) {
        this.base = base;
        this.key = key;
        this.noKeyHint = noKeyHint;
    }

    /** A failed request: a non-2xx answer with the server's problem detail (status > 0), or no answer (status 0). */
    static final class ApiError extends RuntimeException {
        final int status;

        ApiError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode delete(String path) {
        return send(request(path).DELETE().build());
    }

    JsonNode post(String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        return send(postRequest(path, headers, body));
    }

    JsonNode postJson(String path, JsonNode body) {
        return post(path, Map.of("Content-Type", "application/json"), HttpRequest.BodyPublishers.ofString(body.toString()));
    }

    /** The same POST, answered later: the caller shows the upload's progress meanwhile. */
    CompletableFuture<JsonNode> postAsync(String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        return http.sendAsync(postRequest(path, headers, body), HttpResponse.BodyHandlers.ofString())
                .handle((r, e) -> {
                    if (e != null) throw failure(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    return answer(r);
                });
    }

    /** The answer of a future from {@link #postAsync}, its failure as thrown by {@link #post}. */
    static JsonNode await(CompletableFuture<JsonNode> answer) throws InterruptedException {
        try {
            return answer.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ApiError api) throw api;
            throw new ApiError(0, String.valueOf(e.getCause()));
        }
    }

    private HttpRequest postRequest(String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = request(path).POST(body);
        headers.forEach(b::header);
        return b.build();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofHours(2));
        if (key != null && !key.isBlank()) b.header("Authorization", "Bearer " + key);
        return b;
    }

    private JsonNode send(HttpRequest req) {
        try {
            return answer(http.send(req, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw failure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(0, "interrupted");
        }
    }

    private JsonNode answer(HttpResponse<String> r) {
        JsonNode body = null;
        try {
            if (!r.body().isBlank()) body = Json.MAPPER.readTree(r.body());
        } catch (IOException e) {
            // not JSON (a proxy's page, say): the status and the text say enough
        }
        if (r.statusCode() >= 300) {
            String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText() : r.body().strip();
            String hint = r.statusCode() == 401 && noKeyHint != null ? " (" + noKeyHint + ")" : "";
            throw new ApiError(r.statusCode(), r.statusCode() + ": " + detail + hint);
        }
        return body;
    }

    private ApiError failure(Throwable e) {
        if (e instanceof ApiError api) return api;
        if (e instanceof ConnectException) {
            return new ApiError(0, "cannot reach Freight at " + base + " (is `bin/freight serve` running? --url sets the address)");
        }
        String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return new ApiError(0, "request to " + base + " failed: " + why);
    }
}
