package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A table dropped while its job runs (through the API, or by another tool in the database): the
 * job fails with a message that says so, every answer about it is a 2xx or a 404 (never a 500),
 * and the node goes on: its next job, on another table, runs.
 */
class TableDroppedTest extends StoreSuite {

    @Override
    protected int workers() {
        return 1;
    }

    @Override
    protected int chunkSize() {
        return 100;
    }

    @BeforeEach
    void slowReaders() {
        // 100 rows a chunk, a pause every 50: the job runs for a few seconds, chunk after chunk
        node.node().dispatcher().openRowsWith(real -> job -> new RowReader() {
            private final RowReader rows = real.open(job);
            private int read;

            @Override
            public SourceRow next() {
                if (++read % 50 == 0) sleep(50);
                return rows.next();
            }

            @Override
            public void close() {
                rows.close();
            }
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"api", "sql"})
    void theJobFailsClearlyAndTheNodeGoesOn(String droppedBy) {
        String t = unique("doomed");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],"primaryKey":["id"]}"""
                .formatted(t));
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 0; i < 5_000; i++) csv.append(i).append(",n").append(i).append('\n');
        String id = node.post("/v1/tables/" + t + "/imports", "text/csv", csv.toString(), TestNode.ADMIN_KEY)
                .json().get("id").asText();
        long deadline = System.currentTimeMillis() + 30_000;
        while (node.get("/v1/jobs/" + id).json().at("/counts/processed").asLong() < 200) {
            assertThat(System.currentTimeMillis()).as("the job committed no chunk").isLessThan(deadline);
            sleep(10);
        }

        if (droppedBy.equals("api")) {
            TestNode.Response r = node.send("DELETE", "/v1/tables/" + t, TestNode.ADMIN_KEY, Map.of("If-Match", "*"), null);
            assertThat(r.status()).as("%s", r).isEqualTo(204);
        } else {
            node.sql("DROP TABLE " + (kind == StoreKind.SQLITE ? "" : "public.") + "\"" + t + "\"");
        }

        JsonNode job = node.awaitFinal(id);
        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("failed");
        assertThat(job.get("error").asText()).as("the reason names the table").contains(t)
                .doesNotContain("the server's log has the details").doesNotContain("SQLSTATE");
        assertThat(job.at("/counts/processed").asLong()).isBetween(200L, 4_999L);
        assertThat(node.get("/v1/jobs/" + id + "/results?limit=10").status()).isEqualTo(200);
        assertThat(node.get("/v1/tables/" + t).status()).isEqualTo(404);
        assertThat(node.get("/v1/tables/" + t + "/records").status()).isEqualTo(404);
        TestNode.Response again = node.post("/v1/tables/" + t + "/imports", "text/csv", "id,name\n1,a\n", TestNode.ADMIN_KEY);
        assertThat(again.status()).as("%s", again).isEqualTo(404);

        assertThat(node.get("/health", null).json().get("status").asText()).isEqualTo("up");
        String other = unique("after");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"}],"primaryKey":["id"]}""".formatted(other));
        assertThat(node.importCsv(other, "", "id\n1\n2\n").at("/counts/inserted").asLong()).isEqualTo(2);
    }
}
