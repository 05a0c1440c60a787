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

/** The native API over HTTP, for the client commands; an error answer becomes {@link ApiError}. */
final class ApiClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final String key;

    ApiClient(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /** A non-2xx answer, with the server's problem detail. */
    static final class ApiError extends RuntimeException {
        ApiError(String message) {
            super(message);
        }
    }

    JsonNode get(String path) {
        return send(request(path).GET().build());
    }

    JsonNode post(String path, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = request(path).POST(body);
        headers.forEach(b::header);
        return send(b.build());
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofHours(2));
        if (key != null && !key.isBlank()) b.header("Authorization", "Bearer " + key);
        return b;
    }

    private JsonNode send(HttpRequest req) {
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
            if (r.statusCode() >= 300) {
                String detail = body != null && body.hasNonNull("detail") ? body.get("detail").asText() : r.body();
                throw new ApiError(r.statusCode() + ": " + detail);
            }
            return body;
        } catch (ConnectException e) {
            throw new ApiError("cannot reach Freight at " + base + " (is `bin/freight serve` running? --url sets the address)");
        } catch (IOException e) {
            throw new ApiError("request to " + base + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError("interrupted");
        }
    }
}
