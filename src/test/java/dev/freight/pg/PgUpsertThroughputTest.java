package dev.freight.pg;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.postgresql.PGConnection;

/**
 * A measurement, not a check: an N-row upsert (half updates, half inserts) through the HTTP API
 * on PostgreSQL, next to COPY into a staging table + INSERT … ON CONFLICT of the same rows on the
 * same database (what psql {@code \copy} does). Run with
 * {@code mvn test -Dtest=PgUpsertThroughputTest -Dfreight.bench=true [-Dfreight.bench.rows=100000]}.
 */
@EnabledIfSystemProperty(named = "freight.bench", matches = "true")
class PgUpsertThroughputTest {
    private static final String COLUMNS = "id,email,first_name,last_name,country,score,balance,active,created_at,notes";

    @Test
    void upsertThroughHttpNextToStagedCopy() throws Exception {
        int rows = Integer.getInteger("freight.bench.rows", 100_000);
        String base = csv(1, rows, 1);
        String delta = csv(rows / 2 + 1, rows, 2);
        try (TestNode node = TestNode.start(StoreKind.POSTGRESQL, 2, 5000)) {
            node.createTable("""
                    {"name":"customers","columns":[{"name":"id","type":"integer"},{"name":"email","type":"text"},
                     {"name":"first_name","type":"text"},{"name":"last_name","type":"text"},{"name":"country","type":"text"},
                     {"name":"score","type":"integer"},{"name":"balance","type":"decimal","precision":12,"scale":2},
                     {"name":"active","type":"boolean"},{"name":"created_at","type":"timestamp"},{"name":"notes","type":"text"}],
                     "primaryKey":["id"]}""");
            double insert = timed(node, "mode=insert", base, rows);
            double upsert = timed(node, "mode=upsert", delta, rows);

            node.sql("CREATE TABLE ref_customers (LIKE customers INCLUDING ALL)");
            try (Connection c = DriverManager.getConnection(node.jdbcUrl()); Statement s = c.createStatement()) {
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY ref_customers FROM STDIN (FORMAT csv, HEADER true)", new StringReader(base));
                s.execute("VACUUM ANALYZE ref_customers");
                long t0 = System.nanoTime();
                c.setAutoCommit(false);
                s.execute("CREATE TEMP TABLE staging (LIKE ref_customers) ON COMMIT DROP");
                c.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY staging FROM STDIN (FORMAT csv, HEADER true)", new StringReader(delta));
                s.execute("INSERT INTO ref_customers SELECT * FROM staging ON CONFLICT (id) DO UPDATE SET email = excluded.email,"
                        + " first_name = excluded.first_name, last_name = excluded.last_name, country = excluded.country,"
                        + " score = excluded.score, balance = excluded.balance, active = excluded.active,"
                        + " created_at = excluded.created_at, notes = excluded.notes");
                c.commit();
                double reference = rows / ((System.nanoTime() - t0) / 1e9);
                System.out.printf("BENCH %d rows: HTTP insert %.0f rows/s, HTTP upsert %.0f rows/s;"
                        + " COPY→staging+ON CONFLICT upsert %.0f rows/s (ratio %.2f)%n", rows, insert, upsert, reference,
                        upsert / reference);
            }
            assertThat(node.sqlValue("SELECT count(*) FROM customers")).isEqualTo(Long.toString(rows + rows / 2L));
            assertThat(node.sqlValue("SELECT md5(string_agg(c::text, '' ORDER BY id)) FROM customers c"))
                    .isEqualTo(node.sqlValue("SELECT md5(string_agg(c::text, '' ORDER BY id)) FROM ref_customers c"));
        }
    }

    /** Rows per second from the first byte sent to the job's completion, per-row results included. */
    private static double timed(TestNode node, String query, String csv, int rows) {
        long t0 = System.nanoTime();
        TestNode.Response r = node.post("/v1/tables/customers/imports?" + query, "text/csv", csv, TestNode.ADMIN_KEY);
        JsonNode job = node.awaitFinal(r.json().get("id").asText());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(job.at("/counts/failed").asLong()).as(job.toString()).isZero();
        return rows / seconds;
    }

    /** The reference benchmark's shape: texts with commas, quotes and line breaks, numeric(12,2), booleans, timestamps. */
    private static String csv(int firstId, int rows, long seed) {
        Random r = new Random(seed);
        String[] words = {"alpha", "beta", "gamma", "prefers email", "VIP", "call back", "net 30", "renewal", "churn risk"};
        StringBuilder sb = new StringBuilder(rows * 140).append(COLUMNS).append('\n');
        for (int id = firstId; id < firstId + rows; id++) {
            String first = "Name" + r.nextInt(40);
            String last = r.nextInt(10) == 0 ? "O'Brien" : "Last" + r.nextInt(30);
            double k = r.nextDouble();
            String note = words[r.nextInt(words.length)] + " " + words[r.nextInt(words.length)];
            if (k < 0.3) note = "\"" + note + ", " + words[r.nextInt(words.length)] + "\"";
            else if (k < 0.4) note = "\"said \"\"" + note + "\"\"\"";
            else if (k < 0.405) note = "\"" + note + "\n" + words[r.nextInt(words.length)] + "\"";
            sb.append(id).append(",user").append(id).append("@example.com,").append(first).append(',').append(last)
                    .append(",").append((char) ('A' + r.nextInt(26))).append((char) ('A' + r.nextInt(26))).append(',')
                    .append(r.nextInt(1000)).append(',').append(r.nextInt(2_000_000) - 1_000_000).append('.')
                    .append(10 + r.nextInt(90)).append(',').append(r.nextBoolean()).append(",20")
                    .append(15 + r.nextInt(10)).append("-0").append(1 + r.nextInt(9)).append('-').append(10 + r.nextInt(18))
                    .append(' ').append(10 + r.nextInt(13)).append(":").append(10 + r.nextInt(50)).append(":00,")
                    .append(note).append('\n');
        }
        return sb.toString();
    }
}
