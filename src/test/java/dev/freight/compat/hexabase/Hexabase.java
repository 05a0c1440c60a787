package dev.freight.compat.hexabase;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Hexabase client of the tests: ImportItems as multipart forms, its results, its answers' shapes. */
final class Hexabase {
    static final String BOUNDARY = "hexabase-test-boundary-5c7e1d";

    private final TestNode node;

    Hexabase(TestNode node) {
        this.node = node;
    }

    static String importPath(String app, String datastore) {
        return "/api/v0/applications/" + app + "/datastores/" + datastore + "/import";
    }

    /** The form's fields, then the CSV as {@code file} (named {@code items.csv}). */
    static byte[] form(Map<String, String> fields, String csv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((k, v) -> part(out, k, null, v));
        if (csv != null) part(out, "file", "items.csv", csv);
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String name, String filename, String content) {
        StringBuilder h = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"");
        if (filename != null) h.append("; filename=\"").append(filename).append("\"\r\nContent-Type: text/csv");
        h.append("\r\n\r\n");
        out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> fields(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    TestNode.Response importItems(String key, String app, String datastore, Map<String, String> fields, String csv) {
        return node.send("POST", importPath(app, datastore), key,
                Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
                HttpRequest.BodyPublishers.ofByteArray(form(fields, csv)));
    }

    TestNode.Response importItems(String datastore, Map<String, String> fields, String csv) {
        return importItems(TestNode.ADMIN_KEY, "default", datastore, fields, csv);
    }

    /** An import queued: 200 with exactly its temp_datastore_id and stream_id. */
    static JsonNode queued(TestNode.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().size()).as("%s", r).isEqualTo(2);
        assertThat(r.json().get("temp_datastore_id").asText()).matches("[0-9a-f]{24}");
        assertThat(r.json().get("stream_id").asText()).isNotBlank();
        return r.json();
    }

    /** A no_queue import applied: 200 with errors, has_error and result. */
    static JsonNode applied(TestNode.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().size()).as("%s", r).isEqualTo(3);
        assertThat(r.json().get("result").size()).isEqualTo(2);
        return r.json();
    }

    /** The results of a queued import once final. */
    JsonNode awaitResults(String key, String tempId) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            TestNode.Response r = node.get("/api/v0/imports/" + tempId + "/results", key);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            String s = r.json().get("status").asText();
            assertThat(s).isIn("queued", "running", "completed", "failed");
            if (s.equals("completed") || s.equals("failed")) return r.json();
            assertThat(System.currentTimeMillis()).as("import %s still %s", tempId, s).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    JsonNode awaitResults(String tempId) {
        return awaitResults(TestNode.ADMIN_KEY, tempId);
    }

    /** An error answer: the status, and exactly one ERROR whose description holds {@code contains}. */
    static void error(TestNode.Response r, int status, String... contains) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode b = r.json();
        assertThat(b.size()).as("%s", r).isEqualTo(2);
        assertThat(b.get("has_error").asBoolean()).isTrue();
        assertThat(b.get("errors")).hasSize(1);
        JsonNode e = b.at("/errors/0");
        assertThat(e.size()).isEqualTo(3);
        assertThat(e.get("error_level").asText()).isEqualTo("ERROR");
        assertThat(e.get("error").asText()).isNotBlank();
        assertThat(e.get("description").asText()).contains(contains);
    }
}
