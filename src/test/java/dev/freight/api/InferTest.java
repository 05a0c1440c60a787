package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/tables/infer}: a proposal that POST /v1/tables takes as it is, and a table that takes the sample. */
class InferTest extends StoreSuite {

    private static final String CSV = """
            id,email,score,balance,active,born,seen_at,note
            1,a@x,10,1.50,true,1990-01-02,2024-01-02T10:00:00Z,hello
            2,b@x,-3,2,no,1985-12-31,2024-02-03T11:30:00+02:00,
            3,c@x,0,.25,Y,2000-02-29,2024-03-04T00:00:00Z,"a, b"
            """;

    private JsonNode infer(String query, String contentType, String body) {
        TestNode.Response r = node.post("/v1/tables/infer" + query, contentType, body, TestNode.ADMIN_KEY);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    /** Creates the proposal under {@code name} as it came, imports the sample into it, and returns the finished job. */
    private JsonNode createAndImport(JsonNode proposal, String name, String query, String contentType, String body) {
        ((ObjectNode) proposal).put("name", name);
        TestNode.Response created = node.postJson("/v1/tables", proposal.toString());
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return node.importBody(name, query, contentType, body);
    }

    @Test
    void aCsvSampleBecomesATableThatTakesIt() {
        JsonNode p = infer("?name=people", "text/csv", CSV);
        assertThat(p.get("name").asText()).isEqualTo("people");
        assertThat(p.get("columns").findValuesAsText("type"))
                .containsExactly("integer", "text", "integer", "decimal", "boolean", "date", "timestamptz", "text");
        assertThat(p.get("primaryKey").toString()).isEqualTo("[\"id\"]");
        JsonNode id = p.get("columns").get(0);
        assertThat(id.get("nullable").asBoolean()).isFalse();
        assertThat(id.get("field").asText()).isEqualTo("id");
        assertThat(id.get("examples").toString()).isEqualTo("[\"1\",\"2\",\"3\"]");
        assertThat(p.get("columns").get(7).get("empty").asLong()).isEqualTo(1);
        assertThat(p.get("rows").asLong()).isEqualTo(3);
        assertThat(p.get("skipped").asLong()).isZero();

        String table = unique("inferred");
        JsonNode job = createAndImport(p, table, "", "text/csv", CSV);
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(3);
        assertThat(job.at("/counts/failed").asLong()).isZero();
        assertThat(node.get("/v1/tables/" + table).json().get("primaryKey").toString()).isEqualTo("[\"id\"]");
    }

    @Test
    void aJsonSampleWithADateFormatAndNestedValues() {
        String json = """
                [{"code": "A-1", "placed": "05.01.2026", "total": 12.5, "vip": false, "tags": {"x": 1}},
                 {"code": "A-2", "placed": "31.12.2025", "total": 3, "vip": true, "tags": [1, 2]}]""";
        JsonNode p = infer("", "application/json", json);
        assertThat(p.has("name")).isFalse();
        assertThat(p.get("columns").findValuesAsText("type")).containsExactly("text", "date", "decimal", "boolean", "json");
        assertThat(p.get("columns").get(1).get("format").asText()).isEqualTo("dd.MM.yyyy");
        assertThat(p.get("primaryKey").toString()).isEqualTo("[\"code\"]");

        JsonNode job = createAndImport(p, unique("orders"), "dateTimeFormat=dd.MM.yyyy", "application/json", json);
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(2);
        assertThat(job.at("/counts/failed").asLong()).isZero();
    }

    @Test
    void ndjsonGzipAndMultipartSamplesAndTheRowsOption() throws IOException {
        String ndjson = "{\"id\": 1, \"n\": \"a\"}\n{\"id\": 2, \"n\": \"b\"}\n{\"id\": 3, \"n\": \"c\"}\n";
        assertThat(infer("", "application/x-ndjson", ndjson).get("columns").findValuesAsText("type")).containsExactly("integer", "text");
        assertThat(infer("?rows=2", "application/x-ndjson", ndjson).get("rows").asLong()).isEqualTo(2);

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("a;b\n1;x\n2;y\n".getBytes(StandardCharsets.UTF_8));
        }
        TestNode.Response gzipped = node.send("POST", "/v1/tables/infer?delimiter=;", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "text/csv", "Content-Encoding", "gzip"), HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()));
        assertThat(gzipped.status()).as(gzipped.toString()).isEqualTo(200);
        assertThat(gzipped.json().get("columns").findValuesAsText("name")).containsExactly("a", "b");

        String boundary = "b0undary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"s.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\nk,v\n1,2\r\n--" + boundary + "--\r\n";
        TestNode.Response form = node.send("POST", "/v1/tables/infer", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "multipart/form-data; boundary=" + boundary), HttpRequest.BodyPublishers.ofString(multipart));
        assertThat(form.status()).as(form.toString()).isEqualTo(200);
        assertThat(form.json().get("columns").findValuesAsText("type")).containsExactly("integer", "integer");
    }

    @Test
    void badSamplesAndOptionsAreFourHundreds() {
        TestNode.Response empty = node.post("/v1/tables/infer", "text/csv", "", TestNode.ADMIN_KEY);
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asText()).contains("the sample has no rows");

        TestNode.Response headerOnly = node.post("/v1/tables/infer", "text/csv", "a,b\n", TestNode.ADMIN_KEY);
        assertThat(headerOnly.status()).isEqualTo(400);

        TestNode.Response broken = node.post("/v1/tables/infer", "application/json", "[{\"a\": 1}, {\"a\": ", TestNode.ADMIN_KEY);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("detail").asText()).startsWith("the body cannot be read as application/json");

        TestNode.Response notGzip = node.send("POST", "/v1/tables/infer", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "text/csv", "Content-Encoding", "gzip"), HttpRequest.BodyPublishers.ofString("a\n1\n"));
        assertThat(notGzip.status()).isEqualTo(400);
        assertThat(notGzip.json().get("detail").asText()).contains("gzip");

        assertThat(node.post("/v1/tables/infer?rows=0", "text/csv", "a\n1\n", TestNode.ADMIN_KEY).status()).isEqualTo(400);
        assertThat(node.post("/v1/tables/infer?rows=10001", "text/csv", "a\n1\n", TestNode.ADMIN_KEY).status()).isEqualTo(400);
        assertThat(node.post("/v1/tables/infer?name=1bad", "text/csv", "a\n1\n", TestNode.ADMIN_KEY).status()).isEqualTo(400);
        assertThat(node.post("/v1/tables/infer", "text/plain", "a\n1\n", TestNode.ADMIN_KEY).status()).isEqualTo(415);

        TestNode.Key reader = node.newKey("default", "read");
        assertThat(node.post("/v1/tables/infer", "text/csv", "a\n1\n", reader.secret()).status()).isEqualTo(403);
        TestNode.Key writer = node.newKey("default", "write");
        assertThat(node.post("/v1/tables/infer", "text/csv", "a\n1\n", writer.secret()).status()).isEqualTo(200);
    }
}
