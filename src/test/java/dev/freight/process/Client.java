package dev.freight.process;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A small HTTP client for process tests. */
final class Client {
    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    Client(String base) {
        this.base = base;
    }

    JsonNode call(String method, String path, String contentType, HttpRequest.BodyPublisher body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (contentType != null) b.header("Content-Type", contentType);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
        return r.body().isEmpty() ? null : Json.MAPPER.readTree(r.body());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return call("GET", path, null, null);
    }

    JsonNode postJson(String path, String json) throws IOException, InterruptedException {
        return call("POST", path, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    JsonNode postFile(String path, String contentType, Path file) throws IOException, InterruptedException {
        return call("POST", path, contentType, HttpRequest.BodyPublishers.ofFile(file));
    }

    JsonNode awaitState(String jobId, long timeoutMillis, String... states) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonNode j;
        do {
            j = get("/v1/jobs/" + jobId);
            for (String s : states) if (j.get("state").asText().equals(s)) return j;
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("job " + jobId + " still " + j.get("state").asText() + " after " + timeoutMillis + " ms: " + j);
    }
}
