package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Body formats of {@code POST /v1/tables/{t}/imports} (API.md "Imports"): CSV dialects, JSON arrays,
 * NDJSON, multipart, gzip; malformed framing; column mapping, constants and unknown columns.
 */
class FormatsTest extends StoreSuite {

    private String table() {
        String t = unique("fmt");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"note","type":"text"},{"name":"amount","type":"decimal","precision":8,"scale":2},
                 {"name":"tags","type":"json"}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    /** "id:name:note" of every record, in key order. */
    private List<String> rows(String table) {
        return node.records(table).stream()
                .map(r -> r.get("id").asText() + ":" + text(r.get("name")) + ":" + text(r.get("note"))).toList();
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.asText();
    }

    private TestNode.Response submit(String table, String query, Map<String, String> headers, byte[] body) {
        return node.send("POST", "/v1/tables/" + table + "/imports?wait=60" + (query.isEmpty() ? "" : "&" + query),
                TestNode.ADMIN_KEY, headers, HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private JsonNode importBytes(String table, String query, Map<String, String> headers, byte[] body) {
        TestNode.Response r = submit(table, query, headers, body);
        assertThat(r.status()).as("%s", r).isIn(200, 202);
        return node.awaitFinal(r.json().get("id").asText());
    }

    private static JsonNode completed(JsonNode job) {
        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("completed");
        assertThat(job.at("/counts/failed").asLong()).as("job %s", job).isZero();
        return job;
    }

    private static byte[] gzip(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static final String BOUNDARY = "freight-test-boundary-7MA4YWxkTrZu0gW";

    /** A multipart/form-data body with the given parts: {name, filename (or null), content type (or null), content}. */
    static byte[] multipart(List<Object[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object[] p : parts) {
            StringBuilder h = new StringBuilder("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + p[0] + "\"");
            if (p[1] != null) h.append("; filename=\"").append(p[1]).append('"');
            h.append("\r\n");
            if (p[2] != null) h.append("Content-Type: ").append(p[2]).append("\r\n");
            h.append("\r\n");
            out.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p[3] instanceof byte[] b ? b : p[3].toString().getBytes(StandardCharsets.UTF_8));
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static Map<String, String> multipartHeaders() {
        return Map.of("Content-Type", "multipart/form-data; boundary=" + BOUNDARY);
    }

    // ---------------------------------------------------------------- formats

    @Test
    void jsonArrayOfObjects() {
        String t = table();
        JsonNode job = completed(node.importBody(t, "", "application/json", """
                [ {"id": 1, "name": "a", "tags": {"x": [1, "y"]}},
                  {"id": 2, "name": null, "note": "n2", "amount": 1.5} ,
                  {"note": "only note", "id": 3} ]"""));
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(3);
        assertThat(rows(t)).containsExactly("1:a:null", "2:null:n2", "3:null:only note");
        List<JsonNode> recs = node.records(t);
        assertThat(recs.get(0).get("tags").toString()).isEqualTo("{\"x\":[1,\"y\"]}");
        assertThat(recs.get(1).get("amount").decimalValue()).isEqualByComparingTo("1.50");
    }

    @Test
    void ndjsonSkipsBlankLines() {
        String t = table();
        completed(node.importBody(t, "", "application/x-ndjson",
                "{\"id\":1,\"name\":\"a\"}\n\n{\"id\":2,\"name\":\"b\",\"tags\":[1,2]}\r\n{\"id\":3,\"note\":\"c\"}"));
        assertThat(rows(t)).containsExactly("1:a:null", "2:b:null", "3:null:c");
        assertThat(node.records(t).get(1).get("tags").toString()).isEqualTo("[1,2]");
    }

    @Test
    void multipartFileFieldWithItsOwnContentTypeOrGuessedFromItsName() {
        String t = table();
        byte[] body = multipart(List.of(
                new Object[] {"comment", null, null, "ignored form field"},
                new Object[] {"file", "people.csv", "text/csv", "id,name\n1,a\n2,b\n"}));
        completed(importBytes(t, "", multipartHeaders(), body));
        assertThat(rows(t)).containsExactly("1:a:null", "2:b:null");

        body = multipart(List.<Object[]>of(new Object[] {"file", "more.ndjson", "application/octet-stream", "{\"id\":3,\"name\":\"c\"}\n"}));
        completed(importBytes(t, "", multipartHeaders(), body));
        body = multipart(List.<Object[]>of(new Object[] {"file", "more.csv.gz", "application/octet-stream", gzip("id,name\n4,d\n")}));
        completed(importBytes(t, "", multipartHeaders(), body));
        assertThat(rows(t)).containsExactly("1:a:null", "2:b:null", "3:c:null", "4:d:null");
    }

    @Test
    void multipartWithoutAFileFieldIsA400() {
        String t = table();
        byte[] body = multipart(List.<Object[]>of(new Object[] {"rows", "people.csv", "text/csv", "id\n1\n"}));
        TestNode.Response r = submit(t, "", multipartHeaders(), body);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("file");
        // a body that is not multipart at all
        r = submit(t, "", multipartHeaders(), "id\n1\n".getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(rows(t)).isEmpty();
    }

    @Test
    void gzipContentEncoding() {
        String t = table();
        completed(importBytes(t, "", Map.of("Content-Type", "text/csv", "Content-Encoding", "gzip"), gzip("id,name\n1,zipped\n")));
        completed(importBytes(t, "", Map.of("Content-Type", "application/json", "Content-Encoding", "GZIP"),
                gzip("[{\"id\":2,\"name\":\"zipped json\"}]")));
        assertThat(rows(t)).containsExactly("1:zipped:null", "2:zipped json:null");
        // the results CSV re-reads the stored (compressed) body
        String csv = node.send("GET", "/v1/jobs/" + node.get("/v1/jobs?table=" + t + "&limit=1").json().at("/items/0/id").asText()
                + "/results", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null).body();
        assertThat(csv.lines().toList()).containsExactly("id,name,_line,_index,_outcome,_error", "2,zipped json,1,0,inserted,");
    }

    @Test
    void csvDelimitersAreDetectedFromTheHeader() {
        String t = table();
        Map<String, String> files = new LinkedHashMap<>();
        files.put(";", "id;name;note\n1;a,b;x|y\n");
        files.put("tab", "id\tname\tnote\n2\ta,b;c\tx|y\n");
        files.put("|", "id|name|note\n3|a,b;c|x\ty\n");
        files.put(",", "id,name,note\n4,a;b|c,x\ty\n");
        for (String csv : files.values()) completed(node.importCsv(t, "", csv));
        assertThat(rows(t)).containsExactly("1:a,b:x|y", "2:a,b;c:x|y", "3:a,b;c:x\ty", "4:a;b|c:x\ty");
    }

    @Test
    void aGivenDelimiterIsUsedAsGiven() {
        String t = table();
        completed(node.importCsv(t, "delimiter=tab", "id\tname\n1\ta;b\n"));
        completed(node.importCsv(t, "delimiter=%3B", "id;name\n2;a,b\n"));
        completed(node.importCsv(t, "delimiter=%7C", "id|name\n3|x\n"));
        completed(node.importCsv(t, "delimiter=%2C", "id,name\n4,a|b\n"));
        assertThat(rows(t)).containsExactly("1:a;b:null", "2:a,b:null", "3:x:null", "4:a|b:null");
        // given as '|', a comma-separated header is one field named "id,name": caught before anything applies
        TestNode.Response r = node.post("/v1/tables/" + t + "/imports?delimiter=%7C", "text/csv", "id,name\n5,e\n", TestNode.ADMIN_KEY);
        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("unknownColumns");
        assertThat(r.json().get("detail").asText()).contains("id,name");
    }

    @Test
    void quotedFieldsWithDelimitersQuotesAndLineBreaks() {
        String t = table();
        completed(node.importCsv(t, "", "id,name,note\n1,\"multi\nline\",\"say \"\"hi\"\", then, go\"\n2,\"\",\"a\r\nb\"\n"));
        List<JsonNode> recs = node.records(t);
        assertThat(recs.get(0).get("name").asText()).isEqualTo("multi\nline");
        assertThat(recs.get(0).get("note").asText()).isEqualTo("say \"hi\", then, go");
        assertThat(recs.get(1).get("note").asText()).isEqualTo("a\r\nb");
    }

    @Test
    void byteOrderMarkAndCrlfLineEnds() {
        String t = table();
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bom);
        b.writeBytes("id,name,note\r\n1,a,x\r\n2,b,\r\n".getBytes(StandardCharsets.UTF_8));
        completed(importBytes(t, "", Map.of("Content-Type", "text/csv; charset=utf-8"), b.toByteArray()));
        assertThat(rows(t)).containsExactly("1:a:x", "2:b:null");
    }

    // ---------------------------------------------------------------- malformed input

    private void assertRejectedAtSubmit(String t, String contentType, String body, String detailPart) {
        TestNode.Response r = node.post("/v1/tables/" + t + "/imports", contentType, body, TestNode.ADMIN_KEY);
        assertThat(r.status()).as("%s for %s", r, body).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).as(body).contains(detailPart);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("body");
    }

    @Test
    void anUnreadableFirstRowIsA400AtSubmit() {
        String t = table();
        assertRejectedAtSubmit(t, "text/csv", "id,name\n\"1,a\n", "line 2: a quoted field is never closed");
        assertRejectedAtSubmit(t, "text/csv", "id,,name\n1,2,3\n", "header column 2 has an empty name");
        assertRejectedAtSubmit(t, "text/csv", "id,name,id\n1,2,3\n", "header column 'id' appears more than once");
        assertRejectedAtSubmit(t, "application/json", "{\"id\":1}", "expected a JSON array of objects");
        assertRejectedAtSubmit(t, "application/json", "not json at all", "line 1");
        assertRejectedAtSubmit(t, "application/json", "[1, 2]", "expected an object");
        assertRejectedAtSubmit(t, "application/json", "[{\"id\": 1, \"name\": }]", "line 1");
        assertThat(rows(t)).isEmpty();
        assertThat(node.get("/v1/jobs?table=" + t).json().get("items")).isEmpty();
    }

    @Test
    void csvBrokenLaterFailsTheJobWithTheLineAndKeepsCommittedChunks() {
        String t = table();
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 1; i <= 700; i++) csv.append(i).append(",n").append(i).append('\n');
        csv.append("701,\"never closed\n702,x\n");
        JsonNode job = node.importCsv(t, "", csv.toString());
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).contains("line 702").contains("a quoted field is never closed");
        // chunk size 500: the first chunk committed before the reader hit line 702
        assertThat(node.records(t)).hasSize(500);
        assertThat(job.at("/counts/processed").asLong()).isEqualTo(500);
    }

    @Test
    void jsonBrokenLaterFailsTheJobWithTheLine() {
        String t = table();
        StringBuilder json = new StringBuilder("[\n");
        for (int i = 1; i <= 600; i++) json.append("{\"id\":").append(i).append("},\n");
        json.append("{\"id\": 601, \"name\": }\n]");
        JsonNode job = node.importBody(t, "", "application/json", json.toString());
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).contains("line 602");
        assertThat(node.records(t)).hasSize(500);

        String t2 = table();
        StringBuilder nd = new StringBuilder();
        for (int i = 1; i <= 10; i++) nd.append("{\"id\":").append(i).append("}\n");
        nd.append("{\"id\":11,\n");
        // NDJSON: every line is its own document, so a broken one fails alone
        JsonNode job2 = node.importBody(t2, "", "application/x-ndjson", nd.toString() + "[1]\n{\"id\":12}\n");
        assertThat(job2.get("state").asText()).isEqualTo("completed");
        assertThat(job2.at("/counts/inserted").asLong()).isEqualTo(11);
        List<JsonNode> failed = node.results(job2.get("id").asText()).stream().filter(r -> r.get("outcome").asText().equals("failed")).toList();
        assertThat(failed).extracting(r -> r.get("error").asText())
                .containsExactly("line 11: invalid JSON: Unexpected end-of-input within/between Object entries",
                        "line 12: the line is an array, expected a JSON object");
    }

    @Test
    void aRowWithTheWrongFieldCountFailsOnlyThatRow() {
        String t = table();
        JsonNode job = node.importCsv(t, "", "id,name\n1,a\n2,b,extra\n3\n4,d\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(res).extracting(r -> r.get("outcome").asText()).containsExactly("inserted", "failed", "failed", "inserted");
        assertThat(res.get(1).get("error").asText()).contains("row has 3 fields, the header has 2");
        assertThat(res.get(2).get("error").asText()).contains("row has 1 field, the header has 2");
        assertThat(rows(t)).containsExactly("1:a:null", "4:d:null");
    }

    // ---------------------------------------------------------------- mapping

    @Test
    void mapFeedsColumnsFromOtherFieldsAndConstFillsEveryRow() {
        String t = table();
        JsonNode job = completed(node.importCsv(t, "map.id=Customer%20No&map.name=Full%20Name&const.note=from%20crm&const.amount=2.5",
                "Customer No,Full Name\n7,Ada\n8,Grace\n"));
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(2);
        assertThat(rows(t)).containsExactly("7:Ada:from crm", "8:Grace:from crm");
        assertThat(node.records(t).get(0).get("amount").decimalValue()).isEqualByComparingTo("2.50");
        // an empty constant sets NULL
        completed(node.importCsv(t, "const.note=", "id\n7\n"));
        assertThat(rows(t)).containsExactly("7:Ada:null", "8:Grace:from crm");
    }

    @Test
    void mappingProblemsAre422NamingTheOption() {
        String t = table();
        TestNode.Response r = node.post("/v1/tables/" + t + "/imports?map.name=Full%20Name", "text/csv", "id,Name\n1,a\n", TestNode.ADMIN_KEY);
        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("map.name");
        assertThat(r.json().get("detail").asText()).contains("Full Name");
        r = node.post("/v1/tables/" + t + "/imports?const.amount=lots", "text/csv", "id\n1\n", TestNode.ADMIN_KEY);
        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().at("/errors/0/field").asText()).isEqualTo("const.amount");
        assertThat(r.json().get("detail").asText()).isEqualTo("column amount: 'lots' is not a number");
        assertThat(rows(t)).isEmpty();
    }

    @Test
    void unknownColumnsAreRejectedNamingTheFieldOrIgnoredOnRequest() {
        String t = table();
        TestNode.Response r = node.post("/v1/tables/" + t + "/imports", "text/csv", "id,name,nmae\n1,a,b\n", TestNode.ADMIN_KEY);
        assertThat(r.status()).as("%s", r).isEqualTo(422);
        JsonNode p = r.json();
        assertThat(p.at("/errors/0/field").asText()).isEqualTo("unknownColumns");
        assertThat(p.get("detail").asText()).contains("nmae").doesNotContain("name,");
        assertThat(node.get("/v1/jobs?table=" + t).json().get("items")).isEmpty();

        completed(node.importCsv(t, "unknownColumns=ignore", "id,name,nmae\n1,a,b\n"));
        completed(node.importCsv(t, "unknownColumns=reject", "id,name\n2,b\n"));
        assertThat(rows(t)).containsExactly("1:a:null", "2:b:null");
    }

    @Test
    void aJsonObjectWithAnUnknownFieldLaterFailsThatRow() {
        String t = table();
        JsonNode job = node.importBody(t, "", "application/json", "[{\"id\":1},{\"id\":2,\"colour\":\"red\"},{\"id\":3}]");
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(res).extracting(x -> x.get("outcome").asText()).containsExactly("inserted", "failed", "inserted");
        assertThat(res.get(1).get("error").asText()).contains("colour");
        job = completed(node.importBody(t, "unknownColumns=ignore", "application/json", "[{\"id\":4},{\"id\":5,\"colour\":\"red\"}]"));
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(2);
    }
}
