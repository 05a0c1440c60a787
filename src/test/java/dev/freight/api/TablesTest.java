package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /v1/tables} and {@code /records} (API.md "Tables", "Records"), and the column attributes Freight keeps. */
class TablesTest extends StoreSuite {

    private List<String> ids(List<JsonNode> records, String column) {
        return records.stream().map(r -> r.get(column).asText()).toList();
    }

    private String csvRecords(String table, String query) {
        TestNode.Response r = node.send("GET", "/v1/tables/" + table + "/records" + query, TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/csv");
        return r.body();
    }

    // ---------------------------------------------------------------- create, get, list, delete

    @Test
    void createWithEveryAttributeAndReadItBack() {
        String t = unique("customers");
        TestNode.Response created = node.postJson("/v1/tables", """
                {"name": "%s",
                 "columns": [
                   {"name": "id", "type": "integer"},
                   {"name": "email", "type": "text", "nullable": false},
                   {"name": "score", "type": "integer", "default": 0},
                   {"name": "balance", "type": "decimal", "precision": 12, "scale": 2},
                   {"name": "active", "type": "boolean", "default": true},
                   {"name": "born", "type": "date"},
                   {"name": "created_at", "type": "timestamp", "updatable": false},
                   {"name": "seen_at", "type": "timestamptz"},
                   {"name": "ext_ref", "type": "uuid"},
                   {"name": "attrs", "type": "json"},
                   {"name": "seq", "type": "integer", "autonumber": true},
                   {"name": "state", "type": "text", "role": "status", "statuses": [{"id": "1", "name": "Open"}, {"id": "2", "name": "Closed"}]},
                   {"name": "team", "type": "text", "role": "group"},
                   {"name": "secret", "type": "text", "role": "password"}
                 ],
                 "primaryKey": ["id"],
                 "uniqueKeys": [["email"]]}""".formatted(t));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/v1/tables/" + t);
        String etag = created.header("ETag");
        assertThat(etag).isNotBlank();
        JsonNode c = created.json();
        assertThat(c.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(c.get("name").asText()).isEqualTo(t);
        assertThat(c.get("discovered").asBoolean()).isFalse();
        assertThat(c.get("primaryKey").toString()).isEqualTo("[\"id\"]");
        assertThat(c.get("uniqueKeys").toString()).isEqualTo("[[\"email\"]]");
        JsonNode cols = c.get("columns");
        assertThat(cols).extracting(x -> x.get("name").asText() + ":" + x.get("type").asText()).containsExactly(
                "id:integer", "email:text", "score:integer", "balance:decimal", "active:boolean", "born:date", "created_at:timestamp",
                "seen_at:timestamptz", "ext_ref:uuid", "attrs:json", "seq:integer", "state:text", "team:text", "secret:text");
        assertThat(cols.get(0).get("nullable").asBoolean()).as("key columns are not null").isFalse();
        assertThat(cols.get(1).get("nullable").asBoolean()).isFalse();
        assertThat(cols.get(2).get("nullable").asBoolean()).isTrue();
        assertThat(cols.get(2).get("default")).as("default as given").isEqualTo(Json.MAPPER.valueToTree(0));
        assertThat(cols.get(4).get("default")).isEqualTo(Json.MAPPER.valueToTree(true));
        assertThat(cols.get(3).get("precision").asInt()).isEqualTo(12);
        assertThat(cols.get(3).get("scale").asInt()).isEqualTo(2);
        assertThat(cols.get(6).get("updatable").asBoolean()).isFalse();
        assertThat(cols.get(5).has("updatable")).as("updatable is shown only when false").isFalse();
        assertThat(cols.get(10).get("autonumber").asBoolean()).isTrue();
        assertThat(cols.get(11).get("role").asText()).isEqualTo("status");
        assertThat(cols.get(11).get("statuses")).isEqualTo(Json.read("[{\"id\":\"1\",\"name\":\"Open\"},{\"id\":\"2\",\"name\":\"Closed\"}]", JsonNode.class));
        assertThat(cols.get(12).get("role").asText()).isEqualTo("group");
        assertThat(cols.get(13).get("role").asText()).isEqualTo("password");

        TestNode.Response got = node.get("/v1/tables/" + t);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.header("ETag")).isEqualTo(etag);
        JsonNode one = got.json();
        assertThat(one.get("rowCount").asLong()).as("GET of one table counts its rows").isZero();
        ((com.fasterxml.jackson.databind.node.ObjectNode) one).remove("rowCount");
        assertThat(one).isEqualTo(c);
        JsonNode listed = null;
        for (JsonNode x : node.get("/v1/tables").json().get("items")) if (x.get("name").asText().equals(t)) listed = x;
        assertThat(listed).isEqualTo(c);

        // the attributes act on imports (a group column takes the workspace's groups)
        assertThat(node.postJson("/v1/groups", "{\"name\":\"sales\"}").status()).isIn(201, 409);
        JsonNode job = node.importCsv(t, "", """
                id,email,balance,created_at,state,team,secret
                1,a@x.io,12.345,2024-01-01 10:00,Open,sales,hunter2
                2,b@x.io,,2024-01-02 10:00,2,,s3cret
                3,,1,,Open,,
                4,a@x.io,1,,Closed,,
                5,e@x.io,1,,Pending,,
                """);
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(res).extracting(r -> r.get("outcome").asText()).containsExactly("inserted", "inserted", "failed", "failed", "failed");
        assertThat(res.get(2).get("error").asText()).contains("email");
        assertThat(res.get(3).get("error").asText()).contains("email");
        assertThat(res.get(4).get("error").asText()).isEqualTo("column state: 'Pending' is not a status of this column (expected one of: Open, Closed)");
        List<JsonNode> recs = node.records(t);
        assertThat(recs).hasSize(2);
        JsonNode r1 = recs.get(0);
        assertThat(r1.get("score").asLong()).as("default").isZero();
        assertThat(r1.get("active").asBoolean()).isTrue();
        assertThat(r1.get("balance").decimalValue()).isEqualByComparingTo("12.35");
        assertThat(r1.get("state").asText()).as("status stored as its id").isEqualTo("1");
        assertThat(recs.get(1).get("state").asText()).isEqualTo("2");
        assertThat(r1.get("seq").asLong()).isEqualTo(1);
        assertThat(recs.get(1).get("seq").asLong()).isEqualTo(2);
        // passwords are stored but never read back
        assertThat(r1.has("secret")).isFalse();
        assertThat(csvRecords(t, "").lines().findFirst().orElseThrow()).doesNotContain("secret");
        assertThat(csvRecords(t, "")).doesNotContain("hunter2").doesNotContain("s3cret");
        assertThat(node.sqlValue("SELECT secret FROM " + t + " WHERE id = 1")).isEqualTo("hunter2");
    }

    @Test
    void deleteNeedsIfMatch() {
        String t = unique("drop");
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}".formatted(t));
        node.importCsv(t, "", "id\n1\n");
        String etag = node.get("/v1/tables/" + t).header("ETag");
        // without If-Match nothing is dropped: 428, naming where the ETag comes from
        JsonNode required = problem(node.delete("/v1/tables/" + t), 428);
        assertThat(required.get("detail").asText()).contains("If-Match").contains("ETag").contains("/v1/tables/" + t);
        assertThat(node.records(t)).hasSize(1);
        // HEAD gives the same ETag as GET, without a body
        TestNode.Response head = node.send("HEAD", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of(), null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("ETag")).isEqualTo(etag);
        assertThat(head.body()).isEmpty();
        assertThat(node.send("HEAD", "/v1/tables/" + unique("none"), TestNode.ADMIN_KEY, Map.of(), null).status()).isEqualTo(404);
        problem(node.send("DELETE", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of("If-Match", "\"0\""), null), 409);
        assertThat(node.records(t)).hasSize(1);
        assertThat(node.send("DELETE", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of("If-Match", etag), null).status()).isEqualTo(204);
        problem(node.get("/v1/tables/" + t), 404);
        assertThat(node.get("/v1/tables").json().get("items").findValuesAsText("name")).doesNotContain(t);
        // the name can be used again; If-Match: * drops any version
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"other\",\"type\":\"text\"}]}".formatted(t));
        assertThat(node.get("/v1/tables/" + t).json().at("/columns/0/name").asText()).isEqualTo("other");
        assertThat(node.records(t)).isEmpty();
        assertThat(node.send("DELETE", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of("If-Match", "*"), null).status()).isEqualTo(204);
    }

    // ---------------------------------------------------------------- discovery

    @Test
    void aTableCreatedInTheDatabaseIsDiscoveredAndImportable() {
        String t = unique("legacy");
        node.sql("CREATE TABLE " + t + " (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL, amount DECIMAL(10,2), born DATE, "
                        + "note TEXT DEFAULT 'none', UNIQUE (code))",
                "INSERT INTO " + t + " (id, code, amount) VALUES (1, 'A1', 5.5)");
        TestNode.Response got = node.get("/v1/tables/" + t);
        assertThat(got.status()).as("%s", got).isEqualTo(200);
        assertThat(got.header("ETag")).isNotBlank();
        JsonNode def = got.json();
        assertThat(def.get("discovered").asBoolean()).isTrue();
        assertThat(def.get("columns")).extracting(c -> c.get("name").asText() + ":" + c.get("type").asText())
                .containsExactly("id:integer", "code:text", "amount:decimal", "born:date", "note:text");
        assertThat(def.get("primaryKey").toString()).isEqualTo("[\"id\"]");
        assertThat(def.get("uniqueKeys").toString()).isEqualTo("[[\"code\"]]");
        assertThat(def.at("/columns/1/nullable").asBoolean()).isFalse();
        assertThat(def.at("/columns/2/precision").asInt()).isEqualTo(10);
        assertThat(def.at("/columns/2/scale").asInt()).isEqualTo(2);
        // the id stays the same from one read to the next
        assertThat(node.get("/v1/tables/" + t).json().get("id")).isEqualTo(def.get("id"));
        assertThat(node.get("/v1/tables").json().get("items").findValuesAsText("name")).contains(t);

        JsonNode job = node.importCsv(t, "", "id,code,amount,born\n1,A1,6.125,2001-02-03\n2,B2,7,\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(node.results(job.get("id").asText())).extracting(r -> r.get("outcome").asText()).containsExactly("updated", "inserted");
        // the discovered unique key can be the match key
        node.importCsv(t, "key=code", "code,amount\nB2,8\n");
        List<JsonNode> recs = node.records(t);
        assertThat(recs).extracting(r -> r.get("id").asInt() + ":" + r.get("code").asText() + ":" + r.get("amount").decimalValue().stripTrailingZeros().toPlainString()
                + ":" + r.get("born").asText() + ":" + r.get("note").asText())
                .containsExactly("1:A1:6.13:2001-02-03:none", "2:B2:8:null:none");
        problem(node.post("/v1/tables/" + t + "/imports?key=amount", "text/csv", "amount\n1\n", TestNode.ADMIN_KEY), 422, "key");
    }

    // ---------------------------------------------------------------- records

    @Test
    void recordsPageByKeyInJsonAndCsv() {
        String t = unique("paged");
        node.createTable("""
                {"name":"%s","columns":[{"name":"region","type":"text"},{"name":"n","type":"integer"},{"name":"label","type":"text"}],
                 "primaryKey":["region","n"]}""".formatted(t));
        StringBuilder csv = new StringBuilder("region,n,label\n");
        List<String> expected = new ArrayList<>();
        for (String region : new String[] {"west", "east", "north"}) {
            for (int n = 12; n >= 1; n--) csv.append(region).append(',').append(n).append(",\"").append(region).append(" #").append(n).append(", ok\"\n");
        }
        for (String region : new String[] {"east", "north", "west"}) for (int n = 1; n <= 12; n++) expected.add(region + "/" + n);
        node.importCsv(t, "", csv.toString());

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = node.get("/v1/tables/" + t + "/records?limit=10" + (after == null ? "" : "&after=" + after)).json();
            sizes.add(page.get("items").size());
            page.get("items").forEach(r -> seen.add(r.get("region").asText() + "/" + r.get("n").asInt()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(sizes).containsExactly(10, 10, 10, 6);
        assertThat(node.get("/v1/tables/" + t + "/records").json().get("items")).hasSize(36); // default limit 100

        List<String> lines = csvRecords(t, "").lines().toList();
        assertThat(lines.get(0)).isEqualTo("region,n,label");
        assertThat(lines).hasSize(37);
        assertThat(lines.get(1)).isEqualTo("east,1,\"east #1, ok\"");
        assertThat(lines.get(36)).isEqualTo("west,12,\"west #12, ok\"");
        // CSV takes limit and after too
        String cursor = node.get("/v1/tables/" + t + "/records?limit=12").json().get("next").asText();
        assertThat(csvRecords(t, "?limit=2&after=" + cursor).lines().toList())
                .containsExactly("region,n,label", "north,1,\"north #1, ok\"", "north,2,\"north #2, ok\"");
    }

    @Test
    void recordsOfAKeylessTablePageInInsertionOrder() {
        String t = unique("log");
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"msg\",\"type\":\"text\"}]}".formatted(t));
        StringBuilder csv = new StringBuilder("msg\n");
        for (int i = 0; i < 7; i++) csv.append("m").append(i).append('\n');
        node.importCsv(t, "", csv.toString());
        node.importCsv(t, "", "msg\nm0\n"); // keyless: appended again
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = node.get("/v1/tables/" + t + "/records?limit=3" + (after == null ? "" : "&after=" + after)).json();
            page.get("items").forEach(r -> seen.add(r.get("msg").asText()));
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        assertThat(seen).containsExactly("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m0");
    }

    // ---------------------------------------------------------------- attributes

    @Test
    void notUpdatableColumnsAreSetOnInsertAndKeptInEveryUpdatingMode() {
        String t = unique("guarded");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"created_at","type":"timestamp","updatable":false},{"name":"guid","type":"uuid","updatable":false}],
                 "primaryKey":["id"]}""".formatted(t));
        String g1 = "11111111-1111-1111-1111-111111111111";
        String g2 = "22222222-2222-2222-2222-222222222222";
        node.importCsv(t, "", "id,name,created_at,guid\n1,a,2020-01-01 00:00,%s\n2,b,2020-01-02 00:00,%s\n".formatted(g1, g2));
        for (String mode : new String[] {"upsert", "replace", "update"}) {
            JsonNode job = node.importCsv(t, "mode=" + mode,
                    "id,name,created_at,guid\n1,%s,2030-12-31 00:00,%s\n".formatted(mode, "99999999-9999-9999-9999-999999999999"));
            assertThat(node.results(job.get("id").asText())).extracting(r -> r.get("outcome").asText()).as(mode).containsExactly("updated");
            JsonNode r = node.records(t).get(0);
            assertThat(r.get("name").asText()).isEqualTo(mode);
            assertThat(r.get("created_at").asText()).as(mode).isEqualTo("2020-01-01T00:00:00");
            assertThat(r.get("guid").asText()).as(mode).isEqualTo(g1);
        }
        // a change to nothing but a not-updatable column changes nothing
        JsonNode job = node.importCsv(t, "", "id,created_at\n2,1999-01-01 00:00\n");
        assertThat(node.results(job.get("id").asText())).extracting(r -> r.get("outcome").asText()).containsExactly("unchanged");
        assertThat(node.records(t).get(1).get("created_at").asText()).isEqualTo("2020-01-02T00:00:00");
        // replace leaves it even when the file omits it
        node.importCsv(t, "mode=replace", "id,name\n2,bb\n");
        assertThat(node.records(t).get(1).get("created_at").asText()).isEqualTo("2020-01-02T00:00:00");
        assertThat(node.records(t).get(1).get("guid").asText()).isEqualTo(g2);
        // a new row takes the value given
        node.importCsv(t, "", "id,created_at\n3,2025-05-05 05:05\n");
        assertThat(node.records(t).get(2).get("created_at").asText()).isEqualTo("2025-05-05T05:05:00");
    }

    @Test
    void autonumbersAreAssignedInFileOrder() {
        String t = unique("numbered");
        node.createTable("""
                {"name":"%s","columns":[{"name":"code","type":"text"},{"name":"seq","type":"integer","autonumber":true}],
                 "primaryKey":["code"]}""".formatted(t));
        StringBuilder csv = new StringBuilder("code\n");
        String[] order = {"m", "c", "x", "a", "q", "b"};
        for (String c : order) csv.append(c).append('\n');
        node.importCsv(t, "", csv.toString());
        // across chunks too: 600 rows with a chunk size of 500
        StringBuilder more = new StringBuilder("code\n");
        for (int i = 600; i > 0; i--) more.append("z").append(String.format("%04d", i)).append('\n');
        node.importCsv(t, "", more.toString());
        node.importCsv(t, "", "code\nm\nc\n"); // existing rows keep their numbers
        List<JsonNode> recs = node.records(t);
        Map<String, Long> seq = new HashMap<>();
        for (JsonNode r : recs) seq.put(r.get("code").asText(), r.get("seq").asLong());
        for (int i = 0; i < order.length; i++) assertThat(seq.get(order[i])).as(order[i]).isEqualTo(i + 1);
        for (int i = 600; i > 0; i--) assertThat(seq.get("z" + String.format("%04d", i))).isEqualTo(order.length + 601 - i);
        assertThat(recs).hasSize(606);
    }
}
