package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Requests whose framing the client broke are the client's fault: 400 with a message on every
 * API, never a 500 naming a library class, and nothing is left behind.
 */
class FramingTest extends StoreSuite {
    private static final int DEPTH = 100_000;

    /** One raw HTTP exchange: {@code head} and {@code body} as given, then the client stops sending. */
    private record Answer(int status, String head, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }
    }

    private Answer raw(String head, byte[] body) {
        try (Socket s = new Socket("127.0.0.1", node.node().port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            s.shutdownOutput(); // the rest of the body never comes
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            in.transferTo(got);
            String text = got.toString(StandardCharsets.UTF_8);
            assertThat(text).as("an answer").startsWith("HTTP/1.1 ");
            int split = text.indexOf("\r\n\r\n");
            String h = text.substring(0, split);
            String b = text.substring(split + 4);
            if (h.toLowerCase().contains("transfer-encoding: chunked")) b = unchunk(b);
            return new Answer(Integer.parseInt(text.substring(9, 12)), h, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String unchunk(String b) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int eol = b.indexOf("\r\n", at);
            int size = Integer.parseInt(b.substring(at, eol).trim(), 16);
            if (size == 0) return out.toString();
            out.append(b, eol + 2, eol + 2 + size);
            at = eol + 2 + size + 2;
        }
    }

    private static String head(String method, String path, Map<String, String> headers) {
        StringBuilder h = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        return h.append("\r\n").toString();
    }

    /** The four body-reading entry points, each with the headers it authenticates with. */
    private record Route(String path, Map<String, String> auth, String json) {}

    private Route[] routes(String table) {
        Map<String, String> bearer = Map.of("Authorization", "Bearer " + TestNode.ADMIN_KEY);
        return new Route[] {
            new Route("/v1/tables/" + table + "/imports", bearer, "[{\"id\":1}]"),
            new Route("/v1/tables", bearer, "{\"name\":\"x\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}"),
            new Route("/rest/dataspace/async/upsert", bearer, "{\"tableName\":\"" + table + "\",\"fileContent\":\"aWQKMQo=\"}"),
            new Route("/rest/dataspace/sync/upsert", bearer, "{\"tableName\":\"" + table + "\",\"columns\":[\"id\"],\"rows\":[[\"1\"]]}"),
            new Route("/v2/reference-data/" + table + "/records/import", Map.of("Api-User", "default", "Api-Key", TestNode.ADMIN_KEY),
                    "{\"importType\":\"update\",\"records\":[{\"id\":1}]}"),
        };
    }

    private String table() {
        String t = unique("framing");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        return t;
    }

    private static String message(Route r, Answer a) {
        JsonNode j = a.json();
        return r.path().startsWith("/v1") ? j.get("detail").asText() : j.get("message").asText();
    }

    private void clientFault(Route r, Answer a, String... contains) {
        assertThat(a.status()).as("%s: %s %s", r.path(), a.head(), a.body()).isEqualTo(400);
        assertThat(message(r, a)).as(r.path()).contains(contains);
        InternalErrorsTest.noInternals(a.body());
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400() {
        String t = table();
        for (Route r : routes(t)) {
            Map<String, String> h = new java.util.HashMap<>(r.auth());
            h.put("Content-Type", "application/json");
            byte[] half = r.json().substring(0, r.json().length() / 2).getBytes(StandardCharsets.UTF_8);
            h.put("Content-Length", Integer.toString(half.length * 2 + 10));
            clientFault(r, raw(head("POST", r.path(), h), half), "malformed or ended early");
        }
        assertThat(node.get("/v1/jobs?table=" + t).json().get("items")).isEmpty();
    }

    @Test
    void anInvalidChunkedEncodingIs400() {
        String t = table();
        for (Route r : routes(t)) {
            Map<String, String> h = new java.util.HashMap<>(r.auth());
            h.put("Content-Type", "application/json");
            h.put("Transfer-Encoding", "chunked");
            byte[] body = ("5\r\n" + r.json().substring(0, 5) + "\r\nzz-not-a-size\r\n" + r.json().substring(5) + "\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            clientFault(r, raw(head("POST", r.path(), h), body), "malformed or ended early");
        }
        assertThat(node.get("/v1/jobs?table=" + t).json().get("items")).isEmpty();
    }

    @Test
    void aVeryDeeplyNestedJsonBodyIs400() {
        String t = table();
        String deep = "[".repeat(DEPTH) + "]".repeat(DEPTH);
        String[] bodies = {
            null, // the /v1 import: its rows are the engine's to read (a job fails on them), not the request's framing
            "{\"name\":\"x\",\"columns\":" + deep + "}",
            "{\"tableName\":\"" + t + "\",\"columnMapping\":" + deep + ",\"fileContent\":\"aWQKMQo=\"}",
            "{\"tableName\":\"" + t + "\",\"columns\":[\"id\"],\"rows\":" + deep + "}",
            "{\"importType\":\"update\",\"records\":[{\"id\":" + deep + "}]}",
        };
        Route[] routes = routes(t);
        for (int i = 0; i < routes.length; i++) {
            if (bodies[i] == null) continue;
            Route r = routes[i];
            Map<String, String> h = new java.util.HashMap<>(r.auth());
            h.put("Content-Type", "application/json");
            TestNode.Response resp = node.send("POST", r.path(), null, h, HttpRequest.BodyPublishers.ofString(bodies[i]));
            assertThat(resp.status()).as("%s: %s", r.path(), resp).isEqualTo(400);
            Answer a = new Answer(resp.status(), "", resp.body());
            assertThat(message(r, a)).as(r.path()).contains("nests");
            InternalErrorsTest.noInternals(resp.body());
        }
        assertThat(node.get("/v1/jobs?table=" + t).json().get("items")).isEmpty();
        assertThat(node.get("/health").status()).isEqualTo(200);
    }
}
