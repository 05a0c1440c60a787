package dev.freight.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/** Several nodes on one PostgreSQL share the queue: every job runs once, one table's jobs in order. */
@Tag("slow")
class PgClusterTest {
    private static final int TABLES = 10;
    private static final int JOBS = 60;
    private static final int ROWS = 120; // three chunks of 50 per job

    /** A submitted job: which table, the label its rows carry, the number the queue gave it. */
    private record Submitted(String id, int table, int label, long number) {}

    @Test
    void threeNodesRunSixtyJobsOverTenTablesEachOnceAndInOrder() throws Exception {
        try (TestNode a = TestNode.start(StoreKind.POSTGRESQL, 2, 50);
             TestNode b = TestNode.join(a, 2, 50);
             TestNode c = TestNode.join(a, 2, 50)) {
            List<TestNode> nodes = List.of(a, b, c);
            for (int t = 0; t < TABLES; t++) {
                a.createTable("""
                        {"name":"t%d","columns":[{"name":"id","type":"integer"},{"name":"label","type":"integer"},
                         {"name":"seq","type":"integer","autonumber":true}],
                         "primaryKey":["id"]}""".formatted(t));
            }
            // three clients submit at once, each to its own node; a table's order is the order of job numbers
            Map<Integer, Submitted> byLabel = new ConcurrentHashMap<>();
            ExecutorService clients = Executors.newFixedThreadPool(3);
            List<Future<?>> sent = new ArrayList<>();
            for (int n = 0; n < 3; n++) {
                TestNode node = nodes.get(n);
                int client = n;
                sent.add(clients.submit(() -> {
                    for (int label = client; label < JOBS; label += 3) {
                        int table = label % TABLES;
                        TestNode.Response r = node.post("/v1/tables/t" + table + "/imports", "text/csv", csv(label),
                                TestNode.ADMIN_KEY);
                        assertThat(r.status()).as(r.toString()).isEqualTo(202);
                        byLabel.put(label, new Submitted(r.json().get("id").asText(), table, label,
                                r.json().get("number").asLong()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) f.get();
            clients.shutdown();
            assertThat(byLabel).hasSize(JOBS);

            Map<Integer, List<JsonNode>> jobsByTable = new TreeMap<>();
            Map<String, Integer> jobsByNode = new TreeMap<>();
            for (Submitted s : byLabel.values()) {
                JsonNode job = a.awaitFinal(s.id());
                assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("completed");
                jobsByTable.computeIfAbsent(s.table(), k -> new ArrayList<>()).add(job);
                String startedOn = job.at("/events/1/message").asText(); // "started on <lease owner>"
                for (TestNode node : nodes) {
                    String owner = node.node().dispatcher().owner();
                    if (startedOn.contains(owner)) jobsByNode.merge(owner, 1, Integer::sum);
                }
            }
            System.out.println("jobs per node: " + jobsByNode.values());
            assertThat(jobsByNode).as("every node took part").hasSize(3);
            assertThat(jobsByNode.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(JOBS);
            for (Map.Entry<Integer, List<JsonNode>> e : jobsByTable.entrySet()) {
                List<JsonNode> jobs = e.getValue();
                jobs.sort(Comparator.comparingLong(j -> j.get("number").asLong()));
                assertThat(jobs).hasSize(JOBS / TABLES);
                for (int k = 0; k < jobs.size(); k++) {
                    JsonNode j = jobs.get(k);
                    // ran exactly once: one start, one end, and counts of a single pass
                    assertThat(states(j)).as(j.toString()).containsExactly("queued", "running", "completed");
                    assertThat(j.at("/counts/processed").asLong()).isEqualTo(ROWS + 1);
                    assertThat(j.at("/counts/inserted").asLong()).as(j.toString()).isEqualTo(k == 0 ? ROWS + 1 : 1);
                    assertThat(j.at("/counts/updated").asLong()).as(j.toString()).isEqualTo(k == 0 ? 0 : ROWS);
                    if (k > 0) {
                        // one at a time, in number order: a job starts only after the one before it ended
                        Instant prevEnd = Instant.parse(jobs.get(k - 1).get("finishedAt").asText());
                        Instant start = Instant.parse(j.get("startedAt").asText());
                        assertThat(start).as("job %s of table t%d", j.get("number"), e.getKey()).isAfterOrEqualTo(prevEnd);
                    }
                }
                // through the data: the shared rows carry the last job's label; each job left its own row once,
                // numbered in the order the jobs ran, which must be the order of their numbers
                String t = "t" + e.getKey();
                int last = label(jobs.get(jobs.size() - 1), byLabel);
                assertThat(a.sqlValue("SELECT count(*) FROM " + t + " WHERE id <= " + ROWS + " AND label = " + last))
                        .isEqualTo(Integer.toString(ROWS));
                StringBuilder own = new StringBuilder();
                for (JsonNode j : jobs) own.append(own.isEmpty() ? "" : ",").append(label(j, byLabel));
                assertThat(a.sqlValue("SELECT string_agg(label::text, ',' ORDER BY seq) FROM " + t + " WHERE id > " + ROWS))
                        .isEqualTo(own.toString());
            }
        }
    }

    /**
     * Job {@code label}'s rows: the shared ids 1..ROWS set to its label, then one row of its own
     * (id 1000 + label) whose autonumber {@code seq} is drawn when the job runs: those rows' seq
     * record the order in which the table's jobs really ran.
     */
    private static String csv(int label) {
        StringBuilder sb = new StringBuilder("id,label\n");
        for (int id = 1; id <= ROWS; id++) sb.append(id).append(',').append(label).append('\n');
        return sb.append(1000 + label).append(',').append(label).append('\n').toString();
    }

    private static List<String> states(JsonNode job) {
        List<String> out = new ArrayList<>();
        job.get("events").forEach(ev -> out.add(ev.get("state").asText()));
        return out;
    }

    private static int label(JsonNode job, Map<Integer, Submitted> byLabel) {
        return byLabel.values().stream().filter(s -> s.id().equals(job.get("id").asText())).findFirst().orElseThrow().label();
    }
}
