package dev.freight.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import dev.freight.store.StoreKind;
import dev.freight.testing.PgServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server limited to a 256 MiB heap imports a 1,000,000-row CSV (~110 MB) to the end, on each
 * store, and its resident memory stays under {@link #RSS_CEILING} all along: memory is bounded by
 * the chunk, not by the request (held whole, the rows alone would need several times the heap).
 */
@Tag("slow")
class MemoryBoundTest {
    static final int ROWS = 1_000_000;
    /** The heap's 256 MiB, and what the JVM needs beside it (metaspace, code, threads, buffers). */
    static final long RSS_CEILING = 448L << 20;

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.freight.testing.Stores#all")
    void millionRowImportUnderSmallHeap(StoreKind kind, @TempDir Path dir) throws Exception {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("id,email,first_name,country,score,balance,active,created_at,notes\n");
            for (int i = 1; i <= ROWS; i++) {
                w.write(i + ",user" + i + "@example.com,Name" + (i % 977) + ",NO," + (i % 1000) + "," + (i % 100000) / 100.0
                        + "," + (i % 2 == 0) + ",2026-01-" + (10 + i % 19) + " 10:" + (10 + i % 50) + ":00,\"note, with comma " + i + "\"\n");
            }
        }
        String db = "freight_m_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        List<String> args = new ArrayList<>();
        if (kind == StoreKind.POSTGRESQL) {
            try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + db);
            }
            args.addAll(List.of("--db", PgServer.urlFor(db)));
        }
        try (ServerProcess server = ServerProcess.start(dir.resolve("data"), List.of("-Xmx256m"), args.toArray(String[]::new))) {
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
            String url = kind == StoreKind.POSTGRESQL ? PgServer.urlFor(db)
                    : "jdbc:sqlite:" + dir.resolve("data").resolve("freight.db");
            try (Connection conn = DriverManager.getConnection(url); Statement s = conn.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT count(*), count(DISTINCT id), max(id), (SELECT email FROM big WHERE id = " + ROWS + ") FROM big")) {
                assertThat(rs.next()).isTrue();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3))).containsExactly((long) ROWS, (long) ROWS, (long) ROWS);
                assertThat(rs.getString(4)).isEqualTo("user" + ROWS + "@example.com");
            }
            long peak = server.peakRss();
            System.out.printf("memory test (%s): %d rows in %.1f s (%.0f rows/s), server peak RSS %d MiB%n",
                    kind, ROWS, seconds, ROWS / seconds, peak >> 20);
            assertThat(peak).as("peak RSS %d MiB", peak >> 20).isPositive().isLessThan(RSS_CEILING);
        } finally {
            if (kind == StoreKind.POSTGRESQL) {
                try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
                }
            }
        }
    }
}
