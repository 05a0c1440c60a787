package dev.freight.compat.hexabase;

import static dev.freight.compat.hexabase.Hexabase.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Config;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hexabase ImportItems (COMPAT.md §5) over HTTP, on every store. */
class HexabaseTest extends StoreSuite {
    static final long MAX_BODY = 256 * 1024;

    private Hexabase hx;

    @Override
    protected Config configure(Config c) {
        return c.withHexabase(new HexabaseSettings(MAX_BODY, HexabaseSettings.SYNC_MAX_ROWS));
    }

    @BeforeEach
    void client() {
        hx = new Hexabase(node);
    }

    /** The seed's datastore: TITLE, a status field, Field1, No (the primary key). */
    private String seedTable() {
        String t = unique("items");
        node.createTable("""
                {"name":"%s","columns":[{"name":"TITLE","type":"text"},
                 {"name":"status","type":"text","role":"status","statuses":[{"id":"s1","name":"ステータス1"},{"id":"s2","name":"ステータス2"}]},
                 {"name":"Field1","type":"text"},{"name":"No","type":"text"}],"primaryKey":["No"]}""".formatted(t));
        return t;
    }

    private Map<String, JsonNode> byKey(String table, String key) {
        Map<String, JsonNode> out = new TreeMap<>();
        for (JsonNode r : node.records(table)) out.put(r.get(key).asText(), r);
        return out;
    }

    static final String SEED_CSV = """
            TITLE,_status_,Field1,No,_delete_
            import1,ステータス1,A,001,0
            import2,ステータス2,B,002,0
            """;

    // ---------------------------------------------------------------- the seed's own examples

    @Test
    void theSeedsFileWithNoQueueIsAppliedAtOnce() {
        String t = seedTable();
        TestNode.Response r = hx.importItems(t, fields("filename", "items.csv", "no_queue", "true"), SEED_CSV);
        JsonNode b = Hexabase.applied(r);
        assertThat(b).isEqualTo(Json.MAPPER.valueToTree(Map.of("errors", List.of(), "has_error", false,
                "result", Map.of("imported", 2, "item_count", 2))));
        Map<String, JsonNode> rows = byKey(t, "No");
        assertThat(rows.keySet()).containsExactly("001", "002");
        assertThat(rows.get("001").get("status").asText()).isEqualTo("s1"); // stored as the status, by its name
        assertThat(rows.get("002").get("status").asText()).isEqualTo("s2");
        assertThat(rows.get("002").get("TITLE").asText()).isEqualTo("import2");
    }

    @Test
    void theSeedsFileQueuedGivesATempIdAndAStream() {
        String t = seedTable();
        JsonNode q = Hexabase.queued(hx.importItems(t, fields("filename", "items.csv"), SEED_CSV));
        JsonNode res = hx.awaitResults(q.get("temp_datastore_id").asText());
        assertThat(res.get("status").asText()).isEqualTo("completed");
        assertThat(res.get("item_count").asLong()).isEqualTo(2);
        assertThat(res.get("imported").asLong()).isEqualTo(2);
        assertThat(res.get("errors")).isEmpty();
        assertThat(res.size()).isEqualTo(4);
        assertThat(byKey(t, "No").keySet()).containsExactly("001", "002");

        // the stream of a final import: one progress event, the final one, then the end
        TestNode.Response s = node.get("/api/v0/imports/streams/" + q.get("stream_id").asText(), TestNode.ADMIN_KEY);
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.header("Content-Type")).startsWith("text/event-stream");
        List<JsonNode> events = events(s.body());
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("status").asText()).isEqualTo("completed");
        assertThat(events.get(0).get("imported").asLong()).isEqualTo(2);
        assertThat(events.get(0).get("item_count").asLong()).isEqualTo(2);
        assertThat(events.get(0).get("failed").asLong()).isZero();
    }

    /** The data of every {@code progress} event of an SSE body. */
    static List<JsonNode> events(String body) {
        List<JsonNode> out = new ArrayList<>();
        for (String block : body.split("\n\n")) {
            if (block.isBlank()) continue;
            List<String> lines = block.lines().toList();
            assertThat(lines.get(0)).isEqualTo("event: progress");
            assertThat(lines.get(1)).startsWith("data: ");
            out.add(Json.read(lines.get(1).substring(6), JsonNode.class));
        }
        return out;
    }

    @Test
    void theStreamFollowsAQueuedImportUntilItIsFinal() {
        String t = seedTable();
        StringBuilder csv = new StringBuilder("TITLE,Field1,No\n");
        for (int i = 0; i < 3000; i++) csv.append("t").append(i).append(",f,").append(i).append('\n');
        JsonNode q = Hexabase.queued(hx.importItems(t, fields(), csv.toString()));
        TestNode.Response s = node.get("/api/v0/imports/streams/" + q.get("stream_id").asText(), TestNode.ADMIN_KEY);
        List<JsonNode> events = events(s.body());
        assertThat(events).isNotEmpty();
        JsonNode last = events.get(events.size() - 1);
        assertThat(last.get("status").asText()).isEqualTo("completed");
        assertThat(last.get("imported").asLong()).isEqualTo(3000);
        for (int i = 0; i + 1 < events.size(); i++) assertThat(events.get(i).get("status").asText()).isIn("queued", "running");
        // another workspace's key, and an unknown stream: not found
        TestNode.Key other = node.newKey(unique("elsewhere"), "admin");
        Hexabase.error(node.get("/api/v0/imports/streams/" + q.get("stream_id").asText(), other.secret()), 404, "does not exist");
        Hexabase.error(node.get("/api/v0/imports/streams/nope", TestNode.ADMIN_KEY), 404, "does not exist");
    }

    // ---------------------------------------------------------------- keys and modes

    @Test
    void keyFieldUpdatesOnlyTheColumnsInTheFile() {
        String t = unique("members");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer","autonumber":true},{"name":"email","type":"text"},
                 {"name":"name","type":"text"},{"name":"score","type":"integer"}],
                 "primaryKey":["id"],"uniqueKeys":[["email"]]}""".formatted(t));
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "id,email,name,score\n1,a@x,ann,10\n2,b@x,bob,20\n"));
        // keyed on the unique email: only score changes; a new email is inserted
        JsonNode b = Hexabase.applied(hx.importItems(t, fields("no_queue", "true", "key_field_displayid", "email"),
                "email,score\na@x,11\nc@x,30\n"));
        assertThat(b.get("has_error").asBoolean()).as("%s", b).isFalse();
        assertThat(b.at("/result/imported").asLong()).isEqualTo(2);
        Map<String, JsonNode> rows = byKey(t, "email");
        assertThat(rows.get("a@x").get("name").asText()).isEqualTo("ann");
        assertThat(rows.get("a@x").get("score").asLong()).isEqualTo(11);
        assertThat(rows.get("b@x").get("score").asLong()).isEqualTo(20);
        // without key_field_displayid the primary key is the key
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "id,name\n2,bobby\n"));
        assertThat(byKey(t, "email").get("b@x").get("name").asText()).isEqualTo("bobby");
        assertThat(byKey(t, "email").get("b@x").get("score").asLong()).isEqualTo(20);

        // the key must be unique, and a field of the datastore: 422
        Hexabase.error(hx.importItems(t, fields("key_field_displayid", "name"), "name,score\nann,1\n"), 422, "not unique");
        Hexabase.error(hx.importItems(t, fields("key_field_displayid", "nope"), "nope,score\nx,1\n"), 422, "not a field");
        Hexabase.error(hx.importItems(t, fields("key_field_displayid", "email"), "name,score\nann,1\n"), 400, "no column email");
    }

    @Test
    void aKeylessDatastoreAppends() {
        String t = unique("log");
        node.createTable("""
                {"name":"%s","columns":[{"name":"msg","type":"text"},{"name":"n","type":"integer"}]}""".formatted(t));
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "msg,n\na,1\nb,2\n"));
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "msg,n\na,1\n"));
        assertThat(node.records(t)).hasSize(3);
    }

    @Test
    void appendInsertsAndReplaceAllReplacesAndBothAreRefused() {
        String t = seedTable();
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), SEED_CSV));
        JsonNode dup = Hexabase.applied(hx.importItems(t, fields("no_queue", "true", "append", "true"),
                "TITLE,Field1,No\nagain,X,001\nnew,Y,003\n"));
        assertThat(dup.get("has_error").asBoolean()).isTrue(); // an existing key is no new item
        assertThat(dup.at("/result/imported").asLong()).isEqualTo(1);
        assertThat(dup.at("/result/item_count").asLong()).isEqualTo(2);
        assertThat(dup.at("/errors/0/row").asLong()).isEqualTo(2);
        assertThat(dup.at("/errors/0/error_level").asText()).isEqualTo("ERROR");
        assertThat(byKey(t, "No").get("001").get("TITLE").asText()).isEqualTo("import1");
        assertThat(byKey(t, "No").keySet()).containsExactly("001", "002", "003");

        JsonNode q = Hexabase.queued(hx.importItems(t, fields("replace_all", "true"), "TITLE,Field1,No\nonly,Z,009\n"));
        assertThat(hx.awaitResults(q.get("temp_datastore_id").asText()).get("imported").asLong()).isEqualTo(1);
        assertThat(byKey(t, "No").keySet()).containsExactly("009");

        Hexabase.error(hx.importItems(t, fields("replace_all", "true", "append", "true"), SEED_CSV), 400, "replace_all", "append");
        assertThat(byKey(t, "No").keySet()).containsExactly("009");
    }

    @Test
    void deleteStatusAndTheirFailures() {
        String t = seedTable();
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), SEED_CSV));
        JsonNode b = Hexabase.applied(hx.importItems(t, fields("no_queue", "true"),
                "No,_delete_,_status_\n001,1,\n002,false,ステータス1\n003,,no such status\n"));
        assertThat(b.get("has_error").asBoolean()).isTrue();
        assertThat(b.at("/result/imported").asLong()).isEqualTo(2);
        assertThat(b.get("errors")).hasSize(1);
        JsonNode e = b.at("/errors/0");
        assertThat(e.get("row").asLong()).isEqualTo(4);
        assertThat(e.get("description").asText()).contains("no such status").contains("ステータス1");
        assertThat(e.get("error_level").asText()).isEqualTo("ERROR");
        Map<String, JsonNode> rows = byKey(t, "No");
        assertThat(rows.keySet()).containsExactly("002");
        assertThat(rows.get("002").get("status").asText()).isEqualTo("s1");
        assertThat(rows.get("002").get("TITLE").asText()).isEqualTo("import2");

        // _status_ or _group_id_ where the datastore has no such field; the status given twice
        String plain = unique("plain");
        node.createTable("{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}".formatted(plain));
        Hexabase.error(hx.importItems(plain, fields(), "id,_status_\n1,x\n"), 400, "_status_", "no status field");
        Hexabase.error(hx.importItems(plain, fields(), "id,_group_id_\n1,x\n"), 400, "_group_id_", "no access group field");
        Hexabase.error(hx.importItems(t, fields(), "No,_status_,status\n1,ステータス1,s1\n"), 400, "status twice");
    }

    // ---------------------------------------------------------------- overwrite_autonumber, validate

    @Test
    void overwriteAutonumberNumbersTheNewItemsFromOneInFileOrderPastAFailingRow() {
        String t = unique("tickets");
        node.createTable("""
                {"name":"%s","columns":[{"name":"code","type":"text"},{"name":"seq","type":"integer","autonumber":true},
                 {"name":"qty","type":"integer","nullable":false}],"primaryKey":["code"]}""".formatted(t));
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "code,qty\nold1,1\nold2,1\nold3,1\n"));
        assertThat(byKey(t, "code").get("old3").get("seq").asLong()).isEqualTo(3);
        // line 3 cannot be converted, line 5 breaks NOT NULL, line 6 updates an item: neither draws a number
        JsonNode b = Hexabase.applied(hx.importItems(t, fields("no_queue", "true", "overwrite_autonumber", "true"),
                "code,qty\nn1,1\nbad,x\nn2,2\nnull,\nold1,5\nn3,3\n"));
        assertThat(b.at("/result/imported").asLong()).as("%s", b).isEqualTo(4);
        assertThat(b.get("errors")).extracting(e -> e.get("row").asLong()).containsExactly(3L, 5L);
        Map<String, JsonNode> rows = byKey(t, "code");
        assertThat(rows.get("n1").get("seq").asLong()).isEqualTo(1);
        assertThat(rows.get("n2").get("seq").asLong()).isEqualTo(2);
        assertThat(rows.get("n3").get("seq").asLong()).as("%s", node.records(t)).isEqualTo(3);
        assertThat(rows.get("old1").get("seq").asLong()).isEqualTo(1);
        assertThat(rows.get("old1").get("qty").asLong()).isEqualTo(5);
        assertThat(rows).doesNotContainKeys("bad", "null");
        // without the option the counter goes on from there
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "code,qty\nn4,1\n"));
        assertThat(byKey(t, "code").get("n4").get("seq").asLong()).isEqualTo(4);
    }

    @Test
    void validateFalseStoresNullWithAWarningOnItsLine() {
        String t = unique("scores");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"score","type":"integer"},
                 {"name":"day","type":"date"}],"primaryKey":["id"]}""".formatted(t));
        String csv = "id,score,day\n1,10,2024-01-01\n2,\"ten\nor so\",2024-01-02\nx,3,2024-01-03\n4,4,someday\n";
        JsonNode b = Hexabase.applied(hx.importItems(t, fields("no_queue", "true", "validate", "false"), csv));
        assertThat(b.at("/result/imported").asLong()).isEqualTo(3);
        assertThat(b.at("/result/item_count").asLong()).isEqualTo(4);
        assertThat(b.get("has_error").asBoolean()).isTrue(); // the key x fails its row whatever validate says
        JsonNode errors = b.get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("row").asLong()).isEqualTo(3); // the quoted line break: row 2 starts on line 3
        assertThat(errors.get(0).get("error_level").asText()).isEqualTo("WARNING");
        assertThat(errors.get(0).get("description").asText()).contains("score").contains("NULL");
        assertThat(errors.get(1).get("row").asLong()).isEqualTo(5);
        assertThat(errors.get(1).get("error_level").asText()).isEqualTo("ERROR");
        assertThat(errors.get(2).get("row").asLong()).isEqualTo(6);
        assertThat(errors.get(2).get("error_level").asText()).isEqualTo("WARNING");
        assertThat(errors.get(2).get("description").asText()).contains("day");
        for (JsonNode e : errors) assertThat(e.size()).isEqualTo(4);
        Map<String, JsonNode> rows = byKey(t, "id");
        assertThat(rows.get("2").get("score").isNull()).isTrue();
        assertThat(rows.get("4").get("day").isNull()).isTrue();
        assertThat(rows.get("4").get("score").asLong()).isEqualTo(4);

        // validate=true (the default) fails those rows instead
        String strict = unique("scores");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"score","type":"integer"},
                 {"name":"day","type":"date"}],"primaryKey":["id"]}""".formatted(strict));
        JsonNode s = Hexabase.applied(hx.importItems(strict, fields("no_queue", "true"), csv));
        assertThat(s.at("/result/imported").asLong()).isEqualTo(1);
        assertThat(s.get("errors")).extracting(e -> e.get("error_level").asText()).containsOnly("ERROR");

        // the queued import's results carry the same warnings
        JsonNode q = Hexabase.queued(hx.importItems(t, fields("validate", "false"), csv));
        JsonNode res = hx.awaitResults(q.get("temp_datastore_id").asText());
        assertThat(res.get("errors")).extracting(e -> e.get("row").asLong() + " " + e.get("error_level").asText())
                .containsExactly("3 WARNING", "5 ERROR", "6 WARNING");
    }

    // ---------------------------------------------------------------- no_queue limits

    private static String rows(int n) {
        StringBuilder csv = new StringBuilder("TITLE,Field1,No\n");
        for (int i = 1; i <= n; i++) csv.append("t,f,").append(i).append('\n');
        return csv.toString();
    }

    @Test
    void noQueueTakesAHundredItemsAndRefusesMore() {
        String t = seedTable();
        JsonNode ok = Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), rows(100)));
        assertThat(ok.get("result")).isEqualTo(Json.MAPPER.valueToTree(Map.of("imported", 100, "item_count", 100)));

        String other = seedTable();
        for (int n : new int[] {101, 104}) {
            TestNode.Response r = hx.importItems(other, fields("no_queue", "true"), rows(n));
            assertThat(r.status()).as("%s", r).isEqualTo(400);
            assertThat(r.json()).isEqualTo(Json.read("""
                    {"errors": [{"description": "the number of imports exceeds the limit. please set the no_queue flag to false.",
                     "error": "too many items", "error_level": "ERROR"}],
                     "has_error": true, "result": {"imported": 0, "item_count": %d}}""".formatted(n), JsonNode.class));
        }
        assertThat(node.records(other)).isEmpty();
        // queued, the same 104 items are taken
        JsonNode q = Hexabase.queued(hx.importItems(other, fields("no_queue", "false"), rows(104)));
        assertThat(hx.awaitResults(q.get("temp_datastore_id").asText()).get("imported").asLong()).isEqualTo(104);
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void applicationDatastoreKeyAndFormAreChecked() {
        String t = seedTable();
        String id = node.get("/v1/tables/" + t).json().get("id").asText();
        // the datastore by its id
        Hexabase.applied(hx.importItems(TestNode.ADMIN_KEY, "default", id, fields("no_queue", "true"), SEED_CSV));
        assertThat(node.records(t)).hasSize(2);

        String elsewhere = unique("elsewhere");
        TestNode.Key other = node.newKey(elsewhere, "admin");
        Hexabase.error(hx.importItems(TestNode.ADMIN_KEY, elsewhere, t, fields(), SEED_CSV), 404, "application " + elsewhere);
        Hexabase.error(hx.importItems(other.secret(), "default", t, fields(), SEED_CSV), 404, "application default");
        Hexabase.error(hx.importItems(other.secret(), elsewhere, t, fields(), SEED_CSV), 404, "datastore " + t);
        Hexabase.error(hx.importItems(TestNode.ADMIN_KEY, "default", "nope", fields(), SEED_CSV), 404, "datastore nope");
        Hexabase.error(hx.importItems(null, "default", t, fields(), SEED_CSV), 401, "Bearer");
        Hexabase.error(hx.importItems("frt_wrong", "default", t, fields(), SEED_CSV), 401, "Bearer");
        TestNode.Key reader = node.newKey("default", "read");
        Hexabase.error(hx.importItems(reader.secret(), "default", t, fields(), SEED_CSV), 403, "read-only");

        Hexabase.error(hx.importItems(t, fields("no_queue", "yes"), SEED_CSV), 400, "no_queue must be true or false");
        Hexabase.error(hx.importItems(t, fields("validate", "maybe"), SEED_CSV), 400, "validate");
        Hexabase.error(hx.importItems(t, fields("filename", "x.csv"), null), 400, "file is required");
        Hexabase.error(hx.importItems(t, fields(), "TITLE,No,ghost\nx,1,boo\n"), 400, "ghost");
        Hexabase.error(hx.importItems(t, fields(), "TITLE,No\n\"open,1\n"), 400, "CSV");
        Hexabase.error(node.post(Hexabase.importPath("default", t), "text/csv", SEED_CSV, TestNode.ADMIN_KEY), 400, "multipart/form-data");
        Hexabase.error(node.get("/api/v0/nothing/here", TestNode.ADMIN_KEY), 404, "no route");

        // the body limit: 413 from Content-Length, before anything is read
        String big = "TITLE,Field1,No\n" + ("x".repeat(1000) + ",f,1\n").repeat((int) (MAX_BODY / 1000) + 5);
        Hexabase.error(hx.importItems(t, fields(), big), 413, Long.toString(MAX_BODY));
        assertThat(node.records(t)).hasSize(2);
    }

    @Test
    void resultsAreFoundOnlyByTheirTempIdInTheKeysWorkspace() {
        String t = seedTable();
        JsonNode q = Hexabase.queued(hx.importItems(t, fields(), SEED_CSV));
        String temp = q.get("temp_datastore_id").asText();
        hx.awaitResults(temp);
        // the job number alone, another id's tail, malformed ids: not found
        String forged = temp.substring(0, 16) + (temp.endsWith("00000000") ? "11111111" : "00000000");
        for (String bad : List.of(forged, "zz" + temp.substring(2), temp.substring(1), q.get("stream_id").asText())) {
            Hexabase.error(node.get("/api/v0/imports/" + bad + "/results", TestNode.ADMIN_KEY), 404, "does not exist");
        }
        TestNode.Key other = node.newKey(unique("elsewhere"), "read");
        Hexabase.error(node.get("/api/v0/imports/" + temp + "/results", other.secret()), 404, "does not exist");
        Hexabase.error(node.get("/api/v0/imports/" + temp + "/results", null), 401, "Bearer");
        // a read key of the workspace reads them
        TestNode.Key reader = node.newKey("default", "read");
        assertThat(node.get("/api/v0/imports/" + temp + "/results", reader.secret()).json().get("status").asText()).isEqualTo("completed");
    }

    // ---------------------------------------------------------------- replace_all under a reader

    @Test
    void replaceAllIsSeenByAConcurrentReaderAsTheOldRowsOrTheNewNeverAMixNorEmpty() throws Exception {
        String t = unique("catalog");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"v","type":"text"}],"primaryKey":["id"]}""".formatted(t));
        int n = 2000;
        StringBuilder old = new StringBuilder("id,v\n");
        StringBuilder fresh = new StringBuilder("id,v\n");
        for (int i = 0; i < n; i++) old.append(i).append(",old\n");
        for (int i = 0; i < n; i++) fresh.append(i + n / 2).append(",new\n"); // half the ids stay, half are new
        node.importCsv(t, "", old.toString());

        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = Thread.ofVirtual().start(() -> {
            while (!stop.get()) {
                JsonNode items = node.get("/v1/tables/" + t + "/records?limit=10000").json().get("items");
                java.util.Set<String> vs = new java.util.HashSet<>();
                items.forEach(r -> vs.add(r.get("v").asText()));
                int first = items.isEmpty() ? -1 : items.get(0).get("id").asInt();
                seen.add(items.size() + " " + vs + " " + first);
            }
        });
        JsonNode q = Hexabase.queued(hx.importItems(t, fields("replace_all", "true"), fresh.toString()));
        JsonNode res = hx.awaitResults(q.get("temp_datastore_id").asText());
        sleep(200);
        stop.set(true);
        reader.join();
        assertThat(res.get("imported").asLong()).isEqualTo(n);
        assertThat(seen).isNotEmpty();
        assertThat(seen).allMatch(s -> s.equals(n + " [old] 0") || s.equals(n + " [new] " + n / 2));
        assertThat(seen.get(seen.size() - 1)).isEqualTo(n + " [new] " + n / 2);
    }

    @Test
    void theResultsOfAFailedImportSayWhy() {
        String t = seedTable();
        // an atomic failure is the engine's; here a file whose rows break off is a failed import
        JsonNode q = Hexabase.queued(hx.importItems(t, fields(), "TITLE,Field1,No\nok,f,1\n\"never closed,f,2\n"));
        JsonNode res = hx.awaitResults(q.get("temp_datastore_id").asText());
        assertThat(res.get("status").asText()).as("%s", res).isEqualTo("failed");
        assertThat(res.at("/errors/0/error").asText()).isEqualTo("import failed");
        assertThat(res.at("/errors/0/description").asText()).contains("malformed");
        assertThat(res.at("/errors/0").has("row")).isFalse();
    }
}
