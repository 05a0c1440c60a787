package dev.freight.robust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import dev.freight.testing.ThrowawayPostgres;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The database failing under running jobs: PostgreSQL restarted (a cluster of the test's own,
 * down for longer than any bounded retry), SQLite's file locked by another process. Jobs pause
 * and resume once it answers, the node stays up, {@code /health} says {@code degraded} (503)
 * meanwhile and {@code /metrics} counts the pauses; no row is lost or applied twice. A disk
 * full under the spool is a 507 with nothing stored (a tmpfs of a few MB, mounted here; the
 * test is skipped where mounting is not allowed).
 */
@Tag("slow")
class FaultsTest {
    private static final int ROWS = 200_000;
    /** Longer than the old bounded retries (about 18 s): only a pause that waits for the database survives it. */
    private static final Duration OUTAGE = Duration.ofSeconds(20);

    @Test
    void postgresRestartedMidJobPausesTheJobUntilItReturns() throws Exception {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(bin.isPresent(), "no PostgreSQL binaries under /usr/lib/postgresql/*/bin: this test restarts a cluster of its own");
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.get());
             TestNode node = TestNode.startOn(pg.url("freight"), 1, 500, c -> c)) {
            String jobId = startBigJob(node, "restarted");
            pg.stop();
            long downAt = System.nanoTime();
            JsonNode health = awaitHealth(node, h -> h.get("db").asText().equals("down"));
            assertThat(health.get("status").asText()).isEqualTo("degraded");
            awaitHealth(node, h -> h.path("pausedJobs").asInt() == 1);
            assertThat(node.get("/v1/jobs/" + jobId).status()).as("the API answers 503 while the database is down").isEqualTo(503);
            sleepUntil(downAt + OUTAGE.toNanos());
            pg.start();
            assertResumedAndExact(node, jobId, "restarted", "paused: ");
        }
    }

    @Test
    void aLockedSqliteFilePausesTheJobUntilItIsFree() throws Exception {
        try (TestNode node = TestNode.start(StoreKind.SQLITE, 1, 500, c -> c.withDbUrl(c.jdbcUrl() + "?busy_timeout=300"))) {
            String jobId = startBigJob(node, "locked");
            try (Connection c = DriverManager.getConnection(node.jdbcUrl()); Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout=10000");
                s.execute("BEGIN IMMEDIATE"); // another process holds the write lock
                long lockedAt = System.nanoTime();
                JsonNode health = awaitHealth(node, h -> h.path("pausedJobs").asInt() == 1);
                assertThat(health.get("status").asText()).isEqualTo("degraded");
                assertThat(health.get("db").asText()).isEqualTo("failing");
                sleepUntil(lockedAt + OUTAGE.toNanos());
                s.execute("COMMIT");
            }
            assertResumedAndExact(node, jobId, "locked", "paused: the database file is busy or locked by another process");
        }
    }

    @Test
    void aFullDiskUnderTheSqliteSpoolIs507AndNothingIsStored(@TempDir Path dir) throws Exception {
        Path mount = Files.createDirectories(dir.resolve("tiny"));
        assumeTrue(mount(mount, "4m"), "cannot mount a small tmpfs here (needs root): the disk-full test is skipped");
        try (TestNode node = TestNode.start(StoreKind.SQLITE, 1, 500,
                c -> c.withDbUrl("jdbc:sqlite:" + mount.resolve("freight.db")))) {
            createTable(node, "full");
            TestNode.Response r = node.send("POST", "/v1/tables/full/imports", TestNode.ADMIN_KEY, Map.of("Content-Type", "text/csv"),
                    HttpRequest.BodyPublishers.ofString(incompressibleCsv()));
            assertThat(r.status()).as("%s", r).isEqualTo(507);
            assertThat(r.json().get("detail").asText()).contains("no room to store the body").contains("nothing was stored");
            assertThat(count("jdbc:sqlite:" + mount.resolve("freight.db"), "freight_payloads")).isZero();
            assertThat(node.get("/v1/jobs").json().get("items")).isEmpty();
            assertThat(node.get("/health").status()).isEqualTo(200);
        } finally {
            umount(mount);
        }
    }

    @Test
    void aFullDiskUnderThePostgresSpoolIs507AndNothingIsStored(@TempDir Path dir) throws Exception {
        Optional<Path> bin = ThrowawayPostgres.binaries();
        assumeTrue(bin.isPresent(), "no PostgreSQL binaries under /usr/lib/postgresql/*/bin");
        Path mount = Files.createDirectories(dir.resolve("tiny"));
        dir.toFile().setExecutable(true, false); // the server (user postgres) must reach its tablespace
        assumeTrue(mount(mount, "8m"), "cannot mount a small tmpfs here (needs root): the disk-full test is skipped");
        try (ThrowawayPostgres pg = ThrowawayPostgres.start(bin.get())) {
            pg.run(List.of("chown", "postgres", mount.toString()), false);
            try (TestNode node = TestNode.startOn(pg.url("freight"), 1, 500, c -> c)) {
                node.sql("CREATE TABLESPACE tiny LOCATION '" + mount + "'", "ALTER TABLE freight.payloads SET TABLESPACE tiny");
                createTable(node, "full");
                TestNode.Response r = node.send("POST", "/v1/tables/full/imports", TestNode.ADMIN_KEY, Map.of("Content-Type", "text/csv"),
                        HttpRequest.BodyPublishers.ofString(incompressibleCsv()));
                assertThat(r.status()).as("%s", r).isEqualTo(507);
                assertThat(count(pg.url("freight"), "freight.payloads")).isZero();
                assertThat(node.get("/v1/jobs").json().get("items")).isEmpty();
                // a body that fits is taken as usual
                JsonNode job = node.importCsv("full", "", csv(100, "y"));
                assertThat(job.get("state").asText()).isEqualTo("completed");
            }
        } finally {
            umount(mount);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void createTable(TestNode node, String name) {
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],"primaryKey":["id"]}"""
                .formatted(name));
    }

    private static String csv(int rows, String pad) {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = 0; i < rows; i++) sb.append(i % (ROWS * 3 / 4)).append(",name-").append(i).append(pad).append('\n');
        return sb.toString();
    }

    /** ROWS rows of random hex: bodies are stored compressed, and this one does not shrink, so it cannot fit the small disk. */
    private static String incompressibleCsv() {
        java.util.Random random = new java.util.Random(42);
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = 0; i < ROWS; i++) {
            sb.append(i).append(',');
            for (int k = 0; k < 5; k++) sb.append(Long.toHexString(random.nextLong()));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Starts a 200,000-row upsert (ids repeat: later rows win) and waits until some chunks are in. */
    private static String startBigJob(TestNode node, String table) throws InterruptedException {
        createTable(node, table);
        TestNode.Response r = node.post("/v1/tables/" + table + "/imports", "text/csv", csv(ROWS, ""), TestNode.ADMIN_KEY);
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        String id = r.json().get("id").asText();
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode job;
        do {
            job = node.get("/v1/jobs/" + id).json();
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no progress: " + job);
            Thread.sleep(10);
        } while (job.at("/counts/processed").asLong() < 5_000);
        assertThat(job.get("state").asText()).as("the fault comes too late to test anything").isEqualTo("running");
        return id;
    }

    private static void assertResumedAndExact(TestNode node, String jobId, String table, String pauseEvent) {
        JsonNode job = node.awaitFinal(jobId);
        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("completed");
        assertThat(job.at("/counts/processed").asLong()).isEqualTo(ROWS);
        assertThat(job.toString()).contains(pauseEvent).contains("resumed after row");
        List<JsonNode> results = node.results(jobId);
        assertThat(results).hasSize(ROWS);
        for (int i = 0; i < ROWS; i++) assertThat(results.get(i).get("index").asLong()).isEqualTo(i);
        List<JsonNode> records = node.records(table);
        assertThat(records).hasSize(ROWS * 3 / 4);
        for (JsonNode r : records) { // later rows win
            long id = r.get("id").asLong();
            long last = id + ROWS * 3L / 4 < ROWS ? id + ROWS * 3L / 4 : id;
            assertThat(r.get("name").asText()).isEqualTo("name-" + last);
        }
        assertThat(node.get("/health").json().get("status").asText()).isEqualTo("up");
        String metrics = node.get("/metrics").body();
        assertThat(metrics).contains("freight_jobs_paused 0.0");
        assertThat(metrics).containsPattern("freight_store_pauses_total [1-9]");
    }

    private static JsonNode awaitHealth(TestNode node, Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            TestNode.Response r = node.send("GET", "/health", null, Map.of(), null);
            JsonNode h = r.json();
            if (until.test(h)) {
                assertThat(r.status()).isEqualTo(503);
                return h;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("/health never got there");
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) Thread.sleep(Math.min(500, left / 1_000_000 + 1));
    }

    private static long count(String url, String table) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean mount(Path dir, String size) {
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static void umount(Path dir) throws Exception {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor();
    }
}
