package dev.freight.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.PgServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Two node processes on one PostgreSQL database; kill -9 of the node running a 200,000-row
 * job: the other node takes the job over once the lease lapses, resumes it after the last
 * committed chunk, and the table equals an uninterrupted run, with one result per row.
 */
@Tag("slow")
class NodeFailoverTest {

    @Test
    void survivorFinishesTheJobOfAKilledNode(@TempDir Path dir) throws Exception {
        String db = "freight_fo_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        String url = PgServer.urlFor(db);
        Path csv = dir.resolve("rows.csv");
        Map<Long, String> expected = CrashRecoveryTest.writeInput(csv);
        List<String> flags = List.of("--db", url, "--lease", "3s", "--chunk-size", "2000", "--workers", "1");
        ServerProcess a = ServerProcess.start(dir.resolve("a"), List.of("-Xmx512m"), flags.toArray(String[]::new));
        ServerProcess b = ServerProcess.start(dir.resolve("b"), List.of("-Xmx512m"), flags.toArray(String[]::new));
        try {
            Client ca = new Client(a.base());
            ca.postJson("/v1/tables", """
                    {"name":"crash","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                     {"name":"score","type":"integer"}],"primaryKey":["id"]}""");
            String jobId = ca.postFile("/v1/tables/crash/imports", "text/csv", csv).get("id").asText();
            long deadline = System.currentTimeMillis() + 120_000;
            JsonNode job = ca.get("/v1/jobs/" + jobId);
            while (job.at("/counts/processed").asLong() < 10_000) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("no progress:\n" + a.log() + b.log());
                Thread.sleep(20);
                job = ca.get("/v1/jobs/" + jobId);
            }
            assertThat(job.get("state").asText()).isEqualTo("running");
            // the running node is the one whose owner id the "started on …" event names
            String started = job.get("events").get(job.get("events").size() - 1).get("message").asText();
            String owner = started.substring(started.indexOf("node-")).split("/")[0];
            boolean aRuns = a.log().contains(owner + " takes jobs");
            assertThat(aRuns || b.log().contains(owner + " takes jobs")).as(started).isTrue();
            ServerProcess victim = aRuns ? a : b;
            ServerProcess survivor = aRuns ? b : a;
            victim.kill();

            Client cs = new Client(survivor.base());
            JsonNode done = cs.awaitState(jobId, 300_000, "completed", "failed");
            assertThat(done.get("state").asText()).as(survivor.log()).isEqualTo("completed");
            assertThat(done.toString()).contains("lease expired");
            assertThat(done.at("/counts/processed").asLong()).isEqualTo(CrashRecoveryTest.ROWS);

            long index = 0;
            String after = null;
            do {
                JsonNode page = cs.get("/v1/jobs/" + jobId + "/results?limit=10000" + (after == null ? "" : "&after=" + after));
                for (JsonNode r : page.get("items")) assertThat(r.get("index").asLong()).isEqualTo(index++);
                after = page.get("next").isNull() ? null : page.get("next").asText();
            } while (after != null);
            assertThat(index).isEqualTo(CrashRecoveryTest.ROWS);

            Map<Long, String> actual = new HashMap<>();
            after = null;
            do {
                JsonNode page = cs.get("/v1/tables/crash/records?limit=10000" + (after == null ? "" : "&after=" + after));
                for (JsonNode r : page.get("items")) actual.put(r.get("id").asLong(), r.get("name").asText() + "|" + r.get("score").asText());
                after = page.get("next").isNull() ? null : page.get("next").asText();
            } while (after != null);
            assertThat(new TreeMap<>(actual)).isEqualTo(expected);
        } finally {
            a.close();
            b.close();
            try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            }
        }
    }
}
