package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.imports.Submissions;
import dev.freight.ingest.Format;
import dev.freight.job.ImportSpec;
import dev.freight.job.Job;
import dev.freight.job.JobState;
import dev.freight.schema.Table;
import dev.freight.store.Store;
import dev.freight.store.StoreKind;
import dev.freight.testing.PgServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Poison jobs, on both stores: a job whose node dies under it (here: claimed by a node whose
 * lease lapses at once, as a node killed while running it leaves it) is resumed, and counted;
 * at its third crash it fails ("stopped after 3 crashes") instead of taking a third node down,
 * and the table's next job runs. A node stopping gracefully costs a job no crash.
 */
class PoisonJobTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.freight.testing.Stores#all")
    void aJobThatKeepsTakingItsNodeDownFailsAndTheNextJobRuns(StoreKind kind) throws Exception {
        String pgDb = "freight_p_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String url;
        if (kind == StoreKind.SQLITE) {
            url = "jdbc:sqlite:" + Files.createTempDirectory("freight-poison-").resolve("freight.db");
        } else {
            try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + pgDb);
            }
            url = PgServer.urlFor(pgDb);
        }
        try (Store store = Store.open(url, 6, Clock.systemUTC())) {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE poisoned (id INTEGER PRIMARY KEY, name TEXT)");
            }
            Table table = store.table("default", "poisoned").orElseThrow();
            JobSignals signals = new JobSignals();
            Submissions imports = new Submissions(store, signals);
            Job poison = imports.submit("default", table, ImportSpec.of(Format.CSV), "poison", null, csv(1, 1000));
            Job next = imports.submit("default", table, ImportSpec.of(Format.CSV), "next", null, csv(2000, 100));
            Dispatcher dispatcher = new Dispatcher(store, signals, 1, 500, Duration.ofSeconds(30), 3);

            // two graceful stops (a deploy): no crash counted
            for (int i = 0; i < 2; i++) {
                assertThat(claim(store, "stopping-node/" + i)).isEqualTo(poison.id());
                store.requeue(poison.id(), "stopping-node/" + i, "this node is stopping");
            }
            for (int crash = 1; crash <= 3; crash++) {
                assertThat(claim(store, "dead-node/" + crash)).as("crash %d", crash).isEqualTo(poison.id());
                assertThat(dispatcher.rescue(Instant.now())).containsExactly(poison.id());
                Job after = store.job(poison.id()).orElseThrow();
                if (crash < 3) {
                    assertThat(after.state()).isEqualTo(JobState.QUEUED);
                    assertThat(after.events().get(after.events().size() - 1).message())
                            .contains("crash " + crash + " of at most 3");
                } else {
                    assertThat(after.state()).isEqualTo(JobState.FAILED);
                    assertThat(after.error()).startsWith("stopped after 3 crashes");
                }
            }
            dispatcher.start();
            try {
                long deadline = System.currentTimeMillis() + 60_000;
                Job done;
                while (!(done = store.job(next.id()).orElseThrow()).state().isFinal() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(done.state()).as("%s", done).isEqualTo(JobState.COMPLETED);
                assertThat(done.counts().inserted()).isEqualTo(100);
                assertThat(store.job(poison.id()).orElseThrow().counts().processed()).as("the poison job applied nothing").isZero();
            } finally {
                dispatcher.close();
            }
        } finally {
            if (kind == StoreKind.POSTGRESQL) {
                try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + pgDb + " WITH (FORCE)");
                }
            }
        }
    }

    /** Claims the next job as a node whose lease has already lapsed (it died at once); returns its id. */
    private static String claim(Store store, String owner) {
        List<Job> claimed = store.claim(owner, 1, Instant.now().minusSeconds(1));
        assertThat(claimed).hasSize(1);
        return claimed.get(0).id();
    }

    private static ByteArrayInputStream csv(int from, int rows) {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = from; i < from + rows; i++) sb.append(i).append(",n").append(i).append('\n');
        return new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}
