package dev.freight.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.PlannedChunk;
import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import dev.freight.testing.PgServer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An upsert chunk that PostgreSQL decides as it writes ({@link DecidedCopy}: staged, then one
 * INSERT … ON CONFLICT … WHERE a column differs … RETURNING), on a real server: its outcomes are
 * those the planner gives from the stored rows, a chunk it cannot decide goes the usual way, and
 * a rejected row still fails alone with the database's message.
 */
class PgDecidedUpsertTest extends ScratchDatabase {
    private static final String DDL = "(id bigint PRIMARY KEY, email text NOT NULL UNIQUE, d numeric(12,2), b boolean, "
            + "ts timestamp, day date, qty bigint CHECK (qty >= 0), note text)";
    private final PostgresTableWriter writer = new PostgresTableWriter(new PostgresDialect());

    private Table table(String name, String ddl) throws SQLException {
        sql("DROP TABLE IF EXISTS " + name, "CREATE TABLE " + name + " " + ddl);
        return table(name);
    }

    private PlannedChunk plan(Table t, List<MappedRow> rows) throws SQLException {
        ApplyOptions options = new ApplyOptions(ImportMode.UPSERT, t.primaryKey(), new Object[t.columns().size()]);
        return writer.plan(real, t, options, rows, col -> {
            throw new AssertionError("no autonumbers here");
        }, null);
    }

    private ChunkResult write(PlannedChunk p) throws SQLException {
        ChunkResult r = writer.write(real, p);
        real.commit();
        return r;
    }

    private long count(String table, String where) throws SQLException {
        try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE " + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A row of every column; {@code n} varies the non-key values. */
    private static MappedRow item(long index, long id, long n) {
        return row(index, false, id, "u" + id + "@x", new BigDecimal(n + ".50"), n % 2 == 0,
                LocalDateTime.of(2026, 1, 1 + (int) (n % 28), 9, 30, 0, n % 3 == 0 ? 250_000_000 : 0),
                LocalDate.of(2025, 1 + (int) (n % 12), 1), n, n % 5 == 0 ? null : "note " + n);
    }

    private static MappedRow with(MappedRow r, int column, Object value) {
        Object[] v = r.values().clone();
        v[column] = value;
        return row(r.index(), false, v);
    }

    private static List<Integer> positions(ChunkResult r, Outcome o) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < r.outcomes().length; i++) if (r.outcomes()[i] == o) out.add(i);
        return out;
    }

    @Test
    void outcomesComeFromTheWriteWithoutReadingStoredRows() throws SQLException {
        Table t = table("items", DDL);
        List<MappedRow> first = new ArrayList<>();
        for (long id = 1; id <= 120; id++) first.add(item(id - 1, id, id));
        PlannedChunk p1 = plan(t, first);
        assertThat(p1.prepared()).isInstanceOf(DecidedCopy.class);
        assertThat(write(p1).outcomes()).containsOnly(Outcome.INSERTED);

        // 1..120 given again: 1..40 the same values (decimals with their scale, timestamps with a
        // fraction, nulls), 41..80 changed (41..43 in one column each: a decimal, a boolean, a note
        // becoming null; 44 only in the case of its note), 81..120 new ids beyond 120
        List<MappedRow> second = new ArrayList<>();
        for (long id = 1; id <= 120; id++) {
            MappedRow r = id <= 40 ? item(id - 1, id, id) : id <= 80 ? item(id - 1, id, id + 1000) : item(id - 1, id + 100, id);
            if (id == 41) r = with(item(id - 1, id, id), 2, new BigDecimal("41.51"));
            if (id == 42) r = with(item(id - 1, id, id), 3, !(Boolean) item(0, id, id).values()[3]);
            if (id == 43) r = with(item(id - 1, id, id), 7, null);
            if (id == 44) r = with(item(id - 1, id, id), 7, "NOTE 44");
            second.add(r);
        }
        PlannedChunk p2 = plan(t, second);
        assertThat(p2.prepared()).isInstanceOf(DecidedCopy.class);
        ChunkResult r2 = write(p2);
        assertThat(positions(r2, Outcome.UNCHANGED)).hasSize(40).allMatch(i -> i < 40);
        assertThat(positions(r2, Outcome.UPDATED)).hasSize(40).allMatch(i -> i >= 40 && i < 80);
        assertThat(positions(r2, Outcome.INSERTED)).hasSize(40).allMatch(i -> i >= 80);
        assertThat(r2.keys()[0]).contains("1");
        assertThat(count("items", "id BETWEEN 45 AND 80 AND qty = id + 1000")).isEqualTo(36);
        assertThat(count("items", "id = 41 AND d = 41.51 AND qty = 41")).isEqualTo(1);
        assertThat(count("items", "id = 43 AND note IS NULL")).isEqualTo(1);
        assertThat(count("items", "id = 44 AND note = 'NOTE 44'")).isEqualTo(1);
        assertThat(count("items", "id > 120")).isEqualTo(40);

        // the same chunk again: all unchanged, as the planner says of rows it read back
        PlannedChunk again = plan(t, second);
        assertThat(again.prepared()).isInstanceOf(DecidedCopy.class);
        assertThat(write(again).outcomes()).containsOnly(Outcome.UNCHANGED);
    }

    @Test
    void aKeyStoredByAnotherWriterAfterPlanningIsUpdated() throws SQLException {
        Table t = table("raced", DDL);
        PlannedChunk p = plan(t, List.of(item(0, 1, 1), item(1, 2, 2)));
        try (Connection other = DriverManager.getConnection(PgServer.urlFor(real.getCatalog()));
             Statement s = other.createStatement()) {
            s.execute("INSERT INTO raced (id, email, qty) VALUES (2, 'u2@x', 0)");
        }
        assertThat(write(p).outcomes()).containsExactly(Outcome.INSERTED, Outcome.UPDATED);
        assertThat(count("raced", "id = 2 AND qty = 2 AND note = 'note 2'")).isEqualTo(1);
    }

    @Test
    void compositeKeysAreDecidedToo() throws SQLException {
        Table t = table("pairs", "(a text, b date, v integer, PRIMARY KEY (a, b))");
        sql("INSERT INTO pairs VALUES ('x', '2024-01-01', 1), ('y', '2024-01-02', 2)");
        PlannedChunk p = plan(t, List.of(row(0, false, "x", LocalDate.parse("2024-01-01"), 10L),
                row(1, false, "y", LocalDate.parse("2024-01-02"), 2L), row(2, false, "x", LocalDate.parse("2024-01-02"), 3L)));
        assertThat(p.prepared()).isInstanceOf(DecidedCopy.class);
        assertThat(write(p).outcomes()).containsExactly(Outcome.UPDATED, Outcome.UNCHANGED, Outcome.INSERTED);
        assertThat(count("pairs", "true")).isEqualTo(3);
        assertThat(count("pairs", "(a, b, v) IN (('x', '2024-01-01', 10), ('y', '2024-01-02', 2), ('x', '2024-01-02', 3))")).isEqualTo(3);
    }

    @Test
    void chunksTheDatabaseCannotDecideGoTheUsualWay() throws SQLException {
        Table t = table("items2", DDL);
        write(plan(t, List.of(item(0, 1, 1))));
        // a key twice in one chunk: ON CONFLICT cannot touch a row twice; the planner nets them
        PlannedChunk twice = plan(t, List.of(item(0, 2, 2), item(1, 1, 5), item(2, 2, 3), item(3, 1, 5)));
        assertThat(twice.prepared()).isNotInstanceOf(DecidedCopy.class);
        assertThat(write(twice).outcomes()).containsExactly(Outcome.INSERTED, Outcome.UPDATED, Outcome.UPDATED, Outcome.UNCHANGED);
        assertThat(count("items2", "id = 2 AND qty = 3")).isEqualTo(1);

        // a column whose SQL equality is not Freight's (char(n) ignores trailing blanks)
        Table padded = table("padded", "(id bigint PRIMARY KEY, code char(5))");
        PlannedChunk p = plan(padded, List.of(row(0, false, 1L, "ab")));
        assertThat(p.prepared()).isNotInstanceOf(DecidedCopy.class);
        assertThat(write(p).outcomes()).containsExactly(Outcome.INSERTED);

        // a table with a trigger of its own: ON CONFLICT would fire its BEFORE INSERT trigger for stored rows too
        Table audited = table("audited", "(id bigint PRIMARY KEY, v integer, inserts integer DEFAULT 0)");
        sql("CREATE FUNCTION count_insert() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN NEW.inserts := 1; RETURN NEW; END'",
                "CREATE TRIGGER counted BEFORE INSERT ON audited FOR EACH ROW EXECUTE FUNCTION count_insert()",
                "INSERT INTO audited (id, v) VALUES (1, 1)");
        PlannedChunk a = plan(audited, List.of(row(0, false, 1L, 2L, 1L), row(1, false, 2L, 2L, 0L)));
        assertThat(a.prepared()).isNotInstanceOf(DecidedCopy.class);
        assertThat(write(a).outcomes()).containsExactly(Outcome.UPDATED, Outcome.INSERTED);

        // a trigger added between planning and writing: the write finds it and goes the usual way
        Table later = table("later", "(id bigint PRIMARY KEY, v integer, inserts integer DEFAULT 0)");
        sql("INSERT INTO later (id, v) VALUES (1, 1)");
        PlannedChunk l = plan(later, List.of(row(0, false, 1L, 2L, 0L), row(1, false, 2L, 2L, 0L)));
        assertThat(l.prepared()).isInstanceOf(DecidedCopy.class);
        sql("CREATE TRIGGER counted BEFORE INSERT ON later FOR EACH ROW EXECUTE FUNCTION count_insert()");
        assertThat(write(l).outcomes()).containsExactly(Outcome.UPDATED, Outcome.INSERTED);
        assertThat(count("later", "id = 1 AND v = 2 AND inserts = 0")).isEqualTo(1); // no insert trigger fired for it
        assertThat(count("later", "id = 2 AND inserts = 1")).isEqualTo(1);
    }

    @Test
    void aRejectedRowFailsAloneWithTheDatabasesMessage() throws SQLException {
        Table t = table("checked", DDL);
        List<MappedRow> first = new ArrayList<>();
        for (long id = 1; id <= 100; id++) first.add(item(id - 1, id, id));
        write(plan(t, first));
        // 1..100 again (1..50 unchanged, 51..100 changed), 101..200 new; 60 takes a stored email
        // (update), 150 a negative qty (insert), 75 a negative qty (update)
        List<MappedRow> second = new ArrayList<>();
        for (long id = 1; id <= 200; id++) {
            MappedRow r = item(id - 1, id, id <= 50 || id > 100 ? id : id + 1000);
            if (id == 60) r = with(r, 1, "u1@x");
            if (id == 150 || id == 75) r = with(r, 6, -1L);
            second.add(r);
        }
        PlannedChunk p = plan(t, second);
        assertThat(p.prepared()).isInstanceOf(DecidedCopy.class);
        ChunkResult r = write(p);
        assertThat(positions(r, Outcome.FAILED)).containsExactly(59, 74, 149);
        assertThat(r.messages()[59]).startsWith("rejected by the database").contains("unique").contains("email");
        assertThat(r.messages()[74]).startsWith("rejected by the database").contains("check");
        assertThat(r.messages()[149]).contains("check");
        assertThat(positions(r, Outcome.UNCHANGED)).hasSize(50);
        assertThat(positions(r, Outcome.UPDATED)).hasSize(48);
        assertThat(positions(r, Outcome.INSERTED)).hasSize(99);
        assertThat(count("checked", "true")).isEqualTo(199);
        assertThat(count("checked", "id IN (60, 75) AND qty = id")).isEqualTo(2); // kept as stored
    }
}
