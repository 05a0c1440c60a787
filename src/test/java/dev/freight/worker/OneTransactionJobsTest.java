package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.SourceRow;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One-transaction jobs ({@code replace_all}, and any mode with {@code atomic=true}) on both stores,
 * ended every way a job ends: completed, cancelled, over its error threshold, and by its node
 * stopping (the job then starts over after the restart). A reader polls the table all along and
 * must see the old rows or the new ones, whole: never a mix, never an empty table. At row 100 the
 * job (its transaction open) waits until the reader has read the table twice, then goes on slowly
 * for about a second, in which the test cancels it or stops its node.
 *
 * <p>On PostgreSQL the reader reads through the API. On SQLite it reads the file directly, as
 * another program would: there every API request that looks a table up ({@code Store.table}
 * runs as a write, under the one SQLite write lock) waits for the job's transaction to end
 * (a known bug), so the API has no answer while such a job runs.
 */
@Tag("slow")
class OneTransactionJobsTest extends StoreSuite {
    private static final int OLD_ROWS = 300;
    private static final int NEW_ROWS = 400;
    private static final int CHUNK = 50;
    private static final int BAD_FROM = 100; // the threshold runs have 10 bad rows from here on

    @Override
    protected int workers() {
        return 1;
    }

    @Override
    protected int chunkSize() {
        return CHUNK;
    }

    /** Set by the job's rows at row 100 (inside its transaction); the reader counts down once it is. */
    private volatile boolean inTransaction;
    private volatile java.util.concurrent.CountDownLatch readsInTransaction = new java.util.concurrent.CountDownLatch(2);

    @BeforeEach
    void slowReaders() {
        inTransaction = false;
        readsInTransaction = new java.util.concurrent.CountDownLatch(2);
        node.node().dispatcher().openRowsWith(real -> job -> "whole".equals(job.name()) ? slow(real.open(job)) : real.open(job));
    }

    enum Ending { COMPLETES, CANCELLED, THRESHOLD, NODE_STOPS }

    static Stream<Arguments> cases() {
        return Stream.of("mode=replace_all", "mode=upsert&atomic=true")
                .flatMap(q -> Stream.of(Ending.values()).map(e -> Arguments.of(q, e)));
    }

    @ParameterizedTest(name = "{0}, {1}")
    @MethodSource("cases")
    void readersSeeTheOldRowsOrTheNewOnes(String query, Ending ending) throws Exception {
        String t = unique("whole");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"n","type":"integer"}],"primaryKey":["id"]}""".formatted(t));
        StringBuilder old = new StringBuilder("id,name,n\n");
        for (int i = 0; i < OLD_ROWS; i++) old.append(i).append(",old-").append(i).append(',').append(i).append('\n');
        assertThat(node.importCsv(t, "", old.toString()).get("state").asText()).isEqualTo("completed");

        StringBuilder csv = new StringBuilder("id,name,n\n");
        for (int i = 0; i < NEW_ROWS; i++) {
            boolean bad = ending == Ending.THRESHOLD && i >= BAD_FROM && i < BAD_FROM + 10;
            csv.append(i).append(",new-").append(i).append(',').append(bad ? "x" : Integer.toString(i)).append('\n');
        }
        Reader reader = new Reader(t);
        Thread polling = Thread.ofPlatform().name("table-reader").start(reader);
        try {
            String q = query + "&name=whole" + (ending == Ending.THRESHOLD ? "&errorThreshold=5" : "");
            String id = node.post("/v1/tables/" + t + "/imports?" + q, "text/csv", csv.toString(), TestNode.ADMIN_KEY)
                    .json().get("id").asText();
            assertThat(readsInTransaction.await(30, java.util.concurrent.TimeUnit.SECONDS))
                    .as("the reader read twice while the job's transaction was open").isTrue();
            switch (ending) {
                case CANCELLED -> assertThat(node.send("POST", "/v1/jobs/" + id + "/cancel", TestNode.ADMIN_KEY, Map.of(), null)
                        .status()).isEqualTo(200);
                case NODE_STOPS -> node.restart(); // the new node opens rows unslowed: the job starts over and completes
                default -> { }
            }
            JsonNode job = node.awaitFinal(id);
            reader.stop();
            polling.join(10_000);

            String expectedState = switch (ending) {
                case COMPLETES, NODE_STOPS -> "completed";
                case CANCELLED -> "cancelled";
                case THRESHOLD -> "failed";
            };
            assertThat(job.get("state").asText()).as("%s", job).isEqualTo(expectedState);
            if (ending == Ending.THRESHOLD) assertThat(job.get("error").asText()).contains("nothing was applied");
            if (ending == Ending.NODE_STOPS) assertThat(job.toString()).contains("this node is stopping");
            Snapshot end = Snapshot.of(node.records(t));
            assertThat(end).isEqualTo(expectedState.equals("completed") ? Snapshot.NEW : Snapshot.OLD);

            assertThat(reader.mixed).as("readers never see a mix of old and new rows, nor an empty table").isEmpty();
            assertThat(reader.seen.getOrDefault(Snapshot.OLD, 0)).as("the reader read while the job ran").isGreaterThanOrEqualTo(2);
        } finally {
            reader.stop();
        }
    }

    enum Snapshot {
        OLD, NEW, MIXED;

        static Snapshot of(List<JsonNode> rows) {
            boolean allOld = rows.size() == OLD_ROWS, allNew = rows.size() == NEW_ROWS;
            for (JsonNode r : rows) {
                String name = r.get("name").asText();
                allOld &= name.equals("old-" + r.get("id").asLong());
                allNew &= name.equals("new-" + r.get("id").asLong());
            }
            return allOld ? OLD : allNew ? NEW : MIXED;
        }
    }

    /** Reads the whole table (one page, one snapshot) again and again, and counts what it saw. */
    private final class Reader implements Runnable {
        private final String table;
        private final AtomicBoolean stopped = new AtomicBoolean();
        final Map<Snapshot, Integer> seen = new ConcurrentHashMap<Snapshot, Integer>();
        final List<String> mixed = new CopyOnWriteArrayList<>();

        Reader(String table) {
            this.table = table;
        }

        void stop() {
            stopped.set(true);
        }

        /** The whole table in one snapshot: one API page (on SQLite too: reads never wait for the job's write). */
        private List<JsonNode> read() {
            List<JsonNode> rows = new java.util.ArrayList<>();
            TestNode.Response r = node.get("/v1/tables/" + table + "/records?limit=1000");
            if (r.status() != 200) return null;
            r.json().get("items").forEach(rows::add);
            return rows;
        }

        @Override
        public void run() {
            while (!stopped.get()) {
                try {
                    List<JsonNode> rows = read();
                    if (rows == null) continue; // the node is restarting
                    Snapshot s = Snapshot.of(rows);
                    seen.merge(s, 1, (a, b) -> a + b);
                    if (inTransaction) readsInTransaction.countDown();
                    if (s == Snapshot.MIXED) mixed.add(rows.size() + " rows: " + rows.stream().limit(3).toList());
                } catch (RuntimeException e) {
                    sleep(20); // the node is restarting: no answer
                }
            }
        }
    }

    /**
     * The job's rows: at row 100 it waits for the reader to read twice, then pauses every 20 rows
     * up to row 400 (the rows after, drained after a failure, unslowed).
     */
    private RowReader slow(RowReader rows) {
        return new RowReader() {
            private int read;

            @Override
            public SourceRow next() {
                if (++read == 100) {
                    inTransaction = true;
                    try {
                        readsInTransaction.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (read > 100 && read % 20 == 0 && read <= 400) sleep(60);
                return rows.next();
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }
}
