package dev.freight.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * A job that keeps taking its node down: killed (kill -9) while running it, the node restarts
 * and resumes the job; at the {@code --max-crashes}-th kill the restarted node fails the job
 * ("stopped after 2 crashes") instead of resuming it again, and the table's next job runs.
 */
@Tag("slow")
class PoisonJobProcessTest {

    @Test
    void aJobWhoseNodeIsKilledTwiceFailsAndTheNextJobRuns(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("rows.csv");
        CrashRecoveryTest.writeInput(csv);
        Path data = dir.resolve("data");
        List<String> jvm = List.of("-Xmx512m");
        String[] args = {"--chunk-size", "2000", "--max-crashes", "2"};
        String jobId;
        ServerProcess server = ServerProcess.start(data, jvm, args);
        try {
            Client c = new Client(server.base());
            c.postJson("/v1/tables", """
                    {"name":"crash","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                     {"name":"score","type":"integer"}],"primaryKey":["id"]}""");
            jobId = c.postFile("/v1/tables/crash/imports", "text/csv", csv).get("id").asText();
            awaitProgressPast(c, jobId, 4_000, server);
            server.kill();
            server = ServerProcess.start(data, jvm, args); // crash 1: resumed
            c = new Client(server.base());
            JsonNode resumed = c.get("/v1/jobs/" + jobId);
            assertThat(resumed.toString()).contains("crash 1 of at most 2");
            awaitProgressPast(c, jobId, resumed.at("/counts/processed").asLong() + 4_000, server);
            server.kill();
            server = ServerProcess.start(data, jvm, args); // crash 2: the limit
            c = new Client(server.base());
            JsonNode failed = c.awaitState(jobId, 30_000, "failed", "completed");
            assertThat(failed.get("state").asText()).as(server.log()).isEqualTo("failed");
            assertThat(failed.get("error").asText()).startsWith("stopped after 2 crashes");
            JsonNode next = c.call("POST", "/v1/tables/crash/imports", "text/csv",
                    HttpRequest.BodyPublishers.ofString("id,name,score\n1,one,1\n"));
            assertThat(c.awaitState(next.get("id").asText(), 60_000, "completed", "failed").get("state").asText()).isEqualTo("completed");
        } finally {
            server.close();
        }
    }

    private static void awaitProgressPast(Client c, String jobId, long rows, ServerProcess server) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode j;
        while ((j = c.get("/v1/jobs/" + jobId)).at("/counts/processed").asLong() < rows) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no progress:\n" + server.log());
            Thread.sleep(10);
        }
        assertThat(j.get("state").asText()).as("killed too late to test anything").isEqualTo("running");
    }
}
