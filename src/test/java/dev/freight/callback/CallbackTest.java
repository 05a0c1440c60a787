package dev.freight.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.freight.Config;
import dev.freight.Freight;
import dev.freight.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Callbacks: the final job POSTed to a receiver on 127.0.0.1, retried, refused without an allowance. */
class CallbackTest {
    private static final String KEY = "frt_callback_test_admin_key_012345";
    private HttpServer receiver;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = calls.incrementAndGet() == 1 ? 500 : 204; // the first delivery fails
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        receiver.createContext("/down", ex -> {
            ex.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        receiver.createContext("/moved", ex -> {
            calls.incrementAndGet();
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private Freight node(Path dir, List<String> allow) {
        return node(dir, allow, List.of(Duration.ofMillis(100), Duration.ofMillis(100)));
    }

    private Freight node(Path dir, List<String> allow, List<Duration> schedule) {
        return Freight.start(new Config("127.0.0.1", 0, dir, null, 1 << 20, 1, 100, allow, KEY, schedule));
    }

    private JsonNode call(Freight node, String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .header("Authorization", "Bearer " + KEY)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        return Json.MAPPER.readTree(http.send(b.build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Imports two rows with a callback and waits until the callback reached {@code state}. */
    private JsonNode importWithCallback(Freight node, String url, String state) throws Exception {
        call(node, "POST", "/v1/tables", "application/json",
                "{\"name\":\"t\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        String id = call(node, "POST", "/v1/tables/t/imports?callbackUrl=" + url, "text/csv", "id\n1\n2\n").get("id").asText();
        long deadline = System.currentTimeMillis() + 20_000;
        JsonNode job;
        do {
            Thread.sleep(50);
            job = call(node, "GET", "/v1/jobs/" + id, null, null);
        } while ((job.get("callback") == null || !job.at("/callback/state").asText().equals(state))
                && System.currentTimeMillis() < deadline);
        return job;
    }

    @Test
    void deliversTheFinalJobAndRetriesAFailedDelivery(@TempDir Path dir) throws Exception {
        try (Freight node = node(dir, List.of("127.0.0.0/8"))) {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JsonNode job = importWithCallback(node, url, "delivered");
            assertThat(job.at("/callback/state").asText()).isEqualTo("delivered");
            assertThat(job.at("/callback/attempts").asInt()).isEqualTo(2);
            assertThat(bodies).hasSize(2);
            JsonNode sent = Json.MAPPER.readTree(bodies.get(1));
            assertThat(sent.get("id").asText()).isEqualTo(job.get("id").asText());
            assertThat(sent.get("state").asText()).isEqualTo("completed");
            assertThat(sent.at("/counts/inserted").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aDeliveryStillOwedAtShutdownIsMadeAfterTheRestart(@TempDir Path dir) throws Exception {
        String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        Config config = new Config("127.0.0.1", 0, dir, null, 1 << 20, 1, 100, List.of("127.0.0.0/8"), KEY,
                List.of(Duration.ofHours(1))); // the retry would come far too late: only a restart delivers it
        JsonNode job;
        try (Freight first = Freight.start(config)) {
            job = importWithCallback(first, url, "retrying");
            assertThat(job.at("/callback/state").asText()).isEqualTo("retrying");
        }
        try (Freight second = Freight.start(config)) {
            String id = job.get("id").asText();
            long deadline = System.currentTimeMillis() + 20_000;
            do {
                Thread.sleep(50);
                job = call(second, "GET", "/v1/jobs/" + id, null, null);
            } while (!job.at("/callback/state").asText().equals("delivered") && System.currentTimeMillis() < deadline);
            assertThat(job.at("/callback/state").asText()).isEqualTo("delivered");
            assertThat(job.at("/callback/attempts").asInt()).isEqualTo(2);
            assertThat(bodies).hasSize(2);
        }
    }

    @Test
    void refusesLoopbackWithoutAnAllowance(@TempDir Path dir) throws Exception {
        try (Freight node = node(dir, List.of())) {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            JsonNode job = importWithCallback(node, url, "refused");
            assertThat(job.at("/callback/state").asText()).isEqualTo("refused");
            assertThat(job.at("/callback/error").asText()).contains("127.0.0.1").contains("--callback-allow");
            assertThat(calls.get()).isZero();
        }
    }

    @Test
    void doesNotFollowRedirects(@TempDir Path dir) throws Exception {
        try (Freight node = node(dir, List.of("127.0.0.1/32"))) {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/moved";
            JsonNode job = importWithCallback(node, url, "failed");
            assertThat(job.at("/callback/state").asText()).isEqualTo("failed");
            assertThat(job.at("/callback/error").asText()).contains("HTTP 302").contains("gave up after 3 attempts");
            assertThat(job.at("/callback/attempts").asInt()).isEqualTo(3);
            assertThat(calls.get()).as("each attempt reached /moved once").isEqualTo(3);
            assertThat(bodies).isEmpty(); // /hook was never reached
        }
    }

    /**
     * The retry limit: a schedule of n waits makes n + 1 attempts, and then the delivery gives up
     * ({@code failed}, "gave up after n + 1 attempts"), and no attempt comes after that.
     */
    @ParameterizedTest(name = "{0} retries")
    @ValueSource(ints = {0, 1, 3})
    void givesUpAfterTheLastRetry(int retries, @TempDir Path dir) throws Exception {
        List<Duration> schedule = java.util.Collections.nCopies(retries, Duration.ofMillis(50));
        try (Freight node = node(dir, List.of("127.0.0.0/8"), schedule)) {
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/down";
            JsonNode job = importWithCallback(node, url, "failed");
            assertThat(job.at("/callback/state").asText()).as("%s", job).isEqualTo("failed");
            assertThat(job.at("/callback/attempts").asInt()).isEqualTo(retries + 1);
            assertThat(job.at("/callback/error").asText()).contains("HTTP 503")
                    .endsWith("gave up after " + (retries + 1) + " attempts");
            Thread.sleep(300); // six times the wait between attempts: none comes after giving up
            assertThat(calls.get()).isEqualTo(retries + 1);
        }
    }
}
