package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Workspaces, roles, key revocation, group-limited reads, and hostile names (DESIGN §2, §5:
 * identifiers are validated and quoted, values always bound).
 */
class SecurityTest extends StoreSuite {
    private static final String NAME_RULE = "is not valid: use letters, digits and _, starting with a letter or _, at most 63 characters";
    private static final List<String> HOSTILE = List.of(
            "x\"; DROP TABLE t; --", "a b", "t;", "t--", "'t'", "\"t\"", "t.u", "tåble", "1abc", "x".repeat(64), "");

    private record Key(String id, String secret) {}

    private Key newKey(String workspace, String role, String... groups) {
        String g = groups.length == 0 ? "" : ",\"groups\":[\"" + String.join("\",\"", groups) + "\"]";
        TestNode.Response r = node.postJson("/v1/keys", "{\"workspace\":\"%s\",\"role\":\"%s\",\"name\":\"k\"%s}".formatted(workspace, role, g));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        JsonNode k = r.json();
        assertThat(k.get("key").asText()).startsWith("frt_");
        assertThat(k.get("workspace").asText()).isEqualTo(workspace);
        assertThat(k.get("role").asText()).isEqualTo(role);
        return new Key(k.get("id").asText(), k.get("key").asText());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private TestNode.Response createTable(String json, String key) {
        return node.postJson("/v1/tables", json, key);
    }

    private TestNode.Response importCsv(String table, String query, String csv, String key) {
        return node.post("/v1/tables/" + table + "/imports?wait=30" + (query.isEmpty() ? "" : "&" + query), "text/csv", csv, key);
    }

    private List<String> tableNames(String key) {
        List<String> out = new ArrayList<>();
        node.get("/v1/tables", key).json().get("items").forEach(t -> out.add(t.get("name").asText()));
        return out;
    }

    // ---------------------------------------------------------------- workspaces

    @Test
    void aKeySeesOnlyItsOwnWorkspace() {
        String ws = unique("acme");
        Key acme = newKey(ws, "admin");
        String shared = unique("shared");
        String defaultOnly = unique("default_only");
        String def = "{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"who\",\"type\":\"text\"}],\"primaryKey\":[\"id\"]}";
        node.createTable(def.formatted(shared));
        node.createTable(def.formatted(defaultOnly));
        assertThat(createTable(def.formatted(shared), acme.secret()).status()).isEqualTo(201);
        String defJob = importCsv(shared, "", "id,who\n1,default\n", TestNode.ADMIN_KEY).json().get("id").asText();
        String acmeJob = importCsv(shared, "", "id,who\n1,acme\n2,acme\n", acme.secret()).json().get("id").asText();

        // the same name is two tables
        assertThat(node.records(shared)).extracting(r -> r.get("who").asText()).containsExactly("default");
        JsonNode acmeRows = node.get("/v1/tables/" + shared + "/records", acme.secret()).json().get("items");
        assertThat(acmeRows).extracting(r -> r.get("who").asText()).containsExactly("acme", "acme");
        // lists are per workspace
        assertThat(tableNames(acme.secret())).containsExactly(shared);
        assertThat(tableNames(TestNode.ADMIN_KEY)).contains(shared, defaultOnly);
        assertThat(node.get("/v1/jobs?limit=1000", acme.secret()).json().get("items")).extracting(j -> j.get("id").asText()).containsExactly(acmeJob);
        assertThat(node.get("/v1/jobs?limit=1000").json().get("items")).extracting(j -> j.get("id").asText()).contains(defJob).doesNotContain(acmeJob);
        // another workspace's table or job is 404, never 403
        problem(node.get("/v1/tables/" + defaultOnly, acme.secret()), 404);
        problem(importCsv(defaultOnly, "", "id\n1\n", acme.secret()), 404);
        problem(node.get("/v1/jobs/" + defJob, acme.secret()), 404);
        problem(node.get("/v1/jobs/" + defJob + "/results", acme.secret()), 404);
        problem(node.get("/v1/jobs/" + acmeJob), 404);
        // and an acme admin cannot mint keys for default
        problem(node.postJson("/v1/keys", "{\"workspace\":\"default\",\"role\":\"admin\"}", acme.secret()), 403);
        assertThat(node.records(defaultOnly)).isEmpty();
    }

    @Test
    void rolesHoldInsideAnotherWorkspaceToo() {
        String ws = unique("acme");
        Key admin = newKey(ws, "admin");
        Key write = newKey(ws, "write");
        Key read = newKey(ws, "read");
        String t = unique("orders");
        assertThat(createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}".formatted(t),
                admin.secret()).status()).isEqualTo(201);
        problem(createTable("{\"name\":\"%s_w\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}".formatted(t), write.secret()), 403);
        assertThat(importCsv(t, "", "id\n1\n", write.secret()).status()).isIn(200, 202);
        problem(importCsv(t, "", "id\n2\n", read.secret()), 403);
        assertThat(node.get("/v1/tables/" + t + "/records", read.secret()).json().get("items")).hasSize(1);
        problem(node.postJson("/v1/keys", "{\"workspace\":\"%s\",\"role\":\"read\"}".formatted(ws), write.secret()), 403);
        assertThat(tableNames(admin.secret())).containsExactly(t);
    }

    // ---------------------------------------------------------------- revocation

    @Test
    void aRevokedKeyIsRefusedAtOnce() {
        String t = unique("revoke");
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}".formatted(t));
        Key k = newKey("default", "write");
        assertThat(node.get("/v1/tables/" + t, k.secret()).status()).isEqualTo(200); // now cached
        assertThat(importCsv(t, "", "id\n1\n", k.secret()).status()).isIn(200, 202);
        assertThat(node.send("DELETE", "/v1/keys/" + k.id(), TestNode.ADMIN_KEY, Map.of(), null).status()).isEqualTo(204);
        problem(node.get("/v1/tables/" + t, k.secret()), 401);
        problem(importCsv(t, "", "id\n2\n", k.secret()), 401);
        problem(node.send("DELETE", "/v1/keys/" + k.id(), TestNode.ADMIN_KEY, Map.of(), null), 404);
        assertThat(node.records(t)).hasSize(1);

        // an admin of another workspace cannot revoke this workspace's keys
        Key other = newKey("default", "read");
        Key foreignAdmin = newKey(unique("acme"), "admin");
        problem(node.send("DELETE", "/v1/keys/" + other.id(), foreignAdmin.secret(), Map.of(), null), 404);
        assertThat(node.get("/v1/tables/" + t, other.secret()).status()).isEqualTo(200);
        // nor can a non-admin key of the same workspace
        problem(node.send("DELETE", "/v1/keys/" + other.id(), newKey("default", "write").secret(), Map.of(), null), 403);
        assertThat(node.get("/v1/tables/" + t, other.secret()).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- hostile names

    /** A victim table with one row, to show nothing else changed. */
    private String victim() {
        String t = unique("victim");
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"name\",\"type\":\"text\"}],\"primaryKey\":[\"id\"]}".formatted(t));
        node.importCsv(t, "", "id,name\n1,still here\n");
        return t;
    }

    private void assertUntouched(String victim, List<String> tablesBefore) {
        assertThat(tableNames(TestNode.ADMIN_KEY)).containsExactlyInAnyOrderElementsOf(tablesBefore);
        assertThat(node.records(victim)).extracting(r -> r.get("name").asText()).containsExactly("still here");
    }

    @Test
    void hostileTableNamesAreA400AndChangeNothing() {
        String v = victim();
        List<String> before = tableNames(TestNode.ADMIN_KEY);
        for (String name : HOSTILE) {
            String json = "{\"name\":" + Json.write(name) + ",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}";
            JsonNode p = problem(createTable(json, TestNode.ADMIN_KEY), 400, "name");
            assertThat(p.get("detail").asText()).as(name).isEqualTo("table name " + (name.isEmpty() ? "''" : "'" + name + "'") + " " + NAME_RULE);
            if (name.isEmpty()) continue;
            // in a path
            String path = "/v1/tables/" + enc(name);
            p = problem(node.get(path), 400, "table");
            assertThat(p.get("detail").asText()).contains(NAME_RULE);
            problem(node.get(path + "/records"), 400, "table");
            problem(node.post(path + "/imports", "text/csv", "id\n1\n", TestNode.ADMIN_KEY), 400, "table");
            problem(node.delete(path), 400, "table");
        }
        // 63 characters is the limit, inclusive
        String longest = "t" + "x".repeat(62);
        assertThat(createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"%s\",\"type\":\"integer\"}]}".formatted(longest, longest),
                TestNode.ADMIN_KEY).status()).isEqualTo(201);
        assertThat(node.importCsv(longest, "", longest + "\n5\n").get("state").asText()).isEqualTo("completed");
        before = new ArrayList<>(before);
        before.add(longest);
        assertUntouched(v, before);
    }

    @Test
    void hostileColumnNamesAreA400AndChangeNothing() {
        String v = victim();
        List<String> before = tableNames(TestNode.ADMIN_KEY);
        for (String name : HOSTILE) {
            String col = Json.write(name);
            JsonNode p = problem(createTable("{\"name\":\"ok_cols\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":" + col
                    + ",\"type\":\"text\"}]}", TestNode.ADMIN_KEY), 400, "columns[1].name");
            assertThat(p.get("detail").asText()).as(name).contains("column name").contains(NAME_RULE);
            problem(createTable("{\"name\":\"ok_cols\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[" + col + "]}",
                    TestNode.ADMIN_KEY), 400, "primaryKey");
            problem(createTable("{\"name\":\"ok_cols\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"uniqueKeys\":[[" + col + "]]}",
                    TestNode.ADMIN_KEY), 400, "uniqueKeys[0]");
        }
        assertUntouched(v, before);
    }

    @Test
    void hostileKeyAndMappingNamesInImportOptionsAreA400AndChangeNothing() {
        String v = victim();
        List<String> before = tableNames(TestNode.ADMIN_KEY);
        for (String name : HOSTILE) {
            if (name.isEmpty()) continue;
            JsonNode p = problem(importCsv(v, "key=" + enc(name), "id,name\n1,x\n", TestNode.ADMIN_KEY), 400, "key");
            assertThat(p.get("detail").asText()).as(name).contains(NAME_RULE);
            problem(importCsv(v, "key=id," + enc(name), "id,name\n1,x\n", TestNode.ADMIN_KEY), 400, "key");
            problem(importCsv(v, "map." + enc(name) + "=name", "id,name\n1,x\n", TestNode.ADMIN_KEY), 400, "map." + name);
            problem(importCsv(v, "const." + enc(name) + "=1", "id,name\n1,x\n", TestNode.ADMIN_KEY), 400, "const." + name);
        }
        assertThat(node.get("/v1/jobs?table=" + v).json().get("items")).hasSize(1);
        assertUntouched(v, before);
    }

    @Test
    void hostileTextInHeadersAndValuesIsDataNotSql() {
        String v = victim();
        List<String> before = tableNames(TestNode.ADMIN_KEY);
        String evil = "x\"; DROP TABLE " + v + "; --";
        // a header that names no column is an unknown field (422), or ignored on request
        TestNode.Response r = node.post("/v1/tables/" + v + "/imports", "text/csv", "id,\"" + evil.replace("\"", "\"\"") + "\"\n2,a\n", TestNode.ADMIN_KEY);
        JsonNode p = problem(r, 422, "unknownColumns");
        assertThat(p.get("detail").asText()).contains(evil);
        JsonNode job = node.importCsv(v, "unknownColumns=ignore&map.name=" + enc(evil), "id,\"" + evil.replace("\"", "\"\"") + "\"\n2,'); DROP TABLE " + v + "; --\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        // values are bound: stored verbatim
        assertThat(node.records(v)).extracting(x -> x.get("name").asText()).containsExactly("still here", "'); DROP TABLE " + v + "; --");
        node.importCsv(v, "mode=delete&const.name=" + enc("' OR 1=1 --"), "id\n2\n");
        assertThat(node.records(v)).extracting(x -> x.get("name").asText()).containsExactly("still here");
        assertThat(tableNames(TestNode.ADMIN_KEY)).containsExactlyInAnyOrderElementsOf(before);
    }

    @Test
    void hostileWorkspaceAndGroupNamesAreA400() {
        for (String name : HOSTILE) {
            String n = Json.write(name);
            JsonNode p = problem(node.postJson("/v1/keys", "{\"workspace\":" + n + ",\"role\":\"read\"}"), 400, "workspace");
            assertThat(p.get("detail").asText()).as(name).contains("workspace name").contains(NAME_RULE);
            problem(node.postJson("/v1/groups", "{\"name\":" + n + "}"), 400, "name");
            problem(node.postJson("/v1/keys", "{\"workspace\":\"default\",\"role\":\"read\",\"groups\":[" + n + "]}"), 400, "groups");
        }
    }

    // ---------------------------------------------------------------- groups

    @Test
    void aGroupLimitedKeyReadsOnlyItsGroupsRows() {
        String sales = unique("sales");
        String ops = unique("ops");
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + sales + "\"}").status()).isEqualTo(201);
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + ops + "\"}").status()).isEqualTo(201);
        problem(node.postJson("/v1/groups", "{\"name\":\"" + ops + "\"}"), 409);
        problem(node.postJson("/v1/keys", "{\"workspace\":\"default\",\"role\":\"read\",\"groups\":[\"no_such_group\"]}"), 400, "groups");
        String t = unique("leads");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"grp","type":"text","role":"group"}],"primaryKey":["id"]}""".formatted(t));
        StringBuilder csv = new StringBuilder("id,name,grp\n");
        for (int i = 1; i <= 12; i++) csv.append(i).append(",n").append(i).append(',').append(i % 3 == 0 ? sales : i % 3 == 1 ? ops : "").append('\n');
        node.importCsv(t, "", csv.toString());

        Key salesKey = newKey("default", "read", sales);
        List<Integer> seen = new ArrayList<>();
        String after = null;
        do {
            JsonNode page = node.get("/v1/tables/" + t + "/records?limit=2" + (after == null ? "" : "&after=" + after), salesKey.secret()).json();
            page.get("items").forEach(r -> {
                seen.add(r.get("id").asInt());
                assertThat(r.get("grp").isNull() || r.get("grp").asText().isEmpty() || r.get("grp").asText().equals(sales)).as("%s", r).isTrue();
            });
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        assertThat(seen).containsExactly(2, 3, 5, 6, 8, 9, 11, 12);
        String csvOut = node.send("GET", "/v1/tables/" + t + "/records", salesKey.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(csvOut.lines().skip(1).map(l -> l.split(",")[0]).toList()).containsExactly("2", "3", "5", "6", "8", "9", "11", "12");

        Key both = newKey("default", "read", sales, ops);
        assertThat(node.get("/v1/tables/" + t + "/records?limit=100", both.secret()).json().get("items")).hasSize(12);
        Key unlimited = newKey("default", "read");
        assertThat(node.get("/v1/tables/" + t + "/records?limit=100", unlimited.secret()).json().get("items")).hasSize(12);
    }
}
