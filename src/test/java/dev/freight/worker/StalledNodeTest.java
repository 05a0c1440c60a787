package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Fencing, on PostgreSQL with two nodes and a 1 s lease: node A stalls (its heartbeat and its
 * next chunk commit wait, as in a long GC pause or a network stall) past its lease; node B
 * rescues the job and takes it over. When A wakes up, its commit of the stalled chunk is refused
 * (the holder check in the chunk's transaction), so nothing is applied twice: every row has
 * exactly one result and the table equals an uninterrupted run's.
 *
 * <p>B resumes where A's last commit left the job, so its first chunk's results start at the row
 * A's stalled chunk starts at. Once B has committed that chunk, the results' primary key refuses
 * A's stale chunk before the holder check (the last statement of the chunk's transaction) is
 * reached: {@link #aStalledNodesCommitIsRefusedAfterAnotherNodeFinishedTheJob} accepts either
 * refusal. {@link #aStalledNodesCommitIsRefusedBeforeTheNewHolderCommits} wakes A while B's first
 * commit is still held, where only the holder check stands between the two runs.
 */
@Tag("slow")
class StalledNodeTest {
    private static final int ROWS = 6_000;
    private static final int DISTINCT_IDS = 4_000;
    private static final int CHUNK = 500;
    /** A stalls before its 4th commit: 1,500 rows of the job are committed by then. */
    private static final int STALL_AT = 4;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void listen() {
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    /** A node's stall: its {@code at}-th chunk commit waits for {@link #release}, and so does its heartbeat meanwhile (when {@code heartbeatToo}). */
    static final class Stall implements Consumer<String> {
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final AtomicInteger commits = new AtomicInteger();
        private final int at;
        private final boolean heartbeatToo;

        Stall(int at, boolean heartbeatToo) {
            this.at = at;
            this.heartbeatToo = heartbeatToo;
        }

        @Override
        public void accept(String point) {
            if (point.equals("commit") && commits.incrementAndGet() == at) {
                stalled.countDown();
                await();
            } else if (point.equals("heartbeat") && heartbeatToo && stalled.getCount() == 0) {
                await();
            }
        }

        private void await() {
            try {
                if (!release.await(120, TimeUnit.SECONDS)) throw new IllegalStateException("never released");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the node is closing
            }
        }
    }

    @Test
    void aStalledNodesCommitIsRefusedAfterAnotherNodeFinishedTheJob() throws Exception {
        run(false);
    }

    @Test
    void aStalledNodesCommitIsRefusedBeforeTheNewHolderCommits() throws Exception {
        run(true);
    }

    private void run(boolean holdB) throws Exception {
        Stall a = new Stall(STALL_AT, true);
        Stall b = new Stall(holdB ? 1 : Integer.MAX_VALUE, false); // B's commits wait, its heartbeat keeps its lease
        try (TestNode nodeA = TestNode.start(StoreKind.POSTGRESQL, 1, CHUNK, c -> c.withLease(Duration.ofSeconds(1)))) {
            nodeA.createTable("""
                    {"name":"fenced","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],
                     "primaryKey":["id"]}""");
            StringBuilder csv = new StringBuilder("id,name\n");
            Map<Long, String> expected = new TreeMap<>();
            for (int i = 0; i < ROWS; i++) {
                csv.append(i % DISTINCT_IDS).append(",name-").append(i).append('\n'); // later rows win
                expected.put((long) (i % DISTINCT_IDS), "name-" + i);
            }
            nodeA.node().dispatcher().stallWith(a);
            String jobId = nodeA.post("/v1/tables/fenced/imports", "text/csv", csv.toString(), TestNode.ADMIN_KEY)
                    .json().get("id").asText();
            assertThat(a.stalled.await(60, TimeUnit.SECONDS)).as("A reached its stalled commit: %s",
                    nodeA.get("/v1/jobs/" + jobId)).isTrue();
            String ownerA = nodeA.node().dispatcher().owner();
            // B has other chunk boundaries than A: only its first chunk starts where A's stalled one does
            try (TestNode nodeB = TestNode.join(nodeA, 1, 700)) {
                nodeB.node().dispatcher().stallWith(b);
                String ownerB = nodeB.node().dispatcher().owner();
                try {
                    JsonNode taken = waitFor(nodeB, jobId, j -> j.toString().contains("started on " + ownerB + "/"));
                    assertThat(taken.toString()).contains("lease expired").contains("crash 1 of at most 3");
                    if (holdB) {
                        assertThat(b.stalled.await(30, TimeUnit.SECONDS)).as("B reached its first commit").isTrue();
                        a.release.countDown();
                        awaitRefusal(jobId, false);
                        b.release.countDown();
                    }
                    JsonNode done = waitFor(nodeB, jobId, j -> j.get("state").asText().equals("completed"));
                    if (!holdB) {
                        a.release.countDown();
                        awaitRefusal(jobId, true);
                    }
                    assertThat(done.at("/counts/processed").asLong()).isEqualTo(ROWS);
                } finally {
                    a.release.countDown();
                    b.release.countDown();
                }

                JsonNode job = nodeB.get("/v1/jobs/" + jobId).json();
                assertThat(job.get("state").asText()).isEqualTo("completed");
                assertThat(job.at("/counts/processed").asLong()).isEqualTo(ROWS);
                assertThat(job.at("/counts/inserted").asLong() + job.at("/counts/updated").asLong()
                        + job.at("/counts/unchanged").asLong()).isEqualTo(ROWS);
                assertThat(job.toString()).contains("started on " + ownerA + "/");
                List<JsonNode> results = nodeB.results(jobId);
                assertThat(results).hasSize(ROWS);
                for (int i = 0; i < ROWS; i++) assertThat(results.get(i).get("index").asLong()).isEqualTo(i);
                assertThat(nodeB.sqlValue("SELECT sum(row_count) FROM freight.results WHERE job_id = '" + jobId + "'"))
                        .isEqualTo(Integer.toString(ROWS));

                Map<Long, String> actual = new TreeMap<>();
                for (JsonNode row : nodeB.records("fenced")) actual.put(row.get("id").asLong(), row.get("name").asText());
                assertThat(actual).isEqualTo(expected);
            }
        }
    }

    /**
     * A's runner, released, has its chunk's transaction rolled back and stops: by the holder check
     * ("lease lost"), or, when {@code orKeyConflict} and B committed the same chunk first, by the
     * results' primary key (SQLSTATE 23505).
     */
    private void awaitRefusal(String jobId, boolean orKeyConflict) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ILoggingEvent e : List.copyOf(log.list)) {
                String m = e.getFormattedMessage();
                if (!m.contains(jobId)) continue;
                if (m.contains("lease lost")) return;
                if (e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR)) {
                    String cause = e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage();
                    if (orKeyConflict && cause.contains("23505")) return;
                    throw new AssertionError("A's commit failed otherwise than on the holder check: " + m + " " + cause);
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("A's stalled commit was not refused within 30 s");
    }

    private static JsonNode waitFor(TestNode node, String jobId, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode j = node.get("/v1/jobs/" + jobId).json();
            if (done.test(j)) return j;
            if (j.get("state").asText().equals("failed")) throw new AssertionError("job failed: " + j);
            Thread.sleep(20);
        }
        throw new AssertionError("job " + jobId + " did not get there within 60 s");
    }
}
