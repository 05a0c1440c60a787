package dev.freight.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import dev.freight.store.Catalog;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upsert chunk whose stored rows SQLite compares as it writes ({@link DecidedUpsert}), on a
 * real SQLite file: its outcomes are those the planner gives, a chunk it cannot decide goes the
 * usual way, and a rejected row still fails alone with the database's message.
 */
class SqliteDecidedUpsertTest {
    private static final String DDL = "(id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE, d DECIMAL(12,2), b BOOLEAN, "
            + "ts TIMESTAMP, day DATE, qty INTEGER CHECK (qty >= 0), note TEXT)";
    @TempDir
    Path dir;
    private Connection c;
    private final SqliteTableWriter writer = new SqliteTableWriter(new SqliteDialect());

    @BeforeEach
    void open() throws Exception {
        c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("t.db"));
        c.setAutoCommit(false);
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private Table table(String name) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"" + SqliteDialect.physicalName("default", name) + "\" " + DDL);
        }
        c.commit();
        Catalog.PhysicalTable p = new SqliteCatalog().describe(c, "default", name).orElseThrow();
        return new Table(UUID.randomUUID().toString(), "default", name, p.columns(), p.primaryKey(), p.uniqueKeys(),
                null, List.of(), true, 1, null);
    }

    private static ApplyOptions upsert(Table t) {
        return new ApplyOptions(ImportMode.UPSERT, t.primaryKey(), new Object[t.columns().size()]);
    }

    private PlannedChunk plan(Table t, List<MappedRow> rows, PlannedChunk before) throws SQLException {
        return writer.plan(c, t, upsert(t), rows, col -> {
            throw new AssertionError("no autonumbers here");
        }, before);
    }

    private ChunkResult write(PlannedChunk p) throws SQLException {
        ChunkResult r = writer.write(c, p);
        c.commit();
        return r;
    }

    private long count(String where) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT count(*) FROM \"" + SqliteDialect.physicalName("default", "items") + "\" WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A row of every column; {@code n} varies the non-key values. */
    private static MappedRow row(long index, long id, long n) {
        return new MappedRow(index, index + 2, new Object[] {id, "u" + id + "@x", new BigDecimal(n + ".50"), n % 2 == 0,
                LocalDateTime.of(2026, 1, 1 + (int) (n % 28), 9, 30, 0, n % 3 == 0 ? 250_000_000 : 0),
                LocalDate.of(2025, 1 + (int) (n % 12), 1), n, n % 5 == 0 ? null : "note " + n}, false, null, null);
    }

    private static MappedRow with(MappedRow r, int column, Object value) {
        Object[] v = r.values().clone();
        v[column] = value;
        return new MappedRow(r.index(), r.line(), v, false, null, null);
    }

    private static List<Integer> positions(ChunkResult r, Outcome o) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.outcomes().length; i++) if (r.outcomes()[i] == o) out.add(i);
        return out;
    }

    @Test
    void outcomesComeFromTheWriteWithoutReadingStoredRows() throws SQLException {
        Table t = table("items");
        List<MappedRow> first = new ArrayList<>();
        for (long id = 1; id <= 120; id++) first.add(row(id - 1, id, id));
        PlannedChunk p1 = plan(t, first, null);
        assertThat(p1.prepared()).isInstanceOf(DecidedUpsert.class);
        assertThat(write(p1).outcomes()).containsOnly(Outcome.INSERTED);

        // 1..120 given again: 1..40 the same values (decimals with their scale, the timestamps with
        // a fraction, nulls), 41..80 one column changed each, 81..120 new ids beyond 120
        List<MappedRow> second = new ArrayList<>();
        for (long id = 1; id <= 120; id++) {
            MappedRow r = id <= 40 ? row(id - 1, id, id) : id <= 80 ? row(id - 1, id, id + 1000) : row(id - 1, id + 100, id);
            if (id == 41) r = with(row(id - 1, id, id), 2, new BigDecimal("41.51")); // only the decimal changes
            if (id == 42) r = with(row(id - 1, id, id), 3, !(Boolean) row(0, id, id).values()[3]);
            if (id == 43) r = with(row(id - 1, id, id), 7, null); // a note becomes null
            second.add(r);
        }
        PlannedChunk p2 = plan(t, second, null);
        assertThat(p2.prepared()).isInstanceOf(DecidedUpsert.class);
        ChunkResult r2 = write(p2);
        assertThat(positions(r2, Outcome.UNCHANGED)).hasSize(40).allMatch(i -> i < 40);
        assertThat(positions(r2, Outcome.UPDATED)).hasSize(40).allMatch(i -> i >= 40 && i < 80);
        assertThat(positions(r2, Outcome.INSERTED)).hasSize(40).allMatch(i -> i >= 80);
        assertThat(r2.keys()[0]).contains("1");
        assertThat(count("id BETWEEN 44 AND 80 AND qty = id + 1000")).isEqualTo(37);
        assertThat(count("id = 41 AND d = 41.51 AND qty = 41")).isEqualTo(1);
        assertThat(count("id = 43 AND note IS NULL")).isEqualTo(1);
        assertThat(count("id > 120")).isEqualTo(40);
        assertThat(count("typeof(d) = 'real' AND typeof(b) = 'integer' AND typeof(ts) = 'text'")).isEqualTo(160);

        // the same chunk again: all unchanged, as the planner says of rows it read back
        assertThat(write(plan(t, second, null)).outcomes()).containsOnly(Outcome.UNCHANGED);
    }

    @Test
    void aKeyTwiceInAChunkIsPlannedTheUsualWay() throws SQLException {
        Table t = table("items");
        write(plan(t, List.of(row(0, 1, 1)), null));
        List<MappedRow> rows = List.of(row(0, 2, 2), row(1, 1, 5), row(2, 2, 3), row(3, 1, 5));
        PlannedChunk p = plan(t, rows, null);
        assertThat(p.prepared() instanceof DecidedUpsert).isFalse();
        assertThat(write(p).outcomes()).containsExactly(Outcome.INSERTED, Outcome.UPDATED, Outcome.UPDATED, Outcome.UNCHANGED);
        assertThat(count("id = 2 AND qty = 3")).isEqualTo(1);
    }

    @Test
    void aRejectedRowFailsAloneWithTheDatabasesMessage() throws SQLException {
        Table t = table("items");
        List<MappedRow> first = new ArrayList<>();
        for (long id = 1; id <= 100; id++) first.add(row(id - 1, id, id));
        write(plan(t, first, null));
        // 1..100 again (1..50 unchanged, 51..100 changed), 101..200 new; 60 takes a stored email
        // (update), 150 a negative qty (insert), 75 a negative qty (update)
        List<MappedRow> second = new ArrayList<>();
        for (long id = 1; id <= 200; id++) {
            MappedRow r = row(id - 1, id, id <= 50 || id > 100 ? id : id + 1000);
            if (id == 60) r = with(r, 1, "u1@x");
            if (id == 150 || id == 75) r = with(r, 6, -1L);
            second.add(r);
        }
        PlannedChunk p = plan(t, second, null);
        assertThat(p.prepared()).isInstanceOf(DecidedUpsert.class);
        ChunkResult r = write(p);
        assertThat(positions(r, Outcome.FAILED)).containsExactly(59, 74, 149);
        assertThat(r.messages()[59]).startsWith("rejected by the database").contains("UNIQUE").contains("email");
        assertThat(r.messages()[74]).startsWith("rejected by the database").contains("CHECK");
        assertThat(r.messages()[149]).contains("CHECK");
        assertThat(positions(r, Outcome.UNCHANGED)).hasSize(50);
        assertThat(positions(r, Outcome.UPDATED)).hasSize(48);
        assertThat(positions(r, Outcome.INSERTED)).hasSize(99);
        assertThat(count("1 = 1")).isEqualTo(199);
        assertThat(count("id IN (60, 75) AND qty = id")).isEqualTo(2); // kept as stored
    }

    @Test
    void aChunkPlannedAheadCountsTheKeysOfTheChunkBeforeIt() throws SQLException {
        Table t = table("items");
        PlannedChunk a = plan(t, List.of(row(0, 1, 1), row(1, 2, 2)), null);
        // planned while a is not written: key 1 is stored by then, key 3 is new
        PlannedChunk b = plan(t, List.of(row(0, 1, 7), row(1, 3, 3), row(2, 2, 2)), a);
        assertThat(b.prepared()).isInstanceOf(DecidedUpsert.class);
        write(a);
        assertThat(write(b).outcomes()).containsExactly(Outcome.UPDATED, Outcome.INSERTED, Outcome.UNCHANGED);
        assertThat(count("id = 1 AND qty = 7")).isEqualTo(1);

        // planned on a chunk that then was not written: what b took as stored is not, and b finds out
        PlannedChunk lost = plan(t, List.of(row(0, 10, 10), row(1, 11, 11)), null);
        PlannedChunk after = plan(t, List.of(row(0, 10, 10), row(1, 11, 12), row(2, 1, 7)), lost);
        assertThat(write(after).outcomes()).containsExactly(Outcome.INSERTED, Outcome.INSERTED, Outcome.UNCHANGED);
        assertThat(after.rejected()).contains(after.planner().keyOf(row(0, 10, 10).values()));
        assertThat(count("id IN (10, 11)")).isEqualTo(2);
    }
}
