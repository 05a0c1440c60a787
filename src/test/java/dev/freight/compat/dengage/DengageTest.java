package dev.freight.compat.dengage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.Config;
import dev.freight.Json;
import dev.freight.testing.MovableClock;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** D·engage UpsertData (COMPAT.md §1) over HTTP, on every store. */
class DengageTest extends StoreSuite {
    static final long MAX_BODY = 64 * 1024;
    /** The vendor's own minute: the test moves the node's clock on rather than waiting it out. */
    static final Duration PACING = DengageSettings.PACING;
    static final String ASYNC = "/rest/dataspace/async/upsert";
    static final String SYNC = "/rest/dataspace/sync/upsert";

    private final MovableClock clock = new MovableClock();

    @Override
    protected java.time.Clock clock() {
        return clock;
    }

    @Override
    protected Config configure(Config c) {
        return c.withDengage(new DengageSettings(PACING, MAX_BODY));
    }

    // ---------------------------------------------------------------- helpers

    private TestNode.Response call(String method, String path, String key, String json) {
        Map<String, String> headers = key == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key);
        return node.send(method, path, null, headers, json == null ? null : HttpRequest.BodyPublishers.ofString(json));
    }

    private TestNode.Response async(ObjectNode body) {
        return call("POST", ASYNC, TestNode.ADMIN_KEY, body.toString());
    }

    private static ObjectNode request(String table, String csv) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("tableName", table);
        b.put("fileContent", Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)));
        return b;
    }

    private JsonNode awaitStatus(String uuid) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            TestNode.Response r = call("GET", ASYNC + "/" + uuid, TestNode.ADMIN_KEY, null);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            String s = r.json().get("status").asText();
            if (s.equals("Completed") || s.equals("Failed")) return r.json();
            assertThat(System.currentTimeMillis()).as("job %s still %s", uuid, s).isLessThan(deadline);
            sleep(50);
        }
    }

    private String accepted(TestNode.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        assertThat(r.json().size()).isEqualTo(1);
        return r.json().get("uuid").asText();
    }

    private static void message(TestNode.Response r, int status, String... contains) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().size()).as("only a message: %s", r).isEqualTo(1);
        assertThat(r.json().get("message").asText()).contains(contains);
    }

    private String ordersTable() {
        String t = unique("orders");
        node.createTable("""
                {"name":"%s","columns":[{"name":"order_id","type":"integer"},{"name":"channel","type":"text"},
                 {"name":"amount","type":"decimal","precision":10,"scale":2},{"name":"note","type":"text"},
                 {"name":"placed_at","type":"timestamp"}],"primaryKey":["order_id"]}""".formatted(t));
        return t;
    }

    private Map<Long, JsonNode> byId(String table, String key) {
        Map<Long, JsonNode> out = new java.util.TreeMap<>();
        for (JsonNode r : node.records(table)) out.put(r.get(key).asLong(), r);
        return out;
    }

    // ---------------------------------------------------------------- async

    @Test
    void asyncUpsertWithMappingConstantsAndFileLinesOfFailedRows() {
        String t = ordersTable();
        // ; separated; row 1 spans lines 2-3 (a quoted line break), so the bad row 2 is on line 4
        String csv = "OrderNo;amount;note;placed_at\n1;10.50;\"two\nlines\";2024-03-15 13:45\n2;x;;2024-03-15\n3;7;;2024-03-15T08:00:00.5\n";
        ObjectNode body = request(t, csv);
        body.put("jobName", "nightly orders");
        ArrayNode mapping = body.putArray("columnMapping");
        mapping.addObject().put("tableColumn", "order_id").put("fileColumnHeader", "OrderNo");
        mapping.addObject().put("tableColumn", "channel").putNull("fileColumnHeader").put("constantValue", "web");
        String uuid = accepted(async(body));

        JsonNode s = awaitStatus(uuid);
        assertThat(s.get("uuid").asText()).isEqualTo(uuid);
        assertThat(s.get("tableName").asText()).isEqualTo(t);
        assertThat(s.get("jobName").asText()).isEqualTo("nightly orders");
        assertThat(s.get("status").asText()).isEqualTo("Completed");
        assertThat(s.get("totalRowCount").asLong()).isEqualTo(3);
        assertThat(s.get("processedRowCount").asLong()).isEqualTo(3);
        assertThat(s.get("insertedRowCount").asLong()).isEqualTo(2);
        assertThat(s.get("updatedRowCount").asLong()).isZero();
        assertThat(s.get("failedRowCount").asLong()).isEqualTo(1);
        assertThat(s.get("errors")).hasSize(1);
        assertThat(s.at("/errors/0/rowNumber").asLong()).isEqualTo(4);
        assertThat(s.at("/errors/0/message").asText()).contains("amount").contains("'x'");
        assertThat(s.get("createdDate").asText()).endsWith("Z");
        assertThat(s.get("completedDate").asText()).endsWith("Z");
        Map<Long, JsonNode> rows = byId(t, "order_id");
        assertThat(rows.keySet()).containsExactly(1L, 3L);
        assertThat(rows.get(1L).get("channel").asText()).isEqualTo("web");
        assertThat(rows.get(1L).get("note").asText()).isEqualTo("two\nlines");

        // the next call on the table waits for the pacing window (refused until the minute is over);
        // then the same keys are updated
        ObjectNode next = request(t, "order_id,channel,amount,note,placed_at\n1,app,11,,2024-03-16\n4,app,1,,2024-03-16\n");
        clock.advance(PACING.minusSeconds(2));
        TestNode.Response early = async(next);
        assertThat(early.status()).as("%s", early).isEqualTo(429);
        assertThat(Long.parseLong(early.header("Retry-After"))).isBetween(1L, 2L);
        clock.advance(Duration.ofSeconds(2));
        String again = accepted(async(next));
        JsonNode s2 = awaitStatus(again);
        assertThat(s2.get("insertedRowCount").asLong()).isEqualTo(1);
        assertThat(s2.get("updatedRowCount").asLong()).isEqualTo(1);
        assertThat(s2.get("jobName").isNull()).isTrue();
        assertThat(byId(t, "order_id").get(1L).get("channel").asText()).isEqualTo("app");
        assertThat(byId(t, "order_id").get(1L).get("note").asText()).as("empty keeps").isEqualTo("two\nlines");
    }

    @Test
    void pacingAllowsOneAsyncCallPerTablePerWindowButNotTheSyncCall() {
        String t = ordersTable();
        String csv = "order_id,channel,amount,note,placed_at\n1,web,1,,2024-01-01\n";
        accepted(async(request(t, csv)));
        TestNode.Response second = async(request(t, csv));
        message(second, 429, "once a minute", t);
        long retry = Long.parseLong(second.header("Retry-After"));
        assertThat(retry).isBetween(1L, PACING.toSeconds());
        // the synchronous call does not count toward the pacing
        TestNode.Response sync = call("POST", SYNC, TestNode.ADMIN_KEY, """
                {"tableName":"%s","columns":["order_id","channel","amount","note","placed_at"],
                 "rows":[["2","web","2","","2024-01-02"]]}""".formatted(t));
        assertThat(sync.status()).as("%s", sync).isEqualTo(200);
        // another table is not paced by this one
        accepted(async(request(ordersTable(), csv)));
    }

    @Test
    void keyedTableNeedsEveryColumnAndARejectedCallDoesNotUseTheMinute() {
        String t = ordersTable();
        message(async(request(t, "order_id,amount\n1,5\n")), 400, "missing", "channel", "note", "placed_at");
        // the rejected call gave the table's slot back
        accepted(async(request(t, "order_id,channel,amount,note,placed_at\n1,web,1,,2024-01-01\n")));
    }

    @Test
    void keylessTableAppendsAndNeedsNotEveryColumn() {
        String t = unique("events");
        node.createTable("""
                {"name":"%s","columns":[{"name":"name","type":"text"},{"name":"n","type":"integer"}]}""".formatted(t));
        String uuid = accepted(async(request(t, "name\nclick\nclick\n")));
        JsonNode s = awaitStatus(uuid);
        assertThat(s.get("insertedRowCount").asLong()).isEqualTo(2);
        assertThat(node.records(t)).hasSize(2);
    }

    @Test
    void tableById() {
        String t = ordersTable();
        String id = node.get("/v1/tables/" + t).json().get("id").asText();
        ObjectNode body = request(t, "order_id,channel,amount,note,placed_at\n1,web,1,,2024-01-01\n");
        body.remove("tableName");
        body.put("tableId", id);
        JsonNode s = awaitStatus(accepted(async(body)));
        assertThat(s.get("tableName").asText()).isEqualTo(t);
        assertThat(s.get("insertedRowCount").asLong()).isEqualTo(1);
    }

    @Test
    void everyDateTimeFormatOfTheSeed() {
        String t = unique("times");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"at","type":"timestamp"}],
                 "primaryKey":["id"]}""".formatted(t));
        List<String> formats = List.of("2024-03-15", "2024-03-15 13:45", "2024-03-15T13:45", "2024-03-15 13:45:30",
                "2024-03-15T13:45:30", "2024-03-15 13:45:30.1", "2024-03-15 13:45:30.12", "2024-03-15 13:45:30.123",
                "2024-03-15T13:45:30.1", "2024-03-15T13:45:30.12", "2024-03-15T13:45:30.123", "2024-03-15T13:45:30Z",
                "2024-03-15T13:45:30.123Z");
        StringBuilder csv = new StringBuilder("id;at\n");
        for (int i = 0; i < formats.size(); i++) csv.append(i).append(';').append(formats.get(i)).append('\n');
        JsonNode s = awaitStatus(accepted(async(request(t, csv.toString()))));
        assertThat(s.get("errors")).isEmpty();
        assertThat(s.get("insertedRowCount").asLong()).isEqualTo(formats.size());
        Map<Long, JsonNode> rows = byId(t, "id");
        assertThat(rows.get(0L).get("at").asText()).startsWith("2024-03-15T00:00");
        assertThat(rows.get(10L).get("at").asText()).startsWith("2024-03-15T13:45:30.123");
        assertThat(rows.get(12L).get("at").asText()).startsWith("2024-03-15T13:45:30.123");
    }

    @Test
    void overwriteWithEmpty() {
        String keep = ordersTable();
        String overwrite = ordersTable();
        for (String t : List.of(keep, overwrite)) {
            node.importCsv(t, "", "order_id,channel,amount,note,placed_at\n1,web,5,hello,2024-01-01\n");
        }
        String csv = "order_id,channel,amount,note,placed_at\n1,web,,,2024-01-01\n";
        awaitStatus(accepted(async(request(keep, csv))));
        ObjectNode body = request(overwrite, csv);
        body.put("overwriteWithEmpty", true);
        awaitStatus(accepted(async(body)));
        JsonNode kept = byId(keep, "order_id").get(1L);
        assertThat(kept.get("note").asText()).isEqualTo("hello");
        assertThat(kept.get("amount").decimalValue()).isEqualByComparingTo("5");
        JsonNode over = byId(overwrite, "order_id").get(1L);
        assertThat(over.get("note").asText()).as("text: empty text").isEmpty();
        assertThat(over.get("note").isNull()).isFalse();
        assertThat(over.get("amount").isNull()).as("decimal: NULL").isTrue();
    }

    @Test
    void masterContactIsRefused() {
        node.createTable("""
                {"name":"master_contact","columns":[{"name":"id","type":"integer"}],"primaryKey":["id"]}""");
        message(async(request("master_contact", "id\n1\n")), 400, "master_contact");
        ObjectNode byId = request("x", "id\n1\n");
        byId.remove("tableName");
        byId.put("tableId", node.get("/v1/tables/master_contact").json().get("id").asText());
        message(async(byId), 400, "master_contact");
        message(call("POST", SYNC, TestNode.ADMIN_KEY, """
                {"tableName":"master_contact","columns":["id"],"rows":[["1"]]}"""), 400, "master_contact");
    }

    @Test
    void badRequests() {
        String t = ordersTable();
        message(call("POST", ASYNC, TestNode.ADMIN_KEY, "{\"tableName\":"), 400, "not valid JSON");
        message(call("POST", ASYNC, TestNode.ADMIN_KEY, "{\"tableName\":\"" + t + "\"}"), 400, "fileContent");
        message(call("POST", ASYNC, TestNode.ADMIN_KEY, "{\"tableName\":\"" + t + "\",\"fileContent\":\"%%%\"}"), 400, "base64");
        message(call("POST", ASYNC, TestNode.ADMIN_KEY, "{\"fileContent\":\"aWQKMQo=\"}"), 400, "tableId or tableName");
        message(async(request("no_such_table", "id\n1\n")), 404, "no_such_table");
        message(async(request(t, "order_id,channel,amount,note,placed_at,colour\n1,web,1,,2024-01-01,red\n")), 400, "colour");
        message(call("GET", ASYNC + "/00000000-0000-0000-0000-000000000000", TestNode.ADMIN_KEY, null), 404, "does not exist");
    }

    @Test
    void authentication() {
        String t = ordersTable();
        String body = request(t, "order_id\n1\n").toString();
        for (String key : new String[] {null, "frt_not_a_key"}) {
            TestNode.Response r = call("POST", ASYNC, key, body);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json()).isEqualTo(Json.MAPPER.createObjectNode().put("message", "Not-authenticated. Please re-login."));
            assertThat(call("GET", ASYNC + "/x", key, null).status()).isEqualTo(401);
            assertThat(call("POST", SYNC, key, "{}").status()).isEqualTo(401);
        }
        String read = node.postJson("/v1/keys", "{\"role\":\"read\",\"name\":\"r\"}").json().get("key").asText();
        message(call("POST", ASYNC, read, body), 403, "read-only");
        message(call("POST", SYNC, read, "{}"), 403, "read-only");
    }

    @Test
    void bodyOverTheLimitIs413FromContentLengthOrWhileStreaming() {
        String t = ordersTable();
        String big = request(t, "order_id\n" + "1\n".repeat((int) MAX_BODY)).toString();
        message(call("POST", ASYNC, TestNode.ADMIN_KEY, big), 413, "limit");
        // no Content-Length: the limit holds while the body streams in
        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        TestNode.Response chunked = node.send("POST", ASYNC, null, Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + TestNode.ADMIN_KEY), HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)));
        message(chunked, 413, "limit");
        // nothing was spooled or paced: a good call goes through
        accepted(async(request(t, "order_id,channel,amount,note,placed_at\n1,web,1,,2024-01-01\n")));
    }

    // ---------------------------------------------------------------- sync

    @Test
    void syncUpsertAnswersCountsAndErrorsByPositionInRows() {
        String t = ordersTable();
        node.importCsv(t, "", "order_id,channel,amount,note,placed_at\n1,web,5,hello,2024-01-01\n");
        TestNode.Response r = call("POST", SYNC, TestNode.ADMIN_KEY, """
                {"tableName":"%s","columns":["order_id","channel","amount","note","placed_at"],
                 "rows":[["1","app","6",null,"2024-01-02"],["2","app","oops","","2024-01-02"],["3","app",7,"","2024-01-02T10:00:00.123Z"]]}"""
                .formatted(t));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.get("status").asText()).isEqualTo("Completed");
        assertThat(s.get("tableName").asText()).isEqualTo(t);
        assertThat(s.get("totalRowCount").asLong()).isEqualTo(3);
        assertThat(s.get("insertedRowCount").asLong()).isEqualTo(1);
        assertThat(s.get("updatedRowCount").asLong()).isEqualTo(1);
        assertThat(s.get("failedRowCount").asLong()).isEqualTo(1);
        assertThat(s.get("errors")).hasSize(1);
        assertThat(s.at("/errors/0/rowNumber").asLong()).as("position in rows").isEqualTo(2);
        assertThat(s.at("/errors/0/message").asText()).contains("amount");
        JsonNode one = byId(t, "order_id").get(1L);
        assertThat(one.get("channel").asText()).isEqualTo("app");
        assertThat(one.get("note").isNull()).as("JSON null sets NULL").isTrue();
    }

    @Test
    void syncUpsertLimitsAndRules() {
        String t = ordersTable();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i <= SyncRequest.MAX_ROWS; i++) rows.append(i == 0 ? "" : ",").append("[\"").append(i).append("\"]");
        message(call("POST", SYNC, TestNode.ADMIN_KEY, "{\"tableName\":\"" + t + "\",\"columns\":[\"order_id\"],\"rows\":[" + rows + "]}"),
                400, "at most 1000 rows");
        message(call("POST", SYNC, TestNode.ADMIN_KEY, "{\"tableName\":\"" + t + "\",\"columns\":[\"order_id\"],\"rows\":[[\"1\"]]}"),
                400, "missing", "channel");
        message(call("POST", SYNC, TestNode.ADMIN_KEY, "{\"tableName\":\"" + t + "\",\"columns\":[\"order_id\",\"channel\"],\"rows\":[[\"1\"]]}"),
                400, "row 1");
        message(call("POST", SYNC, TestNode.ADMIN_KEY, "[1,2"), 400, "not valid JSON");
    }

    @Test
    void concurrentSyncCallsOnOneTableAreSerialised() throws Exception {
        String t = unique("counters");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"who","type":"text"}],"primaryKey":["id"]}""".formatted(t));
        int calls = 6;
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        try {
            List<Future<TestNode.Response>> answers = new ArrayList<>();
            for (int c = 0; c < calls; c++) {
                String who = "caller" + c;
                StringBuilder rows = new StringBuilder();
                for (int i = 0; i < 200; i++) rows.append(i == 0 ? "" : ",").append("[").append(i).append(",\"").append(who).append("\"]");
                String body = "{\"tableName\":\"" + t + "\",\"columns\":[\"id\",\"who\"],\"rows\":[" + rows + "]}";
                answers.add(pool.submit(() -> call("POST", SYNC, TestNode.ADMIN_KEY, body)));
            }
            long inserted = 0;
            for (Future<TestNode.Response> f : answers) {
                TestNode.Response r = f.get();
                assertThat(r.status()).as("%s", r).isEqualTo(200);
                assertThat(r.json().get("failedRowCount").asLong()).isZero();
                assertThat(r.json().get("insertedRowCount").asLong() + r.json().get("updatedRowCount").asLong()).isEqualTo(200);
                inserted += r.json().get("insertedRowCount").asLong();
            }
            assertThat(inserted).as("exactly one call inserted the rows").isEqualTo(200);
            List<JsonNode> records = node.records(t);
            assertThat(records).hasSize(200);
            assertThat(records.stream().map(r -> r.get("who").asText()).distinct()).as("one call's rows last").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
