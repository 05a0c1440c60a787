package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** Every status code of API.md §Errors, each in the problem+json shape (RFC 9457). */
class StatusCodesTest extends StoreSuite {

    private String table() {
        String t = unique("codes");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"email","type":"text"}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    private String keyless() {
        String t = unique("keyless");
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"name\",\"type\":\"text\"}]}".formatted(t));
        return t;
    }

    private String newKey(String workspace, String role) {
        TestNode.Response r = node.postJson("/v1/keys", "{\"workspace\":\"%s\",\"role\":\"%s\",\"name\":\"t\"}".formatted(workspace, role));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.json().get("key").asText();
    }

    /** Asserts a problem+json answer with this status; returns its body. */
    static JsonNode problem(TestNode.Response r, int status) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).as("%s", r).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("type").asText()).isNotBlank();
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("detail").asText()).isNotBlank();
        return p;
    }

    /** A problem whose errors[0].field is {@code field}. */
    static JsonNode problem(TestNode.Response r, int status, String field) {
        JsonNode p = problem(r, status);
        assertThat(p.get("errors")).as("%s", r).isNotNull();
        assertThat(p.at("/errors/0/field").asText()).as("%s", r).isEqualTo(field);
        assertThat(p.at("/errors/0/message").asText()).as("%s", r).isNotBlank();
        return p;
    }

    private TestNode.Response importCsv(String table, String query, String csv) {
        return node.post("/v1/tables/" + table + "/imports" + (query.isEmpty() ? "" : "?" + query), "text/csv", csv, TestNode.ADMIN_KEY);
    }

    private int jobCount(String table) {
        return node.get("/v1/jobs?table=" + table + "&limit=1000").json().get("items").size();
    }

    // ---------------------------------------------------------------- 400

    @Test
    void badOptionValuesAre400NamingTheOption() {
        String t = table();
        Map<String, String> cases = new HashMap<>();
        cases.put("mode=merge", "mode");
        cases.put("errorThreshold=lots", "errorThreshold");
        cases.put("errorThreshold=150%25", "errorThreshold");
        cases.put("errorThreshold=-1", "errorThreshold");
        cases.put("delimiter=x", "delimiter");
        cases.put("emptyOverwrites=maybe", "emptyOverwrites");
        cases.put("atomic=2", "atomic");
        cases.put("unknownColumns=sometimes", "unknownColumns");
        cases.put("wait=-1", "wait");
        cases.put("wait=soon", "wait");
        cases.put("callbackUrl=ftp://example.com/x", "callbackUrl");
        cases.put("key=", "key");
        cases.forEach((query, field) -> {
            JsonNode p = problem(importCsv(t, query, "id\n1\n"), 400, field);
            assertThat(p.get("title").asText()).isEqualTo("Bad Request");
        });
        assertThat(jobCount(t)).isZero();
    }

    @Test
    void badQueryParametersOfReadsAre400() {
        String t = table();
        problem(node.get("/v1/jobs?state=done"), 400, "state");
        problem(node.get("/v1/jobs?after=not-a-cursor"), 400, "after");
        problem(node.get("/v1/jobs?limit=0"), 400, "limit");
        problem(node.get("/v1/tables/" + t + "/records?after=%25%25%25"), 400, "after");
        problem(node.get("/v1/tables/" + t + "/records?limit=abc"), 400, "limit");
        String job = node.importCsv(t, "", "id\n1\n").get("id").asText();
        problem(node.get("/v1/jobs/" + job + "/results?outcome=exploded"), 400, "outcome");
        problem(node.get("/v1/jobs/" + job + "/results?after=x"), 400, "after");
    }

    @Test
    void invalidNamesAndDefinitionsAre400() {
        problem(node.postJson("/v1/tables", "{\"name\":\"9lives\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}"), 400, "name");
        problem(node.postJson("/v1/tables", "{\"name\":\"ok\",\"columns\":[{\"name\":\"my col\",\"type\":\"integer\"}]}"), 400, "columns[0].name");
        problem(node.postJson("/v1/tables", "{\"name\":\"ok\",\"columns\":[{\"name\":\"id\",\"type\":\"bigint\"}]}"), 400, "columns[0].type");
        problem(node.postJson("/v1/tables", "{\"name\":\"ok\",\"columns\":[]}"), 400, "columns");
        problem(node.postJson("/v1/tables", "{\"name\":\"ok\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"nope\"]}"), 400, "primaryKey");
        problem(node.postJson("/v1/tables", "{\"name\":\"ok\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\",\"default\":\"x\"}]}"), 400, "columns[0].default");
        problem(node.postJson("/v1/tables", "{\"name\":\"ok\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"id\",\"type\":\"text\"}]}"), 400, "columns[1].name");
        problem(node.postJson("/v1/tables", "{\"name\": \"ok\", \"columns\": ["), 400, "body");
        problem(node.postJson("/v1/tables", "[]"), 400, "body");
        problem(node.postJson("/v1/keys", "{\"workspace\":\"acme\",\"role\":\"owner\"}"), 400, "role");
        problem(node.get("/v1/tables/bad-name"), 400, "table");
        assertThat(node.get("/v1/tables").json().get("items").findValuesAsText("name")).doesNotContain("ok", "9lives");
    }

    // ---------------------------------------------------------------- 401

    @Test
    void missingOrUnknownCredentialsAre401() {
        String t = table();
        for (String key : new String[] {null, "", "frt_not_a_real_key_000000000000000", TestNode.ADMIN_KEY + "x"}) {
            TestNode.Response r = node.send("GET", "/v1/tables/" + t, key, Map.of(), null);
            problem(r, 401);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        problem(node.send("GET", "/v1/tables", null, Map.of("Authorization", "Basic " + TestNode.ADMIN_KEY), null), 401);
        problem(node.send("POST", "/v1/tables/" + t + "/imports", null, Map.of("Content-Type", "text/csv"),
                HttpRequest.BodyPublishers.ofString("id\n1\n")), 401);
        problem(node.send("GET", "/v1/jobs/nope", "nope", Map.of(), null), 401);
        assertThat(jobCount(t)).isZero();
        // operations need no key
        assertThat(node.send("GET", "/health", null, Map.of(), null).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- 403

    @Test
    void keysMayDoOnlyWhatTheirRoleAllows() {
        String t = table();
        String read = newKey("default", "read");
        String write = newKey("default", "write");
        // read: reads yes, writes no
        assertThat(node.get("/v1/tables/" + t, read).status()).isEqualTo(200);
        assertThat(node.get("/v1/tables/" + t + "/records", read).status()).isEqualTo(200);
        problem(node.post("/v1/tables/" + t + "/imports", "text/csv", "id\n1\n", read), 403);
        String job = node.importCsv(t, "", "id\n1\n").get("id").asText();
        assertThat(node.get("/v1/jobs/" + job, read).status()).isEqualTo(200);
        assertThat(node.get("/v1/jobs/" + job + "/results", read).status()).isEqualTo(200);
        problem(node.send("POST", "/v1/jobs/" + job + "/cancel", read, Map.of(), null), 403);
        // write: imports yes, tables and keys no
        assertThat(node.post("/v1/tables/" + t + "/imports?wait=30", "text/csv", "id\n2\n", write).status()).isIn(200, 202);
        problem(node.postJson("/v1/tables", "{\"name\":\"by_writer\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}", write), 403);
        problem(node.send("DELETE", "/v1/tables/" + t, write, Map.of(), null), 403);
        problem(node.postJson("/v1/keys", "{\"workspace\":\"default\",\"role\":\"read\"}", write), 403);
        problem(node.postJson("/v1/keys", "{\"workspace\":\"default\",\"role\":\"admin\"}", read), 403);
        problem(node.postJson("/v1/groups", "{\"name\":\"g\"}", write), 403);
        assertThat(node.get("/v1/tables/by_writer").status()).isEqualTo(404);
        assertThat(node.get("/v1/tables/" + t).status()).isEqualTo(200);
        assertThat(node.records(t)).hasSize(2);
    }

    // ---------------------------------------------------------------- 404

    @Test
    void unknownTablesAndJobsAre404() {
        problem(node.get("/v1/tables/no_such_table"), 404);
        problem(node.get("/v1/tables/no_such_table/records"), 404);
        problem(importCsv("no_such_table", "", "id\n1\n"), 404);
        problem(node.delete("/v1/tables/no_such_table"), 404);
        String id = "00000000-0000-0000-0000-000000000000";
        problem(node.get("/v1/jobs/" + id), 404);
        problem(node.get("/v1/jobs/" + id + "/results"), 404);
        problem(node.get("/v1/jobs/" + id + "/events"), 404);
        problem(node.send("POST", "/v1/jobs/" + id + "/cancel", TestNode.ADMIN_KEY, Map.of(), null), 404);
        problem(node.send("DELETE", "/v1/keys/" + id, TestNode.ADMIN_KEY, Map.of(), null), 404);
    }

    @Test
    void anotherWorkspacesTableOrJobIs404Not403() {
        String t = table();
        String job = node.importCsv(t, "", "id\n1\n").get("id").asText();
        String other = newKey(unique("ws"), "admin");
        problem(node.get("/v1/tables/" + t, other), 404);
        problem(node.get("/v1/tables/" + t + "/records", other), 404);
        problem(node.post("/v1/tables/" + t + "/imports", "text/csv", "id\n2\n", other), 404);
        problem(node.send("DELETE", "/v1/tables/" + t, other, Map.of(), null), 404);
        problem(node.get("/v1/jobs/" + job, other), 404);
        problem(node.get("/v1/jobs/" + job + "/results", other), 404);
        problem(node.get("/v1/jobs/" + job + "/events", other), 404);
        problem(node.send("POST", "/v1/jobs/" + job + "/cancel", other, Map.of(), null), 404);
        assertThat(node.get("/v1/jobs", other).json().get("items")).isEmpty();
        assertThat(node.records(t)).hasSize(1);
    }

    // ---------------------------------------------------------------- 409

    @Test
    void ifMatchMismatchIs409OnImportAndOnDelete() {
        String t = table();
        String etag = node.get("/v1/tables/" + t).header("ETag");
        assertThat(etag).isNotBlank();
        problem(node.send("POST", "/v1/tables/" + t + "/imports", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "text/csv", "If-Match", "\"stale\""), HttpRequest.BodyPublishers.ofString("id\n1\n")), 409);
        assertThat(jobCount(t)).isZero();
        TestNode.Response ok = node.send("POST", "/v1/tables/" + t + "/imports", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "text/csv", "If-Match", etag), HttpRequest.BodyPublishers.ofString("id\n1\n"));
        assertThat(ok.status()).as("%s", ok).isEqualTo(202);
        node.awaitFinal(ok.json().get("id").asText());

        problem(node.send("DELETE", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of("If-Match", "\"stale\""), null), 409);
        assertThat(node.get("/v1/tables/" + t).status()).isEqualTo(200);
        assertThat(node.send("DELETE", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of("If-Match", etag), null).status()).isEqualTo(204);
        assertThat(node.get("/v1/tables/" + t).status()).isEqualTo(404);
    }

    @Test
    void cancellingAFinishedJobOrCreatingAnExistingTableIs409() {
        String t = table();
        JsonNode job = node.importCsv(t, "", "id\n1\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        JsonNode p = problem(node.send("POST", "/v1/jobs/" + job.get("id").asText() + "/cancel", TestNode.ADMIN_KEY, Map.of(), null), 409);
        assertThat(p.get("detail").asText()).contains("completed");
        assertThat(node.get("/v1/jobs/" + job.get("id").asText()).json().get("state").asText()).isEqualTo("completed");
        problem(node.postJson("/v1/tables", "{\"name\":\"%s\",\"columns\":[{\"name\":\"x\",\"type\":\"text\"}]}".formatted(t)), 409);
        assertThat(node.get("/v1/tables/" + t).json().at("/columns/0/name").asText()).isEqualTo("id");
    }

    // ---------------------------------------------------------------- 413

    /** Sends raw request bytes and returns the status line and headers, without sending any more of the body. */
    private String raw(int port, String head, byte[] bodyStart) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bodyStart);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            int n;
            // the answer must come while most of the announced body is still unsent
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
                if (got.toString(StandardCharsets.UTF_8).contains("\r\n\r\n{") && got.toString(StandardCharsets.UTF_8).contains("}")) break;
            }
            return got.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aBodyOverMaxBodyIs413FromContentLengthBeforeTheBodyIsRead() {
        String t = table();
        for (long announced : new long[] {TestNode.DEFAULT_MAX_BODY + 1, 5L << 30}) {
            String head = "POST /v1/tables/" + t + "/imports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestNode.ADMIN_KEY
                    + "\r\nContent-Type: text/csv\r\nContent-Length: " + announced + "\r\n\r\n";
            String answer = raw(node.node().port(), head, "id\n1\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(answer).as("Content-Length %d", announced).startsWith("HTTP/1.1 413");
            assertThat(answer).contains("application/problem+json").contains("\"status\":413");
        }
        assertThat(jobCount(t)).isZero();
    }

    @Test
    void aStreamedBodyOverMaxBodyIs413AndACompressedBombFailsItsJob() {
        try (TestNode small = TestNode.start(kind, 1, 500, 64 * 1024)) {
            small.createTable("{\"name\":\"limited\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"name\",\"type\":\"text\"}]}");
            StringBuilder csv = new StringBuilder("id,name\n");
            for (int i = 0; csv.length() < 200 * 1024; i++) csv.append(i).append(",some name ").append(i).append('\n');
            byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
            // with a Content-Length
            problem(small.send("POST", "/v1/tables/limited/imports", TestNode.ADMIN_KEY, Map.of("Content-Type", "text/csv"),
                    HttpRequest.BodyPublishers.ofByteArray(body)), 413);
            // chunked: no Content-Length, the limit trips while the body streams in
            TestNode.Response r = small.send("POST", "/v1/tables/limited/imports", TestNode.ADMIN_KEY, Map.of("Content-Type", "text/csv"),
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
            problem(r, 413);
            // multipart, chunked
            byte[] mp = FormatsTest.multipart(List.<Object[]>of(new Object[] {"file", "big.csv", "text/csv", body}));
            problem(small.send("POST", "/v1/tables/limited/imports", TestNode.ADMIN_KEY, FormatsTest.multipartHeaders(),
                    HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(mp))), 413);
            assertThat(small.get("/v1/jobs").json().get("items")).isEmpty();

            // 10 × the bound expanded: refused while it is received (the gzip stream is checked whole), no job
            StringBuilder big = new StringBuilder("id,name\n");
            String pad = "x".repeat(1000);
            for (int i = 0; big.length() < 11 * 64 * 1024; i++) big.append(i).append(',').append(pad).append('\n');
            ByteArrayOutputStream z = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write(big.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(z.size()).isLessThan(64 * 1024);
            TestNode.Response bomb = small.send("POST", "/v1/tables/limited/imports?wait=60", TestNode.ADMIN_KEY,
                    Map.of("Content-Type", "text/csv", "Content-Encoding", "gzip"), HttpRequest.BodyPublishers.ofByteArray(z.toByteArray()));
            problem(bomb, 413);
            assertThat(bomb.json().get("detail").asText()).contains("expands past " + 10 * 64 * 1024 + " bytes");
            assertThat(small.get("/v1/jobs").json().get("items")).isEmpty();
        }
    }

    @Test
    void aTableDefinitionOverTheSmallBodyLimitIs413() {
        String huge = "{\"name\":\"huge\",\"columns\":[{\"name\":\"id\",\"type\":\"text\",\"default\":\"" + "x".repeat(2 << 20) + "\"}]}";
        problem(node.postJson("/v1/tables", huge), 413);
        assertThat(node.get("/v1/tables/huge").status()).isEqualTo(404);
    }

    // ---------------------------------------------------------------- 415

    @Test
    void unsupportedMediaTypesAndEncodingsAre415() {
        String t = table();
        problem(node.post("/v1/tables/" + t + "/imports", "application/xml", "<rows/>", TestNode.ADMIN_KEY), 415);
        problem(node.post("/v1/tables/" + t + "/imports", "text/plain", "id\n1\n", TestNode.ADMIN_KEY), 415);
        problem(node.send("POST", "/v1/tables/" + t + "/imports", TestNode.ADMIN_KEY, Map.of(),
                HttpRequest.BodyPublishers.ofString("id\n1\n")), 415);
        JsonNode p = problem(node.send("POST", "/v1/tables/" + t + "/imports", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "text/csv", "Content-Encoding", "br"), HttpRequest.BodyPublishers.ofString("id\n1\n")), 415);
        assertThat(p.get("detail").asText()).contains("br");
        byte[] mp = FormatsTest.multipart(List.<Object[]>of(new Object[] {"file", "rows.xlsx", "application/octet-stream", "PK"}));
        problem(node.send("POST", "/v1/tables/" + t + "/imports", TestNode.ADMIN_KEY, FormatsTest.multipartHeaders(),
                HttpRequest.BodyPublishers.ofByteArray(mp)), 415);
        assertThat(jobCount(t)).isZero();
    }

    // ---------------------------------------------------------------- 422

    @Test
    void optionsImpossibleForThisTableAre422() {
        String t = table();
        JsonNode p = problem(importCsv(t, "map.nosuch=name", "id,name\n1,a\n"), 422, "map.nosuch");
        assertThat(p.get("detail").asText()).contains("nosuch");
        p = problem(importCsv(t, "key=name", "id,name\n1,a\n"), 422, "key");
        assertThat(p.get("detail").asText()).contains("not a unique key");
        problem(importCsv(t, "key=nosuch", "id,name\n1,a\n"), 422, "key");
        problem(importCsv(t, "const.nosuch=1", "id\n1\n"), 422, "const.nosuch");
        problem(importCsv(t, "const.id=abc", "name\na\n"), 422, "const.id");
        problem(importCsv(t, "", "id,nmae\n1,a\n"), 422, "unknownColumns");
        String k = keyless();
        for (String mode : new String[] {"update", "delete", "ignore", "replace"}) {
            p = problem(importCsv(k, "mode=" + mode, "id\n1\n"), 422, "mode");
            assertThat(p.get("detail").asText()).contains(mode).contains("needs a key");
            assertThat(p.get("title").asText()).isEqualTo("Unprocessable Content");
        }
        assertThat(jobCount(t) + jobCount(k)).isZero();
    }
}
