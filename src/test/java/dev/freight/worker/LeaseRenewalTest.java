package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Config;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * A healthy job that runs for several leases (here: 1 s leases, a job of about 3 s whose reader
 * is slowed down) keeps its lease: the heartbeat renews it, so the node's own rescuer never takes
 * the job back, no crash is counted, and the job runs start to end on its one claim.
 */
class LeaseRenewalTest extends StoreSuite {
    private static final Duration LEASE = Duration.ofSeconds(1);
    private static final int ROWS = 3_000;

    @Override
    protected int workers() {
        return 1;
    }

    @Override
    protected int chunkSize() {
        return 100;
    }

    @Override
    protected Config configure(Config c) {
        return c.withLease(LEASE);
    }

    @Test
    void aJobLongerThanItsLeaseKeepsIt() {
        node.node().dispatcher().openRowsWith(real -> job -> slow(real.open(job)));
        String t = unique("leased");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],"primaryKey":["id"]}"""
                .formatted(t));
        StringBuilder csv = new StringBuilder("id,name\n");
        for (int i = 0; i < ROWS; i++) csv.append(i).append(",n").append(i).append('\n');
        long t0 = System.nanoTime();
        String id = node.post("/v1/tables/" + t + "/imports", "text/csv", csv.toString(), TestNode.ADMIN_KEY)
                .json().get("id").asText();

        String jobs = kind == StoreKind.SQLITE ? "freight_jobs" : "freight.jobs";
        Set<String> leases = new LinkedHashSet<>(); // every lease end the job had while it ran
        JsonNode job;
        while (!(job = node.get("/v1/jobs/" + id).json()).get("state").asText().matches("completed|failed|cancelled")) {
            String until = node.sqlValue("SELECT lease_until FROM " + jobs + " WHERE id = '" + id + "'");
            if (until != null) leases.add(until);
            sleep(50);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("completed");
        assertThat(took).as("the job ran for several leases").isGreaterThan(LEASE.multipliedBy(2));
        assertThat(leases).as("the heartbeat moved the lease on, every third of it").hasSizeGreaterThanOrEqualTo(3);
        assertThat(node.sqlValue("SELECT crashes FROM " + jobs + " WHERE id = '" + id + "'")).isEqualTo("0");
        assertThat(node.sqlValue("SELECT lease_owner FROM " + jobs + " WHERE id = '" + id + "'")).isNull();
        assertThat(StreamSupport.stream(job.get("events").spliterator(), false).map(e -> e.get("state").asText()).toList())
                .as("one claim, no rescue: %s", job.get("events")).containsExactly("queued", "running", "completed");
        assertThat(job.toString()).doesNotContain("lease expired");
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(ROWS);
    }

    /** The job's rows, 50 at a time with a pause between: about 3 s for the whole job. */
    private static RowReader slow(RowReader rows) {
        return new RowReader() {
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
        };
    }
}
