package dev.freight.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Config;
import dev.freight.Freight;
import dev.freight.Json;
import dev.freight.store.StoreKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real Freight node for tests: in-process, on port 0, over a fresh SQLite file or a fresh
 * PostgreSQL database (created on the server of {@code FREIGHT_TEST_PG}, dropped at close).
 * Talks real HTTP over loopback.
 */
public final class TestNode implements AutoCloseable {
    public static final String ADMIN_KEY = "frt_test_admin_key_0123456789abcdef";
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    private final StoreKind kind;
    private final Path dataDir;
    private final String pgDatabase;
    private final String jdbcUrl;
    private Freight node;
    private long maxBody = DEFAULT_MAX_BODY;
    private int chunkSize = 500;
    private java.util.function.UnaryOperator<Config> configure = c -> c;
    private java.time.Clock clock = java.time.Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private TestNode(StoreKind kind, Path dataDir, String pgDatabase, String jdbcUrl) {
        this.kind = kind;
        this.dataDir = dataDir;
        this.pgDatabase = pgDatabase;
        this.jdbcUrl = jdbcUrl;
    }

    public static TestNode start(StoreKind kind) {
        return start(kind, 2, 500);
    }

    /** A node with {@code workers} workers and small chunks, so tests cross chunk boundaries. */
    public static TestNode start(StoreKind kind, int workers, int chunkSize) {
        return start(kind, workers, chunkSize, DEFAULT_MAX_BODY);
    }

    /** A node whose configuration {@code configure} adjusts (dialect limits, callback schedule). */
    public static TestNode start(StoreKind kind, int workers, int chunkSize, java.util.function.UnaryOperator<Config> configure) {
        return start(kind, workers, chunkSize, DEFAULT_MAX_BODY, configure);
    }

    /** A node whose {@code --max-body} is {@code maxBody} bytes (for the 413 and expansion limits). */
    public static TestNode start(StoreKind kind, int workers, int chunkSize, long maxBody) {
        return start(kind, workers, chunkSize, maxBody, c -> c);
    }

    /** A node whose store reads the time from {@code clock} (a {@link MovableClock} instead of sleeping). */
    public static TestNode start(StoreKind kind, int workers, int chunkSize, java.util.function.UnaryOperator<Config> configure,
                                 java.time.Clock clock) {
        return start(kind, workers, chunkSize, DEFAULT_MAX_BODY, configure, clock);
    }

    private static TestNode start(StoreKind kind, int workers, int chunkSize, long maxBody,
                                  java.util.function.UnaryOperator<Config> configure) {
        return start(kind, workers, chunkSize, maxBody, configure, java.time.Clock.systemUTC());
    }

    private static TestNode start(StoreKind kind, int workers, int chunkSize, long maxBody,
                                  java.util.function.UnaryOperator<Config> configure, java.time.Clock clock) {
        try {
            Path dir = Files.createTempDirectory("freight-test-");
            TestNode t = switch (kind) {
                case SQLITE -> new TestNode(kind, dir, null, null);
                case POSTGRESQL -> {
                    String db = "freight_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
                    try (Connection c = DriverManager.getConnection(PgServer.url());
                         Statement s = c.createStatement()) {
                        s.execute("CREATE DATABASE " + db);
                    }
                    yield new TestNode(kind, dir, db, PgServer.urlFor(db));
                }
            };
            t.maxBody = maxBody;
            t.chunkSize = chunkSize;
            t.configure = configure;
            t.clock = clock;
            t.boot(workers, chunkSize);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + PgServer.url() + ": " + e.getMessage(), e);
        }
    }

    /** A node on a PostgreSQL database of the test's own (e.g. a {@link ThrowawayPostgres}); it is not dropped at close. */
    public static TestNode startOn(String jdbcUrl, int workers, int chunkSize, java.util.function.UnaryOperator<Config> configure) {
        try {
            TestNode t = new TestNode(StoreKind.POSTGRESQL, Files.createTempDirectory("freight-test-"), null, jdbcUrl);
            t.chunkSize = chunkSize;
            t.configure = configure;
            t.boot(workers, chunkSize);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Another node on {@code first}'s PostgreSQL database, as a second {@code freight serve}
     * would be: same database, its own data directory and port. Closing it leaves the database
     * to {@code first}, which drops it.
     */
    public static TestNode join(TestNode first, int workers, int chunkSize) {
        if (first.kind != StoreKind.POSTGRESQL) throw new IllegalArgumentException("only PostgreSQL nodes share a database");
        try {
            TestNode t = new TestNode(first.kind, Files.createTempDirectory("freight-test-"), null, first.jdbcUrl);
            t.configure = first.configure; // the same cluster settings (lease, limits)
            t.clock = first.clock;
            t.boot(workers, chunkSize);
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot(int workers, int chunkSize) {
        node = Freight.start(configure.apply(new Config("127.0.0.1", 0, dataDir, jdbcUrl, maxBody, workers, chunkSize,
                List.of("127.0.0.0/8"), ADMIN_KEY)), clock);
    }

    /** Stops the node and starts it again on the same database (a graceful restart). */
    public void restart() {
        int workers = node.dispatcher().workers();
        node.close();
        boot(workers, chunkSize);
    }

    public StoreKind kind() {
        return kind;
    }

    public Freight node() {
        return node;
    }

    /** The JDBC URL of this node's database. */
    public String jdbcUrl() {
        return jdbcUrl != null ? jdbcUrl : "jdbc:sqlite:" + dataDir.resolve("freight.db").toAbsolutePath();
    }

    public Path dataDir() {
        return dataDir;
    }

    public String base() {
        return "http://127.0.0.1:" + node.port();
    }

    // ---------------------------------------------------------------- HTTP

    public record Response(int status, HttpResponse<String> raw) {
        public String body() {
            return raw.body();
        }

        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + raw.body(), e);
            }
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Response send(String method, String path, String key, Map<String, String> headers, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (key != null) b.header("Authorization", "Bearer " + key);
        headers.forEach(b::header);
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response get(String path) {
        return send("GET", path, ADMIN_KEY, Map.of(), null);
    }

    public Response get(String path, String key) {
        return send("GET", path, key, Map.of(), null);
    }

    public Response postJson(String path, String json) {
        return postJson(path, json, ADMIN_KEY);
    }

    public Response postJson(String path, String json, String key) {
        return send("POST", path, key, Map.of("Content-Type", "application/json"), HttpRequest.BodyPublishers.ofString(json));
    }

    public Response post(String path, String contentType, String body, String key) {
        return send("POST", path, key, Map.of("Content-Type", contentType), HttpRequest.BodyPublishers.ofString(body));
    }

    public Response delete(String path) {
        return send("DELETE", path, ADMIN_KEY, Map.of(), null);
    }

    /** A key as {@code POST /v1/keys} answers it (the secret is shown once). */
    public record Key(String id, String secret) {}

    /** Creates a key (by the admin key of default); fails the test unless 201. */
    public Key newKey(String workspace, String role, String... groups) {
        String g = groups.length == 0 ? "" : ",\"groups\":" + Json.write(List.of(groups));
        Response r = postJson("/v1/keys", "{\"workspace\":\"%s\",\"role\":\"%s\",\"name\":\"k\"%s}".formatted(workspace, role, g));
        if (r.status() != 201) throw new AssertionError("create key: " + r);
        return new Key(r.json().get("id").asText(), r.json().get("key").asText());
    }

    /** Creates a table from its JSON definition; fails the test unless 201. */
    public JsonNode createTable(String json) {
        Response r = postJson("/v1/tables", json);
        if (r.status() != 201) throw new AssertionError("create table: " + r);
        return r.json();
    }

    /** Imports CSV and waits for the job to end; returns the final job. */
    public JsonNode importCsv(String table, String query, String csv) {
        return importBody(table, query, "text/csv", csv);
    }

    public JsonNode importBody(String table, String query, String contentType, String body) {
        Response r = post("/v1/tables/" + table + "/imports?wait=60" + (query.isEmpty() ? "" : "&" + query), contentType, body, ADMIN_KEY);
        if (r.status() != 200 && r.status() != 202) throw new AssertionError("import: " + r);
        return awaitFinal(r.json().get("id").asText());
    }

    public JsonNode awaitFinal(String jobId) {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode j = get("/v1/jobs/" + jobId).json();
            String s = j.get("state").asText();
            if (s.equals("completed") || s.equals("failed") || s.equals("cancelled")) return j;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw new AssertionError("job " + jobId + " did not end within 120 s");
    }

    /** Every record of a table (JSON), in key order. */
    public List<JsonNode> records(String table) {
        List<JsonNode> out = new java.util.ArrayList<>();
        String after = null;
        do {
            JsonNode page = get("/v1/tables/" + table + "/records?limit=1000" + (after == null ? "" : "&after=" + after)).json();
            page.get("items").forEach(out::add);
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return out;
    }

    /** Every result of a job, in index order. */
    public List<JsonNode> results(String jobId) {
        List<JsonNode> out = new java.util.ArrayList<>();
        String after = null;
        do {
            JsonNode page = get("/v1/jobs/" + jobId + "/results?limit=10000" + (after == null ? "" : "&after=" + after)).json();
            page.get("items").forEach(out::add);
            after = page.get("next").isNull() ? null : page.get("next").asText();
        } while (after != null);
        return out;
    }

    /** Runs SQL directly against the node's database (to create tables "by another tool", or to check). */
    public void sql(String... statements) {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement s = c.createStatement()) {
            for (String q : statements) s.execute(q);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of {@code query} as text (null when no row or SQL NULL). */
    public String sqlValue(String query) {
        try (Connection c = DriverManager.getConnection(jdbcUrl()); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (node != null) node.close();
        if (pgDatabase != null) {
            try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            } catch (SQLException ignored) {
                // a leftover test database is harmless
            }
        }
    }
}
