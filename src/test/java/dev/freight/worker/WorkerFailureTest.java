package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.testing.StoreSuite;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job whose reader or worker throws an {@link Error} (an exhausted heap, a stack overflow, a
 * bug) fails with a message instead of staying {@code running} forever, and frees its worker and
 * its table: the table's next job runs.
 */
class WorkerFailureTest extends StoreSuite {

    @BeforeEach
    void poisonReaders() {
        node.node().dispatcher().openRowsWith(real -> job -> {
            RowReader rows = real.open(job);
            if ("oom".equals(job.name())) return failingAfter(rows, 700, () -> new OutOfMemoryError("Java heap space"));
            if ("overflow".equals(job.name())) return failingAfter(rows, 700, StackOverflowError::new);
            return rows;
        });
    }

    private String table() {
        String t = unique("worker");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],"primaryKey":["id"]}"""
                .formatted(t));
        return t;
    }

    private static String csv(int rows) {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = 0; i < rows; i++) sb.append(i).append(",n").append(i).append('\n');
        return sb.toString();
    }

    /** The reader thread of a chunked job: its Error reaches the worker, which fails the job. */
    @Test
    void anErrorWhileReadingFailsTheJobAndTheNextJobRuns() {
        String t = table();
        String poison = node.post("/v1/tables/" + t + "/imports?name=oom", "text/csv", csv(2000), dev.freight.testing.TestNode.ADMIN_KEY)
                .json().get("id").asText();
        String next = node.post("/v1/tables/" + t + "/imports?name=next", "text/csv", csv(10), dev.freight.testing.TestNode.ADMIN_KEY)
                .json().get("id").asText();
        JsonNode failed = node.awaitFinal(poison);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).startsWith("internal error: the job ran out of memory");
        assertThat(node.awaitFinal(next).get("state").asText()).isEqualTo("completed");
    }

    /** An atomic job reads on its worker thread: the Error fails the job there, nothing is applied. */
    @Test
    void anErrorOnTheWorkerThreadFailsTheJobAndTheNextJobRuns() {
        String t = table();
        String poison = node.post("/v1/tables/" + t + "/imports?name=overflow&atomic=true", "text/csv", csv(2000),
                dev.freight.testing.TestNode.ADMIN_KEY).json().get("id").asText();
        String next = node.post("/v1/tables/" + t + "/imports?name=next", "text/csv", csv(10), dev.freight.testing.TestNode.ADMIN_KEY)
                .json().get("id").asText();
        JsonNode failed = node.awaitFinal(poison);
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo("internal error: the job's worker failed (stack overflow)");
        assertThat(node.awaitFinal(next).get("state").asText()).isEqualTo("completed");
        assertThat(node.records(t)).hasSize(10);
    }

    private static RowReader failingAfter(RowReader rows, int n, Supplier<Error> error) {
        return new RowReader() {
            private int read;

            @Override
            public SourceRow next() {
                if (read++ == n) throw error.get();
                return rows.next();
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }
}
