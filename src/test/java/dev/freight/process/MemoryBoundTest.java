package dev.freight.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server limited to a 256 MiB heap imports a 1,000,000-row CSV (~110 MB) to the end. */
class MemoryBoundTest {
    static final int ROWS = 1_000_000;

    @Test
    void millionRowImportUnderSmallHeap(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,email,first_name,country,score,balance,active,created_at,notes\n");
            for (int i = 1; i <= ROWS; i++) {
                w.write(i + ",user" + i + "@example.com,Name" + (i % 977) + ",NO," + (i % 1000) + "," + (i % 100000) / 100.0
                        + "," + (i % 2 == 0) + ",2026-01-" + (10 + i % 19) + " 10:" + (10 + i % 50) + ":00,\"note, with comma " + i + "\"\n");
            }
        }
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), List.of("-Xmx256m"))) {
            Client c = new Client(server.base());
            c.postJson("/v1/tables", """
                    {"name":"big","columns":[{"name":"id","type":"integer"},{"name":"email","type":"text"},
                     {"name":"first_name","type":"text"},{"name":"country","type":"text"},{"name":"score","type":"integer"},
                     {"name":"balance","type":"decimal","precision":12,"scale":2},{"name":"active","type":"boolean"},
                     {"name":"created_at","type":"timestamp"},{"name":"notes","type":"text"}],"primaryKey":["id"]}""");
            long t0 = System.nanoTime();
            String id = c.postFile("/v1/tables/big/imports", "text/csv", csv).get("id").asText();
            JsonNode job = c.awaitState(id, 600_000, "completed", "failed");
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(job.get("state").asText()).as(server.log()).isEqualTo("completed");
            assertThat(job.at("/counts/inserted").asLong()).as(job.toString()).isEqualTo(ROWS);
            assertThat(job.at("/counts/failed").asLong()).isZero();
            JsonNode last = c.get("/v1/tables/big/records?limit=1&after=" + cursorFor(c));
            assertThat(last.get("items")).isNotNull();
            System.out.printf("memory test: %d rows in %.1f s (%.0f rows/s), server peak RSS %d MiB%n",
                    ROWS, seconds, ROWS / seconds, server.peakRss() >> 20);
        }
    }

    private static String cursorFor(Client c) throws Exception {
        return c.get("/v1/tables/big/records?limit=1").get("next").asText();
    }
}
