package dev.freight.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * The node running a job loses its database in the middle (as if it died: no chunk, progress or
 * lease renewal of it reaches the database any more). Once its lease lapses the other node
 * requeues the job, resumes it after its last committed chunk, and the table ends as an
 * uninterrupted run leaves it, with exactly one result per row. Runs with a 3 s lease.
 */
@Tag("slow")
class PgFailoverTest {
    private static final int ROWS = 60_000;
    private static final int DISTINCT_IDS = 40_000;

    @Test
    void anotherNodeResumesAJobWhoseNodeDied() throws Exception {
        try (TestNode a = TestNode.start(StoreKind.POSTGRESQL, 1, 500, c -> c.withLease(java.time.Duration.ofSeconds(3)));
             TestNode b = TestNode.join(a, 1, 500)) {
            a.createTable("""
                    {"name":"failover","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],
                     "primaryKey":["id"]}""");
            StringBuilder csv = new StringBuilder("id,name\n");
            Map<Long, String> expected = new TreeMap<>();
            for (int i = 0; i < ROWS; i++) {
                csv.append(i % DISTINCT_IDS).append(",name-").append(i).append('\n'); // later rows win
                expected.put((long) (i % DISTINCT_IDS), "name-" + i);
            }
            TestNode.Response r = a.post("/v1/tables/failover/imports", "text/csv", csv.toString(), TestNode.ADMIN_KEY);
            String jobId = r.json().get("id").asText();

            JsonNode running = waitFor(a, jobId, j -> j.at("/counts/processed").asLong() >= 5_000);
            assertThat(running.get("state").asText()).as("killed too late to test anything").isEqualTo("running");
            String owner = running.at("/events/1/message").asText();
            TestNode victim = owner.contains(a.node().dispatcher().owner() + "/") ? a : b; // leases are owner/claim
            TestNode survivor = victim == a ? b : a;
            victim.node().store().close(); // from now on this node cannot reach the database

            JsonNode job = waitFor(survivor, jobId, j -> j.get("state").asText().equals("completed"));
            assertThat(job.at("/counts/processed").asLong()).isEqualTo(ROWS);
            assertThat(job.toString()).contains("lease expired")
                    .contains("started on " + survivor.node().dispatcher().owner() + "/");

            List<JsonNode> results = survivor.results(jobId);
            assertThat(results).hasSize(ROWS);
            for (int i = 0; i < ROWS; i++) assertThat(results.get(i).get("index").asLong()).isEqualTo(i);

            Map<Long, String> actual = new TreeMap<>();
            for (JsonNode row : survivor.records("failover")) actual.put(row.get("id").asLong(), row.get("name").asText());
            assertThat(actual).isEqualTo(expected);
        }
    }

    private static JsonNode waitFor(TestNode node, String jobId, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode j = node.get("/v1/jobs/" + jobId).json();
            if (done.test(j)) return j;
            if (j.get("state").asText().equals("failed")) throw new AssertionError("job failed: " + j);
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " did not get there within 120 s");
    }
}
