package dev.freight.compat.yesmail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.freight.Config;
import dev.freight.Json;
import dev.freight.job.Job;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Yesmail reference-data import, tickets and async results (COMPAT.md §2) over HTTP, on every store. */
class YesmailTest extends StoreSuite {
    /** The seed's example request: the ignore import type with its three records. */
    static final String SEED_REQUEST = """
            {
              "errorThreshold": 100,
              "importType": "ignore",
              "records": [
                {
                  "clientScore": "A",
                  "salesRep": "Johnny King",
                  "lastCall": "2014-04-11T12:13:14-07:00"
                },
                {
                  "clientScore": "C",
                  "salesRep": "Tommy Tombola",
                  "lastCall": "2014-04-10T10:11:15-07:00"
                },
                {
                  "clientScore": "B",
                  "salesRep": "Frank Roman",
                  "lastCall": "2014-04-10T08:55:10-04:00"
                }
              ]
            }""";

    private HttpServer receiver;
    private final List<String> delivered = new CopyOnWriteArrayList<>();

    @Override
    protected Config configure(Config c) {
        Config scheduled = c.withCallbackSchedule(List.of(Duration.ofMillis(100), Duration.ofMillis(100)));
        // a short wait for another process's write lock, so a held lock fails a chunk quickly
        return scheduled.jdbcUrl().startsWith("jdbc:sqlite:")
                ? scheduled.withDbUrl(scheduled.jdbcUrl() + "?busy_timeout=" + SQLITE_BUSY_MS)
                : scheduled;
    }

    private static final int SQLITE_BUSY_MS = 500;

    @Override
    protected int chunkSize() {
        return 100;
    }

    @BeforeAll
    void startReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            delivered.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
    }

    @AfterAll
    void stopReceiver() {
        receiver.stop(0);
    }

    // ---------------------------------------------------------------- helpers

    private TestNode.Response call(String method, String path, Map<String, String> extra, String body) {
        Map<String, String> h = new HashMap<>(Map.of("Api-User", "default", "Api-Key", TestNode.ADMIN_KEY,
                "Content-Type", "application/json"));
        h.putAll(extra);
        h.values().removeIf(v -> v == null || v.isEmpty());
        return node.send(method, path, null, h, body == null ? null : HttpRequest.BodyPublishers.ofString(body));
    }

    private TestNode.Response importRecords(String dataset, String query, String body) {
        return call("POST", "/v2/reference-data/" + dataset + "/records/import" + query, Map.of(), body);
    }

    private String accepted(TestNode.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String id = r.json().get("id").asText();
        assertThat(r.header("Content-Location")).isEqualTo("/v2/tickets/" + id);
        return id;
    }

    private JsonNode awaitTicket(String id) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            TestNode.Response r = call("GET", "/v2/tickets/" + id, Map.of(), null);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            String s = r.json().get("state").asText();
            if (s.equals("completed") || s.equals("failed")) return r.json();
            assertThat(System.currentTimeMillis()).as("ticket %s still %s", id, s).isLessThan(deadline);
            sleep(50);
        }
    }

    private static void error(TestNode.Response r, int status, String... contains) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("message").asText()).contains(contains);
    }

    private static List<String> states(JsonNode ticket) {
        List<String> out = new ArrayList<>();
        ticket.get("events").forEach(e -> out.add(e.get("state").asText()));
        return out;
    }

    private String salesReps() {
        String t = unique("sales_reps");
        node.createTable("""
                {"name":"%s","columns":[{"name":"salesRep","type":"text"},{"name":"clientScore","type":"text"},
                 {"name":"lastCall","type":"timestamptz"}],"primaryKey":["salesRep"]}""".formatted(t));
        return t;
    }

    // ---------------------------------------------------------------- the seed

    @Test
    void theSeedsIgnoreExampleWithTicketResultsAndCallback() throws Exception {
        String t = salesReps();
        node.importBody(t, "", "application/json", "[{\"salesRep\":\"Tommy Tombola\",\"clientScore\":\"Z\"}]");
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        TestNode.Response r = importRecords(t, "?responseUri=" + hook + "&responseRef=callers-ref-value", SEED_REQUEST);
        String id = accepted(r);

        JsonNode ticket = r.json();
        assertThat(ticket.get("state").asText()).isEqualTo("accepted");
        assertThat(ticket.get("message").asText()).isEqualTo("Import request of reference data accepted.");
        assertThat(ticket.get("lastUpdate").asText()).endsWith("Z");
        assertThat(ticket.get("events")).hasSize(1);
        assertThat(ticket.at("/events/0/state").asText()).isEqualTo("accepted");
        assertThat(ticket.at("/events/0/message").asText()).isEqualTo("Import request of reference data accepted.");
        assertThat(ticket.at("/events/0/time").asText()).isEqualTo(ticket.get("lastUpdate").asText());
        assertThat(ticket.at("/request/id").asText()).isNotEmpty();
        assertThat(ticket.at("/request/user").asText()).isEqualTo("default");
        assertThat(ticket.at("/request/time").asText()).endsWith("Z");
        assertThat(ticket.at("/request/uri").asText()).isEqualTo("/v2/reference-data/" + t + "/records/import");
        assertThat(ticket.at("/response/uri").asText()).isEqualTo(hook);
        assertThat(ticket.at("/response/ref").asText()).isEqualTo("callers-ref-value");
        assertThat(ticket.has("results")).isFalse();

        JsonNode done = awaitTicket(id);
        assertThat(done.get("state").asText()).isEqualTo("completed");
        assertThat(done.get("message").asText()).isEqualTo("Import request of reference data completed.");
        assertThat(states(done)).containsExactly("accepted", "processing", "completed");
        assertThat(done.at("/results/uri").asText()).isEqualTo("/v2/async-results/" + id);
        assertThat(done.at("/response/ref").asText()).isEqualTo("callers-ref-value");

        // the seed's own results query: ?completed=true&ignored=true
        JsonNode res = call("GET", "/v2/async-results/" + id + "?completed=true&ignored=true", Map.of(), null).json();
        assertThat(res.get("id").asText()).isEqualTo(id);
        assertThat(res.get("lastUpdate").asText()).endsWith("Z");
        assertThat(res.get("counts")).isEqualTo(Json.MAPPER.readTree(
                "{\"requested\":3,\"completed\":2,\"failed\":0,\"ignored\":1,\"total\":3}"));
        assertThat(res.get("completed")).hasSize(2);
        assertThat(res.at("/completed/0/index").asInt()).isZero();
        assertThat(res.at("/completed/1/index").asInt()).isEqualTo(2);
        assertThat(res.at("/completed/0/time").asText()).endsWith("Z");
        assertThat(res.get("ignored")).hasSize(1);
        assertThat(res.at("/ignored/0/index").asInt()).isEqualTo(1);
        assertThat(res.at("/ignored/0").size()).as("index and time").isEqualTo(2);
        assertThat(res.has("failed")).as("not asked for").isFalse();
        // ignore kept the existing record
        assertThat(node.records(t).stream().filter(x -> x.get("salesRep").asText().equals("Tommy Tombola"))
                .findFirst().orElseThrow().get("clientScore").asText()).isEqualTo("Z");

        // responseUri received the final ticket, and the ticket records the delivery
        long deadline = System.currentTimeMillis() + 20_000;
        while (delivered.stream().noneMatch(b -> b.contains(id)) && System.currentTimeMillis() < deadline) sleep(50);
        JsonNode posted = Json.MAPPER.readTree(delivered.stream().filter(b -> b.contains(id)).findFirst().orElseThrow());
        assertThat(posted.get("id").asText()).isEqualTo(id);
        assertThat(posted.get("state").asText()).isEqualTo("completed");
        assertThat(posted.at("/response/ref").asText()).isEqualTo("callers-ref-value");
        assertThat(posted.at("/results/uri").asText()).as("%s", delivered).isEqualTo("/v2/async-results/" + id);
        JsonNode after;
        do {
            sleep(50);
            after = call("GET", "/v2/tickets/" + id, Map.of(), null).json();
        } while (after.at("/response/delivery/state").asText().isEmpty() && System.currentTimeMillis() < deadline);
        assertThat(after.at("/response/delivery/state").asText()).isEqualTo("delivered");
    }

    @Test
    void pathsAreCaseInsensitive() {
        String t = salesReps();
        String id = accepted(call("POST", "/V2/Reference-Data/" + t + "/Records/IMPORT", Map.of(), SEED_REQUEST));
        awaitTicket(id);
        assertThat(call("GET", "/V2/TICKETS/" + id, Map.of(), null).status()).isEqualTo(200);
        assertThat(call("GET", "/v2/Async-Results/" + id + "?failed=true", Map.of(), null).json().get("failed")).isEmpty();
    }

    // ---------------------------------------------------------------- import types and thresholds

    @Test
    void updateKeepsAbsentFieldsAndReplaceClearsThem() {
        String t = unique("ref");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"a","type":"text"},{"name":"b","type":"text"}],
                 "primaryKey":["id"]}""".formatted(t));
        node.importCsv(t, "", "id,a,b\n1,x,y\n2,x,y\n");
        awaitTicket(accepted(importRecords(t, "", "{\"importType\":\"update\",\"records\":[{\"id\":1,\"a\":\"u\"},{\"id\":3,\"a\":\"n\"}]}")));
        awaitTicket(accepted(importRecords(t, "", "{\"records\":[{\"id\":2,\"a\":\"r\"}],\"importType\":\"replace\"}")));
        Map<Long, JsonNode> rows = new HashMap<>();
        node.records(t).forEach(r -> rows.put(r.get("id").asLong(), r));
        assertThat(rows.get(1L).get("a").asText()).isEqualTo("u");
        assertThat(rows.get(1L).get("b").asText()).as("update keeps").isEqualTo("y");
        assertThat(rows.get(2L).get("a").asText()).isEqualTo("r");
        assertThat(rows.get(2L).get("b").isNull()).as("replace clears").isTrue();
        assertThat(rows.get(3L).get("a").asText()).as("new records are always added").isEqualTo("n");
    }

    @Test
    void failedRecordsAreListedWithTheirMessage() {
        String t = unique("scores");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"score","type":"integer"}],"primaryKey":["id"]}"""
                .formatted(t));
        String id = accepted(importRecords(t, "", "{\"importType\":\"update\",\"records\":[{\"id\":1,\"score\":5},{\"id\":2,\"score\":\"high\"}]}"));
        awaitTicket(id);
        JsonNode res = call("GET", "/v2/async-results/" + id + "?completed=true&failed=true&ignored=true", Map.of(), null).json();
        assertThat(res.at("/counts/completed").asInt()).isEqualTo(1);
        assertThat(res.at("/counts/failed").asInt()).isEqualTo(1);
        assertThat(res.at("/counts/total").asInt()).isEqualTo(2);
        assertThat(res.get("failed")).hasSize(1);
        assertThat(res.at("/failed/0/index").asInt()).isEqualTo(1);
        assertThat(res.at("/failed/0/time").asText()).endsWith("Z");
        assertThat(res.at("/failed/0/message").asText()).contains("score").contains("high");
        assertThat(res.get("ignored")).isEmpty();
        // no list asked for: counts only
        JsonNode bare = call("GET", "/v2/async-results/" + id, Map.of(), null).json();
        assertThat(bare.has("completed") || bare.has("failed") || bare.has("ignored")).isFalse();
    }

    @Test
    void errorThresholdStopsTheImport() {
        String t = unique("limits");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"n","type":"integer"}],"primaryKey":["id"]}"""
                .formatted(t));
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 300; i++) records.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"n\":\"bad\"}");
        JsonNode count = awaitTicket(accepted(importRecords(t, "", "{\"importType\":\"update\",\"errorThreshold\":5,\"records\":[" + records + "]}")));
        assertThat(count.get("state").asText()).isEqualTo("failed");
        assertThat(count.get("message").asText()).contains("error threshold exceeded");
        JsonNode percent = awaitTicket(accepted(importRecords(t, "", "{\"importType\":\"update\",\"errorThreshold\":\"50%\",\"records\":[" + records + "]}")));
        assertThat(percent.get("state").asText()).isEqualTo("failed");
        assertThat(states(percent)).endsWith("failed");
        JsonNode none = awaitTicket(accepted(importRecords(t, "", "{\"importType\":\"update\",\"errorThreshold\":0,\"records\":[" + records + "]}")));
        assertThat(none.get("state").asText()).isEqualTo("completed");

        for (String bad : new String[] {"\"0%\"", "\"100%\"", "\"150%\"", "\"5\"", "-1", "1.5", "\"x%\""}) {
            error(importRecords(t, "", "{\"importType\":\"update\",\"errorThreshold\":" + bad + ",\"records\":[]}"), 400, "errorThreshold");
        }
    }

    // ---------------------------------------------------------------- errors

    @Test
    void errorsAsTheSeedListsThem() {
        String t = salesReps();
        error(importRecords("no_such_dataset", "", SEED_REQUEST), 404, "no_such_dataset");
        error(importRecords(t, "", "{\"importType\":\"ignore\",\"records\":[{\"salesRep\":\"a\"}"), 400, "not valid JSON");
        error(importRecords(t, "", "{\"records\":[]}"), 400, "importType");
        error(importRecords(t, "", "{\"importType\":\"merge\",\"records\":[]}"), 400, "importType", "merge");
        error(importRecords(t, "", "{\"importType\":\"ignore\"}"), 400, "records");
        error(importRecords(t, "", "{\"importType\":\"ignore\",\"records\":[1]}"), 400, "records[0]");
        error(importRecords(t, "", "{\"importType\":\"ignore\",\"records\":[{\"colour\":\"red\"}]}"), 400, "colour");
        error(importRecords(t, "?responseUri=ftp://x", SEED_REQUEST), 400, "responseUri");
        String big = "{\"importType\":\"ignore\",\"records\":[" + "{\"salesRep\":\"x\"},".repeat((int) (YesmailSettings.MAX_BODY / 10)) + "{}]}";
        error(importRecords(t, "", big), 413, "limit");
        // If-Match: the dataset's ETag (as the native API gives it), or 409
        String etag = node.get("/v1/tables/" + t).header("ETag");
        error(call("POST", "/v2/reference-data/" + t + "/records/import", Map.of("If-Match", "\"stale-1\""), SEED_REQUEST), 409, "If-Match");
        accepted(call("POST", "/v2/reference-data/" + t + "/records/import", Map.of("If-Match", etag), SEED_REQUEST));
        error(call("GET", "/v2/tickets/00000000-0000-0000-0000-000000000000", Map.of(), null), 404, "ticket");
        error(call("GET", "/v2/async-results/00000000-0000-0000-0000-000000000000", Map.of(), null), 404, "ticket");
    }

    @Test
    void authentication() {
        String t = salesReps();
        error(call("POST", "/v2/reference-data/" + t + "/records/import", Map.of("Api-Key", ""), SEED_REQUEST), 401, "Api-User");
        error(call("POST", "/v2/reference-data/" + t + "/records/import", Map.of("Api-Key", "frt_wrong"), SEED_REQUEST), 401, "Api-Key");
        error(call("POST", "/v2/reference-data/" + t + "/records/import", Map.of("Api-User", "other"), SEED_REQUEST), 401, "Api-User");
        error(call("GET", "/v2/tickets/x", Map.of("Api-User", ""), null), 401, "Api-User");
        String read = node.postJson("/v1/keys", "{\"role\":\"read\",\"name\":\"r\"}").json().get("key").asText();
        error(call("POST", "/v2/reference-data/" + t + "/records/import", Map.of("Api-Key", read), SEED_REQUEST), 403, "read-only");
    }

    // ---------------------------------------------------------------- transient store failures

    /**
     * A transient store failure during a chunk: the ticket shows {@code retrying}, then the job
     * resumes after its last committed chunk and every record is applied once.
     */
    @Test
    void aTransientStoreFailureIsRetried() throws Exception {
        String t = unique("retried");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"v","type":"text"}],"primaryKey":["id"]}"""
                .formatted(t));
        int n = kind == StoreKind.SQLITE ? 40_000 : 50;
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < n; i++) records.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"v\":\"r").append(i).append("\"}");
        String body = "{\"importType\":\"update\",\"records\":[" + records + "]}";
        String id;
        if (kind == StoreKind.POSTGRESQL) id = failOnPostgres(t, body);
        else id = failOnSqlite(t, body);
        JsonNode done = awaitTicket(id);
        assertThat(done.get("state").asText()).as("%s", done).isEqualTo("completed");
        List<String> states = states(done);
        assertThat(states).containsSubsequence("accepted", "processing", "retrying", "processing", "completed");
        JsonNode res = call("GET", "/v2/async-results/" + id, Map.of(), null).json();
        assertThat(res.at("/counts/completed").asInt()).isEqualTo(n);
        assertThat(res.at("/counts/total").asInt()).isEqualTo(n);
        assertThat(node.records(t)).hasSize(n);
    }

    /** How many times a job of this node paused on a failing store ({@code freight_store_pauses_total}). */
    private double storePauses() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^freight_store_pauses_total (\\S+)$")
                .matcher(node.get("/metrics", null).body());
        assertThat(m.find()).isTrue();
        return Double.parseDouble(m.group(1));
    }

    /** The worker blocks on a table lock; its connection is ended under it, then the lock is released. */
    private String failOnPostgres(String table, String body) throws Exception {
        try (Connection c = DriverManager.getConnection(node.jdbcUrl()); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("LOCK TABLE public.\"" + table + "\" IN ACCESS EXCLUSIVE MODE");
            String id = accepted(importRecords(table, "", body));
            long deadline = System.currentTimeMillis() + 30_000;
            Integer pid = null;
            while (pid == null && System.currentTimeMillis() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT pid FROM pg_locks WHERE NOT granted AND relation = 'public.\"" + table + "\"'::regclass")) {
                    if (rs.next()) pid = rs.getInt(1);
                }
                if (pid == null) sleep(20);
            }
            assertThat(pid).as("the worker waits on the lock").isNotNull();
            s.execute("SELECT pg_terminate_backend(" + pid + ")");
            c.commit();
            return id;
        }
    }

    /**
     * Once the job has committed a chunk, another connection takes SQLite's write lock and holds
     * it until the worker's next chunk has given up (SQLITE_BUSY after one busy timeout, transient)
     * and the job counts as paused ({@code freight_store_pauses} moved on); its {@code retrying}
     * event, refused while the lock is held, is written once it is released.
     */
    private String failOnSqlite(String table, String body) throws Exception {
        String id = accepted(importRecords(table, "", body));
        long deadline = System.currentTimeMillis() + 30_000;
        Job job;
        do {
            job = node.node().store().job(id).orElseThrow();
        } while (job.counts().processed() == 0 && System.currentTimeMillis() < deadline);
        assertThat(job.state().isFinal()).as("the job is still running after its first chunk").isFalse();
        double pausesBefore = storePauses();
        try (Connection c = DriverManager.getConnection(node.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("BEGIN IMMEDIATE"); // waits for the chunk in flight to commit
            long until = System.currentTimeMillis() + 30_000;
            while (storePauses() == pausesBefore) {
                assertThat(System.currentTimeMillis()).as("the job never paused on the locked file").isLessThan(until);
                sleep(20);
            }
            s.execute("COMMIT");
        }
        return id;
    }
}
