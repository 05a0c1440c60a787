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

    @Test
    void metricsCountEndedJobsAndRows() {
        String t = unique("metered");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        node.importCsv(t, "", "id\n1\n2\nx\n");
        // the counters move just after the job's final state is stored
        TestNode.Response m = node.get("/metrics", null);
        for (int i = 0; i < 50 && !m.body().matches("(?s).*freight_jobs_ended_total\\{state=\"completed\"} [1-9].*"); i++) {
            sleep(100);
            m = node.get("/metrics", null);
        }
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).startsWith("text/plain");
        assertThat(m.body()).containsPattern("freight_jobs_ended_total\\{state=\"completed\"} [1-9]");
        assertThat(m.body()).containsPattern("freight_rows_total\\{outcome=\"inserted\"} [2-9]");
        assertThat(m.body()).containsPattern("freight_rows_total\\{outcome=\"failed\"} [1-9]");
        assertThat(m.body()).contains("jvm_memory_used_bytes");
    }
}
