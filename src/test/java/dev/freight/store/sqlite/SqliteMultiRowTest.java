package dev.freight.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import dev.freight.store.Catalog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, runs of inserts or updates of the same columns are written many rows per statement
 * (on a real SQLite file); a row the database rejects still fails alone, with its own message,
 * and every other row of its statement goes in.
 */
class SqliteMultiRowTest {
    @TempDir
    Path dir;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        c.setAutoCommit(false);
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private Table table(String name, String ddl) throws SQLException {
        String physical = SqliteDialect.physicalName("default", name);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"" + physical + "\" " + ddl);
        }
        c.commit();
        Catalog.PhysicalTable p = new SqliteCatalog().describe(c, "default", name).orElseThrow();
        return new Table(UUID.randomUUID().toString(), "default", name, p.columns(), p.primaryKey(), p.uniqueKeys(),
                null, List.of(), true, 1, null);
    }

    /** Statements executed by the last {@link #apply} (each executeUpdate or executeQuery). */
    private final java.util.concurrent.atomic.AtomicInteger executed = new java.util.concurrent.atomic.AtomicInteger();

    /** {@link #c}, counting the statements run on what it prepares. */
    private Connection counting() {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, m, args) -> {
                    Object out = invoke(c, m, args);
                    if (!(out instanceof java.sql.PreparedStatement ps)) return out;
                    return java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                            new Class<?>[] {java.sql.PreparedStatement.class}, (p2, m2, a2) -> {
                                if (m2.getName().startsWith("execute")) executed.incrementAndGet();
                                return invoke(ps, m2, a2);
                            });
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private ChunkResult apply(Table t, List<MappedRow> rows) throws SQLException {
        ApplyOptions options = new ApplyOptions(ImportMode.UPSERT, t.primaryKey(), new Object[t.columns().size()]);
        executed.set(0);
        ChunkResult r = new SqliteTableWriter(new SqliteDialect()).apply(counting(), t, options, rows, col -> {
            throw new AssertionError("no autonumbers here");
        });
        c.commit();
        return r;
    }

    private long count(String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MappedRow row(long index, Object... values) {
        return new MappedRow(index, index + 2, values, false, null, null);
    }

    /** Typed values and awkward text come out of a batch exactly as out of row-by-row statements. */
    @Test
    void aBatchStoresWhatRowByRowStatementsStore() throws SQLException {
        String ddl = "(id INTEGER PRIMARY KEY, t TEXT, d DECIMAL(12,2), w DECIMAL_TEXT, b BOOLEAN, ts TIMESTAMP, n INTEGER)";
        Table batched = table("batched", ddl);
        Table single = table("single", ddl);
        String[] texts = {"plain", "quote \" and back\\slash", "line\nbreak\ttab\r", "ünï © 😀", "", "\u0001ctl", "sl/ash <&> \u2028"};
        List<MappedRow> many = new ArrayList<>();
        for (long id = 1; id <= 60; id++) {
            Object text = id == 40 ? null : texts[(int) (id % texts.length)];
            many.add(row(id - 1, id, text, new java.math.BigDecimal(id + ".50"), new java.math.BigDecimal("123456789012345678.123"),
                    id % 2 == 0, java.time.LocalDateTime.of(2026, 1, (int) (id % 28) + 1, 9, 30, (int) (id % 60), id == 7 ? 500_000_000 : 0),
                    id == 39 ? null : -id * 1_000_000_000_000L));
        }
        apply(batched, many);
        for (MappedRow r : many) apply(single, List.of(r)); // one change per chunk: row by row
        String cols = "id, typeof(t), t, typeof(d), d, typeof(w), w, typeof(b), b, typeof(ts), ts, typeof(n), n";
        String a = "\"" + SqliteDialect.physicalName("default", "batched") + "\"";
        String b = "\"" + SqliteDialect.physicalName("default", "single") + "\"";
        assertThat(count("SELECT count(*) FROM " + a)).isEqualTo(60);
        assertThat(count("SELECT count(*) FROM (SELECT " + cols + " FROM " + a + " EXCEPT SELECT " + cols + " FROM " + b + ")"))
                .isZero();
        assertThat(count("SELECT count(*) FROM " + a + " WHERE t = 'quote \" and back\\slash'")).isGreaterThan(0);
    }

    @Test
    void runsOfInsertsAndUpdatesGoInWithRejectedRowsFailingAlone() throws SQLException {
        Table t = table("items", "(id INTEGER PRIMARY KEY, email TEXT UNIQUE, qty INTEGER CHECK (qty >= 0), note TEXT)");
        String ref = "\"" + SqliteDialect.physicalName("default", "items") + "\"";
        List<MappedRow> first = new ArrayList<>();
        for (long id = 1; id <= 200; id++) first.add(row(id - 1, id, "u" + id + "@x", id, id % 3 == 0 ? null : "n" + id));
        ChunkResult r1 = apply(t, first);
        assertThat(r1.outcomes()).containsOnly(Outcome.INSERTED);
        assertThat(executed.get()).as("statements for 200 inserts: the stored-row query and 4 of 50 rows").isLessThanOrEqualTo(5);
        assertThat(count("SELECT count(*) FROM " + ref + " WHERE email = 'u' || id || '@x' AND qty = id")).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM " + ref + " WHERE note IS NULL")).isEqualTo(66);

        // ids 1..200 updated (qty and note change), 201..400 inserted; row 70 takes a stored email, row 130 a
        // negative qty (updates), row 260 a taken email, row 333 a negative qty (inserts)
        List<MappedRow> second = new ArrayList<>();
        for (long id = 1; id <= 400; id++) {
            Object email = id == 70 ? "u1@x" : id == 260 ? "u2@x" : "u" + id + "@x";
            long qty = id == 130 || id == 333 ? -1 : id * 10;
            second.add(row(id - 1, id, email, qty, "m" + id));
        }
        ChunkResult r2 = apply(t, second);

        List<Integer> failed = new ArrayList<>();
        for (int k = 0; k < r2.outcomes().length; k++) if (r2.outcomes()[k] == Outcome.FAILED) failed.add(k);
        assertThat(failed).containsExactly(69, 129, 259, 332);
        assertThat(r2.messages()[69]).startsWith("rejected by the database").contains("UNIQUE").contains("email");
        assertThat(r2.messages()[332]).contains("CHECK");
        assertThat(r2.outcomes()[0]).isEqualTo(Outcome.UPDATED);
        assertThat(r2.outcomes()[399]).isEqualTo(Outcome.INSERTED);
        assertThat(count("SELECT count(*) FROM " + ref)).isEqualTo(398);
        assertThat(count("SELECT count(*) FROM " + ref + " WHERE qty = id * 10 AND email = 'u' || id || '@x'")).isEqualTo(396);
        assertThat(count("SELECT count(*) FROM " + ref + " WHERE id IN (70, 130) AND qty = id")).isEqualTo(2); // kept
        assertThat(count("SELECT count(*) FROM " + ref + " WHERE note = 'm' || id")).isEqualTo(396);
        assertThat(count("SELECT typeof(qty) = 'integer' AND typeof(email) = 'text' FROM " + ref + " WHERE id = 250")).isEqualTo(1);
    }
}
