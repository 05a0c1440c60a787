package dev.freight.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * White-box: {@link PostgresTableWriter} on a real PostgreSQL, counting the statements it sends.
 * A chunk costs a fixed number of statements whatever its size; a rejected row costs a few more
 * and fails alone.
 */
class PgSetWriteTest extends ScratchDatabase {

    /** A connection that counts the statements prepared or created on it. */
    private record Counted(Connection connection, Map<String, AtomicInteger> calls) {
        int statements() {
            return count("prepareStatement") + count("createStatement");
        }

        int count(String method) {
            AtomicInteger n = calls.get(method);
            return n == null ? 0 : n.get();
        }
    }

    private Counted counted() {
        Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
        Connection proxy = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (p, m, args) -> {
                    calls.computeIfAbsent(m.getName(), k -> new AtomicInteger()).incrementAndGet();
                    try {
                        return m.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return new Counted(proxy, calls);
    }

    private long count(String query) throws SQLException {
        try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private ChunkResult apply(Connection c, Table t, List<MappedRow> rows) throws SQLException {
        ApplyOptions options = new ApplyOptions(ImportMode.UPSERT, t.primaryKey(), new Object[t.columns().size()]);
        ChunkResult r = new PostgresTableWriter(new PostgresDialect()).apply(c, t, options, rows, col -> {
            throw new AssertionError("no autonumbers here");
        });
        real.commit();
        return r;
    }

    private static long outcomes(ChunkResult r, Outcome o) {
        long n = 0;
        for (Outcome x : r.outcomes()) if (x == o) n++;
        return n;
    }

    @Test
    void aChunkCostsAFixedNumberOfStatements() throws SQLException {
        sql("CREATE TABLE fixed (id bigint PRIMARY KEY, name text, qty integer, note text)",
                "INSERT INTO fixed SELECT g, 'n' || g, g, NULL FROM generate_series(1, 1000) g");
        Table t = table("fixed");
        List<MappedRow> rows = new ArrayList<>();
        long i = 0;
        for (long id = 1; id <= 1000; id++) {
            if (id <= 250) rows.add(row(i++, false, id, "renamed " + id, MappedRow.ABSENT, MappedRow.ABSENT)); // name only
            else if (id <= 500) rows.add(row(i++, false, id, MappedRow.ABSENT, id * 10, MappedRow.ABSENT)); // qty only
            else if (id <= 750) rows.add(row(i++, false, id, "n" + id, id, MappedRow.ABSENT)); // unchanged
            else rows.add(row(i++, true, id, MappedRow.ABSENT, MappedRow.ABSENT, MappedRow.ABSENT)); // deleted
        }
        for (long id = 1001; id <= 1500; id++) {
            rows.add(row(i++, false, id, "new\t" + id, id, id % 2 == 0 ? "even\\" : MappedRow.ABSENT));
        }
        Counted c = counted();
        ChunkResult r = apply(c.connection(), t, rows);

        assertThat(outcomes(r, Outcome.UPDATED)).isEqualTo(500);
        assertThat(outcomes(r, Outcome.UNCHANGED)).isEqualTo(250);
        assertThat(outcomes(r, Outcome.DELETED)).isEqualTo(250);
        assertThat(outcomes(r, Outcome.INSERTED)).isEqualTo(500);
        // fetch, the column types (read while planning: a new writer has none yet; read again and locked
        // by the write), prepare staging, DELETE, UPDATE; the COPYs (staging, and the new rows straight
        // into the table, one per column set) go through unwrap
        assertThat(c.statements()).isEqualTo(6);
        assertThat(c.count("unwrap")).isEqualTo(3);
        assertThat(c.count("setSavepoint")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM fixed")).isEqualTo(1250);
        assertThat(count("SELECT count(*) FROM fixed WHERE id <= 250 AND name = 'renamed ' || id AND qty = id")).isEqualTo(250);
        assertThat(count("SELECT count(*) FROM fixed WHERE id BETWEEN 251 AND 500 AND name = 'n' || id AND qty = id * 10"))
                .isEqualTo(250);
        assertThat(count("SELECT count(*) FROM fixed WHERE id > 1000 AND name = E'new\\t' || id")).isEqualTo(500);
        assertThat(count("SELECT count(*) FROM fixed WHERE note = E'even\\\\'")).isEqualTo(250);
    }

    @Test
    void rejectedRowsFailAloneWhileTheRestStaysSetWise() throws SQLException {
        sql("CREATE TABLE parents (id bigint PRIMARY KEY)",
                "INSERT INTO parents VALUES (1)",
                "CREATE TABLE strict (id bigint PRIMARY KEY, email text UNIQUE, qty integer CHECK (qty >= 0),"
                        + " parent bigint REFERENCES parents (id))",
                "INSERT INTO strict VALUES (0, 'taken@x', 0, 1)");
        Table t = table("strict");
        List<MappedRow> rows = new ArrayList<>();
        for (long id = 1; id <= 1000; id++) {
            Object email = id == 100 ? "taken@x" : "u" + id + "@x";
            Object qty = id == 400 ? -1L : id == 700 ? 3_000_000_000L : id;
            Object parent = id == 900 ? 2L : 1L;
            rows.add(row(id - 1, false, id, email, qty, parent));
        }
        Counted c = counted();
        ChunkResult r = apply(c.connection(), t, rows);

        List<Integer> failed = new ArrayList<>();
        for (int k = 0; k < r.outcomes().length; k++) if (r.outcomes()[k] == Outcome.FAILED) failed.add(k);
        assertThat(failed).containsExactly(99, 399, 699, 899);
        assertThat(r.messages()[99]).startsWith("rejected by the database").contains("duplicate key").contains("email");
        assertThat(r.messages()[399]).contains("check constraint");
        assertThat(r.messages()[699]).contains("out of range");
        assertThat(r.messages()[899]).contains("foreign key");
        assertThat(outcomes(r, Outcome.INSERTED)).isEqualTo(996);
        assertThat(count("SELECT count(*) FROM strict")).isEqualTo(997);
        // halving down to groups of 16, not 1000 single-row statements
        assertThat(c.statements()).isLessThan(150);
    }

    @Test
    void anUpdateSetsTheColumnsItsRowsGiveAndKeepsTheOthers() throws SQLException {
        sql("CREATE TABLE given (id bigint PRIMARY KEY, name text, qty integer)",
                "INSERT INTO given SELECT g, 'n' || g, g FROM generate_series(1, 100) g");
        Table t = table("given");
        List<MappedRow> rows = new ArrayList<>();
        // every row gives name, half of them change it; no row gives qty
        for (long id = 1; id <= 100; id++) rows.add(row(id - 1, false, id, id % 2 == 0 ? "renamed " + id : "n" + id, MappedRow.ABSENT));
        ApplyOptions options = new ApplyOptions(ImportMode.UPSERT, t.primaryKey(), new Object[t.columns().size()]);
        PostgresTableWriter writer = new PostgresTableWriter(new PostgresDialect());
        PlannedChunk planned = writer.plan(real, t, options, rows, col -> {
            throw new AssertionError("no autonumbers here");
        }, null);
        real.commit();
        // between the plan and the write, another client changes the column the import does not give
        sql("UPDATE given SET qty = qty + 1000");
        ChunkResult r = writer.write(real, planned);
        real.commit();

        assertThat(outcomes(r, Outcome.UPDATED)).isEqualTo(50);
        assertThat(outcomes(r, Outcome.UNCHANGED)).isEqualTo(50);
        assertThat(count("SELECT count(*) FROM given WHERE qty = id + 1000")).isEqualTo(100);
        assertThat(count("SELECT count(*) FROM given WHERE name = CASE WHEN id % 2 = 0 THEN 'renamed ' || id ELSE 'n' || id END"))
                .isEqualTo(100);
    }

    @Test
    void compositeKeysAreFetchedInOneQuery() throws SQLException {
        sql("CREATE TABLE pairs (a text, b date, v integer, PRIMARY KEY (a, b))",
                "INSERT INTO pairs VALUES ('x', '2024-01-01', 1), ('y', '2024-01-02', 2)");
        Table t = table("pairs");
        List<MappedRow> rows = List.of(
                row(0, false, "x", java.time.LocalDate.parse("2024-01-01"), 10L),
                row(1, false, "y", java.time.LocalDate.parse("2024-01-02"), 2L),
                row(2, false, "x", java.time.LocalDate.parse("2024-01-02"), 3L));
        Counted c = counted();
        ChunkResult r = apply(c.connection(), t, rows);
        assertThat(r.outcomes()).containsExactly(Outcome.UPDATED, Outcome.UNCHANGED, Outcome.INSERTED);
        assertThat(count("SELECT sum(v) FROM pairs")).isEqualTo(15);
        // fetch, column types (planning, and locked by the write), prepare staging, UPDATE; the new row is COPYed in
        assertThat(c.statements()).isEqualTo(5);
    }
}
