package dev.freight.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * kill -9 in the middle of a 200,000-row import, restart: the job resumes after its last
 * committed chunk, the table equals what an uninterrupted run gives, and every row index has
 * exactly one result.
 */
@Tag("slow")
class CrashRecoveryTest {
    static final int ROWS = 200_000;
    static final int DISTINCT_IDS = 150_000;

    /** The input: ids repeat (later rows win), every 997th row has a bad score. */
    static Map<Long, String> writeInput(Path csv) throws Exception {
        Map<Long, String> expected = new TreeMap<>();
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,name,score\n");
            for (int i = 0; i < ROWS; i++) {
                long id = i % DISTINCT_IDS;
                String name = "name-" + i;
                boolean bad = i % 997 == 0;
                String score = bad ? "x" + i : Integer.toString(i % 1000);
                w.write(id + "," + name + "," + score + "\n");
                if (!bad) expected.put(id, name + "|" + score);
            }
        }
        return expected;
    }

    @Test
    void killedMidJobResumesAndLosesNothing(@TempDir Path dir) throws Exception {
        interruptAndResume(dir, true);
    }

    /** SIGTERM: the node stops gracefully, the job goes back to the queue and resumes at the next start. */
    @Test
    void terminatedMidJobResumesAndLosesNothing(@TempDir Path dir) throws Exception {
        interruptAndResume(dir, false);
    }

    private void interruptAndResume(Path dir, boolean kill9) throws Exception {
        Path csv = dir.resolve("rows.csv");
        Map<Long, String> expected = writeInput(csv);
        Path data = dir.resolve("data");
        String jobId;
        ServerProcess first = ServerProcess.start(data, List.of("-Xmx512m"), "--chunk-size", "2000");
        try {
            Client c = new Client(first.base());
            c.postJson("/v1/tables", """
                    {"name":"crash","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                     {"name":"score","type":"integer"}],"primaryKey":["id"]}""");
            jobId = c.postFile("/v1/tables/crash/imports", "text/csv", csv).get("id").asText();
            // wait until some chunks are committed, then kill without warning
            long deadline = System.currentTimeMillis() + 120_000;
            while (c.get("/v1/jobs/" + jobId).at("/counts/processed").asLong() < 10_000) {
                if (System.currentTimeMillis() > deadline) throw new AssertionError("no progress:\n" + first.log());
                Thread.sleep(20);
            }
            JsonNode before = c.get("/v1/jobs/" + jobId);
            assertThat(before.get("state").asText()).as("killed too late to test anything").isEqualTo("running");
            if (kill9) first.kill();
            else assertThat(first.terminate()).as("exit code after SIGTERM (143: ended by the signal after the shutdown hook)\n" + first.log()).isIn(0, 143);
        } finally {
            first.close();
        }
        try (ServerProcess second = ServerProcess.start(data, List.of("-Xmx512m"), "--chunk-size", "2000")) {
            Client c = new Client(second.base());
            JsonNode job = c.awaitState(jobId, 300_000, "completed", "failed");
            assertThat(job.get("state").asText()).as(second.log()).isEqualTo("completed");
            assertThat(job.at("/counts/processed").asLong()).isEqualTo(ROWS);
            assertThat(job.at("/counts/requested").asLong()).isEqualTo(ROWS);
            long bad = ROWS / 997 + 1;
            assertThat(job.at("/counts/failed").asLong()).isEqualTo(bad);
            assertThat(job.toString()).contains(kill9 ? "lease expired" : "this node is stopping")
                    .contains("resumes after its last committed chunk");

            // every index exactly once, in order
            long expectIndex = 0;
            String after = null;
            do {
                JsonNode page = c.get("/v1/jobs/" + jobId + "/results?limit=10000" + (after == null ? "" : "&after=" + after));
                for (JsonNode r : page.get("items")) assertThat(r.get("index").asLong()).isEqualTo(expectIndex++);
                after = page.get("next").isNull() ? null : page.get("next").asText();
            } while (after != null);
            assertThat(expectIndex).isEqualTo(ROWS);

            // the table equals the uninterrupted result
            Map<Long, String> actual = new HashMap<>();
            after = null;
            do {
                JsonNode page = c.get("/v1/tables/crash/records?limit=10000" + (after == null ? "" : "&after=" + after));
                for (JsonNode r : page.get("items")) {
                    actual.put(r.get("id").asLong(), r.get("name").asText() + "|" + r.get("score").asText());
                }
                after = page.get("next").isNull() ? null : page.get("next").asText();
            } while (after != null);
            assertThat(actual).hasSize(expected.size());
            assertThat(new TreeMap<>(actual)).isEqualTo(expected);
        }
    }
}
