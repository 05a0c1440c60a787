package dev.freight.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * The 102 KB request that used to jam a table for good: gzip'd CSV whose header line, or second
 * line, is 100 MB of commas, sent to a server with a 256 MiB heap. The header and the first row
 * are refused (400 before any job); a later line fails its job with the limit named; the table's next job
 * runs; a cancel ends a running job within seconds; SIGTERM stops the node within its grace.
 */
@Tag("slow")
class HostileBodyProcessTest {
    private static final int COMMAS = 100_000_000;

    @Test
    void aHundredMegabytesOfCommasEndAsAClearErrorUnderA256MiBHeap(@TempDir Path dir) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), List.of("-Xms256m", "-Xmx256m"))) {
            Client c = new Client(server.base());
            c.postJson("/v1/tables", """
                    {"name":"jam","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],"primaryKey":["id"]}""");

            HttpResponse<String> header = post(server, commas("", "\n1,a\n"));
            assertThat(header.statusCode()).as(header.body() + "\n" + server.log()).isEqualTo(400);
            assertThat(header.body()).contains("line 1: the header has more than 4096 columns (the limit)");

            // the second line is the first row, which is checked before the answer
            HttpResponse<String> second = post(server, commas("id,name\n", "\n2,b\n"));
            assertThat(second.statusCode()).as(second.body()).isEqualTo(400);
            assertThat(second.body()).contains("line 2: the row has more than 4096 fields (the limit)");

            // further on, the job meets it: it fails, naming the line and the limit
            HttpResponse<String> third = post(server, commas("id,name\n1,a\n", "\n2,b\n"));
            assertThat(third.statusCode()).as(third.body()).isEqualTo(202);
            String id = Json.MAPPER.readTree(third.body()).get("id").asText();
            JsonNode failed = c.awaitState(id, 60_000, "failed", "completed");
            assertThat(failed.get("state").asText()).as(server.log()).isEqualTo("failed");
            assertThat(failed.get("error").asText()).isEqualTo("malformed input: line 3: the row has more than 4096 fields (the limit)");

            // the table is free: its next job runs
            JsonNode next = c.call("POST", "/v1/tables/jam/imports", "text/csv", HttpRequest.BodyPublishers.ofString("id,name\n1,a\n2,b\n"));
            assertThat(c.awaitState(next.get("id").asText(), 60_000, "completed", "failed").get("state").asText()).isEqualTo("completed");

            // a cancel ends a running job within seconds
            StringBuilder big = new StringBuilder("id,name\n");
            for (int i = 0; i < 1_500_000; i++) big.append(i).append(",name-").append(i).append('\n');
            String running = c.call("POST", "/v1/tables/jam/imports", "text/csv", HttpRequest.BodyPublishers.ofString(big.toString()))
                    .get("id").asText();
            while (!c.get("/v1/jobs/" + running).get("state").asText().equals("running")) Thread.sleep(20);
            long t0 = System.nanoTime();
            c.call("POST", "/v1/jobs/" + running + "/cancel", null, null);
            JsonNode cancelled = c.awaitState(running, 10_000, "cancelled", "completed", "failed");
            assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to cancel").isLessThan(5);

            // SIGTERM while a job runs: the node stops within its grace
            String last = c.call("POST", "/v1/tables/jam/imports", "text/csv", HttpRequest.BodyPublishers.ofString(big.toString()))
                    .get("id").asText();
            while (!c.get("/v1/jobs/" + last).get("state").asText().equals("running")) Thread.sleep(20);
            t0 = System.nanoTime();
            assertThat(server.terminate()).isIn(0, 143);
            assertThat((System.nanoTime() - t0) / 1e9).as("seconds to stop after SIGTERM").isLessThan(15);
        }
    }

    private static HttpResponse<String> post(ServerProcess server, byte[] gzip) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.base() + "/v1/tables/jam/imports"))
                .timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + ServerProcess.ADMIN_KEY)
                .header("Content-Type", "text/csv").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip)).build();
        return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
    }

    /** gzip of {@code before}, then 100 MB of commas, then {@code after}: about 100 KB. */
    private static byte[] commas(String before, String after) throws Exception {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(z, 1 << 16)) {
            g.write(before.getBytes(StandardCharsets.UTF_8));
            byte[] block = ",".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int n = 0; n < COMMAS; n += block.length) g.write(block, 0, Math.min(block.length, COMMAS - n));
            g.write(after.getBytes(StandardCharsets.UTF_8));
        }
        return z.toByteArray();
    }
}
