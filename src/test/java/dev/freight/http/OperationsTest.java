package dev.freight.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import org.junit.jupiter.api.Test;

/** /health and /metrics need no key and say something true. */
class OperationsTest extends StoreSuite {

    @Test
    void healthReportsTheDatabase() {
        TestNode.Response r = node.get("/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("up");
        assertThat(r.json().get("db").asText()).isEqualTo("up");
    }

    /**
     * The counters are exact: this class's node has run no other job, so one completed job with 2
     * inserted and 1 failed row, then one failed over its threshold with 2 failed rows, count
     * exactly that. No job paused on the store.
     */
    @Test
    void metricsCountEndedJobsAndRows() {
        String t = unique("metered");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        assertThat(node.importCsv(t, "", "id\n1\n2\nx\n").get("state").asText()).isEqualTo("completed");
        // the counters move just after the job's final state is stored
        TestNode.Response m = awaitMetric("freight_jobs_ended_total{state=\"completed\"} 1.0");
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).startsWith("text/plain");
        assertThat(m.body()).contains("freight_rows_total{outcome=\"inserted\"} 2.0")
                .contains("freight_rows_total{outcome=\"failed\"} 1.0")
                .contains("freight_rows_total{outcome=\"updated\"} 0.0")
                .doesNotContain("freight_jobs_ended_total{state=\"failed\"}")
                .contains("freight_jobs_paused 0.0")
                .contains("freight_store_pauses_total 0.0")
                .contains("jvm_memory_used_bytes");

        assertThat(node.importCsv(t, "errorThreshold=1", "id\ny\nz\n").get("state").asText()).isEqualTo("failed");
        m = awaitMetric("freight_jobs_ended_total{state=\"failed\"} 1.0");
        assertThat(m.body()).contains("freight_jobs_ended_total{state=\"completed\"} 1.0")
                .contains("freight_rows_total{outcome=\"inserted\"} 2.0")
                .contains("freight_rows_total{outcome=\"failed\"} 3.0");
    }

    private TestNode.Response awaitMetric(String line) {
        TestNode.Response m = node.get("/metrics", null);
        for (int i = 0; i < 50 && !m.body().contains(line); i++) {
            sleep(100);
            m = node.get("/metrics", null);
        }
        assertThat(m.body()).contains(line);
        return m;
    }
}
