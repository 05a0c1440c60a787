package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: every metric has a HELP text; the gauges of queued and running jobs say exactly how many there are. */
class JobGaugesTest extends StoreSuite {

    /** The value of every sample line without labels, by metric name. */
    private Map<String, Double> samples() {
        TestNode.Response r = node.get("/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.startsWith("#") || line.isBlank() || line.contains("{")) continue;
            String[] parts = line.split(" ");
            out.put(parts[0], Double.parseDouble(parts[1]));
        }
        return out;
    }

    private void awaitGauges(double queued, double running) {
        long deadline = System.currentTimeMillis() + 20_000;
        Map<String, Double> s = samples();
        while (System.currentTimeMillis() < deadline
                && (s.get("freight_jobs_queued") != queued || s.get("freight_jobs_running") != running)) {
            sleep(50);
            s = samples();
        }
        assertThat(s.get("freight_jobs_queued")).as("queued").isEqualTo(queued);
        assertThat(s.get("freight_jobs_running")).as("running").isEqualTo(running);
    }

    @Test
    void everyMetricHasAHelpText() {
        node.createTable("{\"name\":\"" + unique("helped") + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}");
        String text = node.get("/metrics", null).body();
        int helps = 0;
        for (String line : text.split("\n")) {
            if (!line.startsWith("# HELP ")) continue;
            helps++;
            String[] parts = line.split(" ", 4);
            assertThat(parts.length == 4 ? parts[3].trim() : "").as("HELP of %s", parts[2]).isNotEmpty();
        }
        assertThat(helps).isGreaterThan(5);
        assertThat(text).contains("# HELP freight_jobs_queued ").contains("# HELP freight_jobs_running ")
                .contains("# HELP freight_http_requests_total ");
    }

    @Test
    void queuedAndRunningJobsAreCountedExactly() throws Exception {
        String t = unique("gauged");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        awaitGauges(0, 0);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        node.node().dispatcher().openRowsWith(real -> job -> {
            RowReader rows = real.open(job);
            if (!"held".equals(job.name())) return rows;
            started.countDown();
            return new RowReader() { // the job runs, and waits before its first row until the test lets it go
                @Override
                public SourceRow next() {
                    try {
                        release.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return rows.next();
                }

                @Override
                public void close() {
                    rows.close();
                }
            };
        });
        try {
            String held = node.post("/v1/tables/" + t + "/imports?name=held", "text/csv", "id\n1\n", TestNode.ADMIN_KEY).json().get("id").asText();
            assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
            // the table's next two jobs wait for the held one
            String second = node.post("/v1/tables/" + t + "/imports", "text/csv", "id\n2\n", TestNode.ADMIN_KEY).json().get("id").asText();
            String third = node.post("/v1/tables/" + t + "/imports", "text/csv", "id\n3\n", TestNode.ADMIN_KEY).json().get("id").asText();
            awaitGauges(2, 1);
            release.countDown();
            node.awaitFinal(held);
            node.awaitFinal(second);
            node.awaitFinal(third);
            awaitGauges(0, 0);
        } finally {
            release.countDown();
        }
    }
}
