package dev.freight.engine;

import static dev.freight.job.ImportMode.DELETE;
import static dev.freight.job.ImportMode.IGNORE;
import static dev.freight.job.ImportMode.INSERT;
import static dev.freight.job.ImportMode.REPLACE;
import static dev.freight.job.ImportMode.REPLACE_ALL;
import static dev.freight.job.ImportMode.UPDATE;
import static dev.freight.job.ImportMode.UPSERT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.freight.ingest.Coercer;
import dev.freight.ingest.JsonText;
import dev.freight.ingest.MappedRow;
import dev.freight.ingest.MappingOptions;
import dev.freight.ingest.RowMapper;
import dev.freight.ingest.SourceRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The import semantics of DESIGN §3 as {@link ChunkPlanner} decides them, with no database: a
 * chunk of mapped rows is planned against the stored rows of its keys, exactly as
 * {@code TableWriter.plan} (store) drives it, and each test checks both what every row's result says
 * (outcome and message) and the net changes handed to the writer (kind, key, the columns
 * written and their values, and the row the writer fails if the database rejects the change).
 *
 * <p>Changes are shown as text: {@code INSERT (id=1, name='b') @0} inserts those columns only
 * (the others take the database default), {@code UPDATE id=1 SET name='b' @0} updates the stored
 * row with that key, {@code DELETE id=1 @0} deletes it; {@code @n} is the change's last row.
 */
class ChunkPlannerTest {
    /** The input said nothing about this column. */
    private static final Object __ = MappedRow.ABSENT;

    // ---- tables -------------------------------------------------------------------------------

    private static Column column(String name, ColumnType type, boolean nullable, String defaultValue,
                                 boolean updatable, boolean autonumber) {
        return new Column(name, type, nullable, defaultValue, null, null, updatable, autonumber, ColumnRole.NONE, List.of());
    }

    private static Column plain(String name, ColumnType type) {
        return Column.of(name, type);
    }

    private static Column keyColumn(String name) {
        return column(name, ColumnType.INTEGER, false, null, true, false);
    }

    private static Table table(List<String> key, Column... columns) {
        return new Table("t-id", "default", "t", List.of(columns), key, List.of(), null, List.of(), false, 1, null);
    }

    /** The table most tests use: a key, a text column and an integer column whose default is 7. */
    private static final Table T = table(List.of("id"), keyColumn("id"), plain("name", ColumnType.TEXT),
            column("score", ColumnType.INTEGER, true, "7", true, false));

    /** T's stored row 1. */
    private static final Object[] STORED = {1L, "a", 3L};

    /** Typed defaults by column position, as the worker computes them for {@link ApplyOptions}. */
    private static Object[] defaults(Table table) {
        Coercer coercer = new Coercer(List.of());
        Object[] out = new Object[table.columns().size()];
        for (int i = 0; i < out.length; i++) {
            Column c = table.columns().get(i);
            if (c.defaultValue() == null) continue;
            try {
                out[i] = coercer.coerce(c, c.defaultValue());
            } catch (RuntimeException e) {
                out[i] = null; // an expression only the database evaluates
            }
        }
        return out;
    }

    // ---- rows ---------------------------------------------------------------------------------

    /** A mapped row; ints become the engine's longs. */
    private static MappedRow row(Object... values) {
        return new MappedRow(0, 0, longs(values), false, null, null);
    }

    /** A row whose {@code _delete_} marker is true. */
    private static MappedRow del(Object... values) {
        return new MappedRow(0, 0, longs(values), true, null, null);
    }

    private static MappedRow warned(String warning, Object... values) {
        return new MappedRow(0, 0, longs(values), false, null, warning);
    }

    private static Object[] longs(Object[] values) {
        Object[] out = values.clone();
        for (int i = 0; i < out.length; i++) if (out[i] instanceof Integer n) out[i] = n.longValue();
        return out;
    }

    private static List<Object[]> stored(Object[]... rows) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) out.add(longs(r));
        return out;
    }

    // ---- planning -----------------------------------------------------------------------------

    /** One chunk planned: the planner, the rows' results and the changes for the writer. */
    private record Planned(Table table, ChunkPlanner planner, List<MappedRow> rows, ChunkResult result,
                           List<Change> changes, Map<Integer, List<Long>> drawn) {

        /** Each row's outcome, with its message after a colon where it has one. */
        List<String> outcomes() {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) out.add(outcome(i));
            return out;
        }

        String outcome(int pos) {
            Outcome o = result.outcomes()[pos];
            String m = result.messages()[pos];
            return (o == null ? "undecided" : o.wireName()) + (m == null ? "" : ": " + m);
        }

        List<String> shownChanges() {
            return changes.stream().map(this::show).toList();
        }

        String show(Change ch) {
            if (ch == null) return null;
            return switch (ch.kind()) {
                case INSERT -> "INSERT (" + assignments(ch.row(), ch.columns()) + ") @" + ch.lastRow();
                case UPDATE -> "UPDATE " + key(ch.group().initial()) + " SET " + assignments(ch.row(), ch.columns())
                        + " @" + ch.lastRow();
                case DELETE -> "DELETE " + key(ch.group().initial()) + " @" + ch.lastRow();
            };
        }

        private String key(Object[] row) {
            boolean[] mask = new boolean[row.length];
            for (int k : planner.keyIndexes()) mask[k] = true;
            return assignments(row, mask);
        }

        private String assignments(Object[] row, boolean[] mask) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                if (!mask[i]) continue;
                sb.append(sb.isEmpty() ? "" : ", ").append(table.columns().get(i).name()).append('=').append(value(row[i]));
            }
            return sb.toString();
        }

        /** The key's row once the chunk is written (null: deleted), as a later chunk sees it. */
        List<String> finalRow(Object... key) {
            Object[] row = planner.finalStates().get(planner.keyOf(keyRow(key)));
            return row == null ? null : Arrays.stream(row).map(ChunkPlannerTest::value).toList();
        }

        private Object[] keyRow(Object... key) {
            Object[] row = new Object[table.columns().size()];
            int[] idx = planner.keyIndexes();
            for (int k = 0; k < idx.length; k++) row[idx[k]] = longs(key)[k];
            return row;
        }

        /** The column names {@link ChunkPlanner#assigned} gives an UPDATE change. */
        List<String> assigned(Change ch) {
            boolean[] a = planner.assigned(ch);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < a.length; i++) if (a[i]) out.add(table.columns().get(i).name());
            return out;
        }
    }

    static String value(Object v) {
        if (v == MappedRow.ABSENT) return "ABSENT";
        if (v == null) return "NULL";
        if (v instanceof String s) return "'" + s + "'";
        return v.toString();
    }

    private static Planned plan(Table table, ImportMode mode, List<Object[]> stored, MappedRow... rows) {
        return plan(table, new ApplyOptions(mode, table.primaryKey(), defaults(table)), stored, List.of(rows));
    }

    /**
     * Plans as {@code TableWriter.plan} (store) does: the stored rows are filed under the planner's
     * normalised key, and only rows whose key the planner asks for are handed over.
     * Autonumbers count from 1 per column, unless {@code firstNumber} says otherwise.
     */
    private static Planned plan(Table table, ApplyOptions options, List<Object[]> stored, List<MappedRow> rows) {
        return plan(table, options, stored, rows, 1);
    }

    private static Planned plan(Table table, ApplyOptions options, List<Object[]> stored, List<MappedRow> rows,
                                long firstNumber) {
        ChunkResult result = ChunkResult.of(rows.size());
        Map<Integer, List<Long>> drawn = new HashMap<>();
        ChunkPlanner planner = new ChunkPlanner(table, options, rows, result, col -> {
            List<Long> numbers = drawn.computeIfAbsent(col, k -> new ArrayList<>());
            long n = firstNumber + numbers.size();
            numbers.add(n);
            return n;
        });
        List<List<Object>> asked = planner.keys();
        Map<List<Object>, Object[]> byKey = new HashMap<>();
        for (Object[] s : stored) {
            List<Object> k = planner.keyOf(s);
            if (asked.contains(k)) byKey.put(k, s);
        }
        return new Planned(table, planner, rows, result, planner.plan(byKey), drawn);
    }

    // ---- every mode, against a stored row and against none ------------------------------------

    static Stream<Arguments> modes() {
        return Stream.of(
                argumentSet("insert, key stored: the row fails", INSERT, true,
                        "failed: duplicate key (id)=(1)", null),
                argumentSet("insert, key new: inserted with the given columns", INSERT, false,
                        "inserted", "INSERT (id=1, name='b') @0"),
                argumentSet("upsert, key stored: the given columns updated, absent ones kept", UPSERT, true,
                        "updated", "UPDATE id=1 SET name='b' @0"),
                argumentSet("upsert, key new: inserted", UPSERT, false,
                        "inserted", "INSERT (id=1, name='b') @0"),
                argumentSet("replace, key stored: absent columns take their default", REPLACE, true,
                        "updated", "UPDATE id=1 SET name='b', score=7 @0"),
                argumentSet("replace, key new: inserted, absent columns left to the database default", REPLACE, false,
                        "inserted", "INSERT (id=1, name='b') @0"),
                argumentSet("ignore, key stored: the row is ignored", IGNORE, true,
                        "ignored: key exists (id)=(1)", null),
                argumentSet("ignore, key new: inserted", IGNORE, false,
                        "inserted", "INSERT (id=1, name='b') @0"),
                argumentSet("update, key stored: the given columns updated", UPDATE, true,
                        "updated", "UPDATE id=1 SET name='b' @0"),
                argumentSet("update, key new: ignored", UPDATE, false,
                        "ignored: not found", null),
                argumentSet("delete, key stored: deleted", DELETE, true,
                        "deleted", "DELETE id=1 @0"),
                argumentSet("delete, key new: ignored", DELETE, false,
                        "ignored: not found", null),
                // the worker empties the table first: a stored row is one an earlier chunk of the same job wrote
                argumentSet("replace_all, key stored (by this job): updated like upsert", REPLACE_ALL, true,
                        "updated", "UPDATE id=1 SET name='b' @0"),
                argumentSet("replace_all, key new: inserted", REPLACE_ALL, false,
                        "inserted", "INSERT (id=1, name='b') @0"));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void everyModeAgainstAStoredRowAndAgainstNone(ImportMode mode, boolean isStored, String outcome, String change) {
        Planned p = plan(T, mode, isStored ? stored(STORED) : stored(), row(1, "b", __));
        assertThat(p.planner.keys()).containsExactly(List.of(1L));
        assertThat(p.outcomes()).containsExactly(outcome);
        assertThat(p.shownChanges()).containsExactlyElementsOf(change == null ? List.of() : List.of(change));
    }

    static Stream<Arguments> sameValues() {
        return Stream.of(
                argumentSet("insert", INSERT, "failed: duplicate key (id)=(1)"),
                argumentSet("upsert", UPSERT, "unchanged"),
                argumentSet("replace", REPLACE, "unchanged"),
                argumentSet("ignore", IGNORE, "ignored: key exists (id)=(1)"),
                argumentSet("update", UPDATE, "unchanged"),
                argumentSet("delete", DELETE, "deleted"),
                argumentSet("replace_all", REPLACE_ALL, "unchanged"));
    }

    @ParameterizedTest
    @MethodSource("sameValues")
    void theStoredValuesGivenAgainChangeNothing(ImportMode mode, String outcome) {
        Planned p = plan(T, mode, stored(STORED), row(1, "a", 3));
        assertThat(p.outcomes()).containsExactly(outcome);
        assertThat(p.shownChanges()).isEqualTo(mode == DELETE ? List.of("DELETE id=1 @0") : List.of());
    }

    @Test
    void replaceWithAnAbsentColumnNotAtItsDefaultIsAnUpdate() {
        assertThat(plan(T, UPSERT, stored(STORED), row(1, "a", __)).outcomes()).containsExactly("unchanged");
        Planned p = plan(T, REPLACE, stored(STORED), row(1, "a", __));
        assertThat(p.outcomes()).containsExactly("updated");
        assertThat(p.shownChanges()).containsExactly("UPDATE id=1 SET score=7 @0");
        assertThat(plan(T, REPLACE, stored(new Object[] {1, "a", 7}), row(1, "a", __)).outcomes())
                .containsExactly("unchanged");
    }

    // ---- the _delete_ marker ------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ImportMode.class)
    void theDeleteMarkerDeletesAStoredRowInEveryMode(ImportMode mode) {
        Planned p = plan(T, mode, stored(STORED), del(1, "other", 9));
        assertThat(p.outcomes()).containsExactly("deleted");
        assertThat(p.shownChanges()).containsExactly("DELETE id=1 @0");
        assertThat(p.finalRow(1)).isNull();
    }

    @ParameterizedTest
    @EnumSource(ImportMode.class)
    void theDeleteMarkerOfAKeyNotStoredIsIgnoredInEveryMode(ImportMode mode) {
        Planned p = plan(T, mode, stored(STORED), del(2, __, __));
        assertThat(p.outcomes()).containsExactly("ignored: not found");
        assertThat(p.changes).isEmpty();
    }

    @Test
    void theDeleteMarkerNeedsTheKey() {
        Planned p = plan(T, UPSERT, stored(STORED), del(__, "a", __), del(null, "a", __));
        assertThat(p.outcomes()).containsOnly("failed: column id: a key value is required");
        assertThat(p.changes).isEmpty();
    }

    // ---- the same key more than once in a chunk -----------------------------------------------

    static Stream<Arguments> sameKeyInOneChunk() {
        List<Object[]> none = stored();
        List<Object[]> one = stored(STORED);
        return Stream.of(
                argumentSet("upsert, new key twice: inserted then updated; one insert of the later values",
                        UPSERT, none, List.of(row(1, "a", __), row(1, "b", __)),
                        List.of("inserted", "updated"), List.of("INSERT (id=1, name='b') @1")),
                argumentSet("upsert, new key three times: the third, equal to the second, is unchanged",
                        UPSERT, none, List.of(row(1, "a", __), row(1, "b", 5), row(1, "b", __)),
                        List.of("inserted", "updated", "unchanged"), List.of("INSERT (id=1, name='b', score=5) @2")),
                argumentSet("upsert, stored key twice: updated twice, one update of the later values",
                        UPSERT, one, List.of(row(1, "b", __), row(1, "c", __)),
                        List.of("updated", "updated"), List.of("UPDATE id=1 SET name='c' @1")),
                argumentSet("upsert, stored key changed and changed back: nothing to write",
                        UPSERT, one, List.of(row(1, "b", __), row(1, "a", __)),
                        List.of("updated", "updated"), List.of()),
                argumentSet("upsert, new key inserted then deleted: nothing to write",
                        UPSERT, none, List.of(row(1, "a", __), del(1, __, __)),
                        List.of("inserted", "deleted"), List.of()),
                argumentSet("upsert, stored key updated then deleted: one delete",
                        UPSERT, one, List.of(row(1, "b", __), del(1, __, __)),
                        List.of("updated", "deleted"), List.of("DELETE id=1 @1")),
                argumentSet("upsert, new key deleted then inserted: the delete finds nothing",
                        UPSERT, none, List.of(del(1, __, __), row(1, "b", __)),
                        List.of("ignored: not found", "inserted"), List.of("INSERT (id=1, name='b') @1")),
                argumentSet("upsert, stored key deleted then inserted whole: the stored row is overwritten",
                        UPSERT, one, List.of(del(1, __, __), row(1, "b", 5)),
                        List.of("deleted", "inserted"), List.of("UPDATE id=1 SET name='b', score=5 @1")),
                argumentSet("upsert, stored key deleted then inserted without a column: that column takes its default",
                        UPSERT, one, List.of(del(1, __, __), row(1, "b", __)),
                        List.of("deleted", "inserted"), List.of("UPDATE id=1 SET name='b', score=7 @1")),
                argumentSet("upsert, stored key deleted then inserted without a column that has no default: NULL",
                        UPSERT, one, List.of(del(1, __, __), row(1, __, 5)),
                        List.of("deleted", "inserted"), List.of("UPDATE id=1 SET name=NULL, score=5 @1")),
                argumentSet("insert, stored key deleted then inserted without a column: that column takes its default",
                        INSERT, one, List.of(del(1, __, __), row(1, "a", __), row(1, "x", __)),
                        List.of("deleted", "inserted", "failed: duplicate key (id)=(1)"),
                        List.of("UPDATE id=1 SET score=7 @2")),
                argumentSet("upsert, stored key deleted, inserted, deleted: one delete",
                        UPSERT, one, List.of(del(1, __, __), row(1, "x", 3), del(1, __, __)),
                        List.of("deleted", "inserted", "deleted"), List.of("DELETE id=1 @2")),
                argumentSet("upsert, new key inserted, deleted, inserted: one insert of the last",
                        UPSERT, none, List.of(row(1, "a", 5), del(1, __, __), row(1, "c", __)),
                        List.of("inserted", "deleted", "inserted"), List.of("INSERT (id=1, name='c') @2")),
                argumentSet("insert, new key twice: the second is a duplicate of the first",
                        INSERT, none, List.of(row(1, "a", __), row(1, "b", __)),
                        List.of("inserted", "failed: duplicate key (id)=(1)"), List.of("INSERT (id=1, name='a') @1")),
                argumentSet("insert, a key deleted by its marker may be inserted again",
                        INSERT, none, List.of(row(1, "a", __), del(1, __, __), row(1, "c", __)),
                        List.of("inserted", "deleted", "inserted"), List.of("INSERT (id=1, name='c') @2")),
                argumentSet("ignore, new key twice: the second is ignored",
                        IGNORE, none, List.of(row(1, "a", __), row(1, "b", __)),
                        List.of("inserted", "ignored: key exists (id)=(1)"), List.of("INSERT (id=1, name='a') @1")),
                argumentSet("update, stored key twice: one update of the later values",
                        UPDATE, one, List.of(row(1, "b", __), row(1, "c", 4)),
                        List.of("updated", "updated"), List.of("UPDATE id=1 SET name='c', score=4 @1")),
                argumentSet("update, new key twice: both ignored",
                        UPDATE, none, List.of(row(1, "a", __), row(1, "b", __)),
                        List.of("ignored: not found", "ignored: not found"), List.of()),
                argumentSet("update, stored key deleted by its marker: the update after it finds nothing",
                        UPDATE, one, List.of(del(1, __, __), row(1, "b", __)),
                        List.of("deleted", "ignored: not found"), List.of("DELETE id=1 @1")),
                argumentSet("delete, stored key twice: the second finds nothing",
                        DELETE, one, List.of(row(1, __, __), row(1, __, __)),
                        List.of("deleted", "ignored: not found"), List.of("DELETE id=1 @1")),
                argumentSet("replace, stored key twice: the second replaces the first whole",
                        REPLACE, one, List.of(row(1, "b", 5), row(1, "c", __)),
                        List.of("updated", "updated"), List.of("UPDATE id=1 SET name='c', score=7 @1")),
                argumentSet("replace, new key twice: inserted with the second whole",
                        REPLACE, none, List.of(row(1, "b", 5), row(1, "c", __)),
                        List.of("inserted", "updated"), List.of("INSERT (id=1, name='c', score=7) @1")),
                argumentSet("replace_all, new key twice: the second updates the first like upsert",
                        REPLACE_ALL, none, List.of(row(1, "b", 5), row(1, "c", __)),
                        List.of("inserted", "updated"), List.of("INSERT (id=1, name='c', score=5) @1")),
                argumentSet("upsert, two keys interleaved: one change each, in the order of their last rows",
                        UPSERT, none, List.of(row(1, "a", __), row(2, "b", __), row(1, "c", __)),
                        List.of("inserted", "inserted", "updated"),
                        List.of("INSERT (id=2, name='b') @1", "INSERT (id=1, name='c') @2")));
    }

    @ParameterizedTest
    @MethodSource("sameKeyInOneChunk")
    void theSameKeyInOneChunkIsAppliedRowByRowAndWrittenOnce(ImportMode mode, List<Object[]> stored, List<MappedRow> rows,
                                                              List<String> outcomes, List<String> changes) {
        Planned p = plan(T, new ApplyOptions(mode, T.primaryKey(), defaults(T)), stored, rows);
        assertThat(p.outcomes()).containsExactlyElementsOf(outcomes);
        assertThat(p.shownChanges()).containsExactlyElementsOf(changes);
    }

    @Test
    void theRowAfterTheChunkIsWhatEveryRowOfItsKeyLeft() {
        Planned p = plan(T, UPSERT, stored(STORED, new Object[] {2, "b", 2}),
                row(1, "x", __), row(3, "c", 0), row(1, __, 9), del(2, __, __), row(4, "d", 1), del(4, __, __));
        assertThat(p.finalRow(1)).containsExactly("1", "'x'", "9");
        assertThat(p.finalRow(2)).isNull();
        assertThat(p.finalRow(3)).containsExactly("3", "'c'", "0");
        assertThat(p.finalRow(4)).isNull();
        assertThat(p.planner.finalStates()).hasSize(4);
    }

    @Test
    void aRowDeletedAndInsertedAgainLeavesNoStoredValueBehind() {
        Planned p = plan(T, UPSERT, stored(STORED), del(1, __, __), row(1, "a", __));
        assertThat(p.shownChanges()).containsExactly("UPDATE id=1 SET score=7 @1");
        assertThat(p.finalRow(1)).containsExactly("1", "'a'", "7");
    }

    @Test
    void aDefaultOnlyTheDatabaseCanComputeIsNotGuessedForARowInsertedAgain() {
        Table t = table(List.of("id"), keyColumn("id"), plain("name", ColumnType.TEXT),
                column("at", ColumnType.TIMESTAMP, true, "CURRENT_TIMESTAMP", true, false));
        Object[] at = {1, "a", LocalDateTime.parse("2024-05-01T10:00:00")};
        Planned p = plan(t, UPSERT, stored(at), del(1, __, __), row(1, "b", __));
        assertThat(p.outcomes()).containsExactly("deleted", "inserted");
        assertThat(p.shownChanges()).containsExactly("UPDATE id=1 SET name='b' @1");
    }

    /**
     * Plans the next chunk while {@code before} is still being written, as {@code TableWriter.plan} (store)
     * does: the rows {@code before} leaves stand in for the stored ones.
     */
    private static Planned planAhead(Planned before, ImportMode mode, MappedRow... rows) {
        List<Object[]> stored = new ArrayList<>();
        for (Object[] r : before.planner.finalStates().values()) if (r != null) stored.add(r);
        return plan(before.table, mode, stored, rows);
    }

    @Test
    void theNextChunkSeesTheDefaultsAnInsertLeft() {
        Planned first = plan(T, UPSERT, stored(), row(1, "a", __), row(2, __, __));
        assertThat(first.shownChanges()).containsExactly("INSERT (id=1, name='a') @0", "INSERT (id=2) @1");
        assertThat(first.finalRow(1)).containsExactly("1", "'a'", "7");
        assertThat(first.finalRow(2)).containsExactly("2", "NULL", "7");

        Planned next = planAhead(first, UPSERT, row(1, "a", 7), row(2, null, 8));
        assertThat(next.outcomes()).containsExactly("unchanged", "updated");
        assertThat(next.shownChanges()).containsExactly("UPDATE id=2 SET score=8 @1");
        Planned replaced = planAhead(first, REPLACE, row(1, "a", __));
        assertThat(replaced.outcomes()).containsExactly("unchanged");
    }

    @Test
    void theNextChunkDoesNotGuessADefaultOnlyTheDatabaseCanCompute() {
        Table t = table(List.of("id"), keyColumn("id"), plain("name", ColumnType.TEXT),
                column("at", ColumnType.TIMESTAMP, true, "CURRENT_TIMESTAMP", true, false));
        Planned first = plan(t, UPSERT, stored(), row(1, "a", __));
        assertThat(first.finalRow(1)).containsExactly("1", "'a'", "ABSENT");
        Planned next = planAhead(first, UPSERT, row(1, "a", __));
        assertThat(next.outcomes()).containsExactly("unchanged");
    }

    // ---- keys ---------------------------------------------------------------------------------

    @Test
    void keysAreMatchedByValueAsTheDatabaseComparesThem() {
        Table t = table(List.of("at", "amount"),
                column("at", ColumnType.TIMESTAMPTZ, false, null, true, false),
                column("amount", ColumnType.DECIMAL, false, null, true, false),
                plain("note", ColumnType.TEXT));
        OffsetDateTime utc = OffsetDateTime.parse("2024-05-01T10:00:00Z");
        OffsetDateTime paris = OffsetDateTime.parse("2024-05-01T12:00:00+02:00");
        Planned p = plan(t, UPSERT, stored(new Object[] {utc, new BigDecimal("1.50"), "stored"}),
                row(paris, new BigDecimal("1.5"), "x"), row(utc, new BigDecimal("1.500"), "y"),
                row(paris, new BigDecimal("2.0"), "new"), row(utc, new BigDecimal("2"), "again"));
        assertThat(p.planner.keys()).hasSize(2);
        assertThat(p.outcomes()).containsExactly("updated", "updated", "inserted", "updated");
        assertThat(p.shownChanges()).containsExactly(
                "UPDATE at=2024-05-01T10:00Z, amount=1.50 SET note='y' @1", // the key as stored
                "INSERT (at=2024-05-01T12:00+02:00, amount=2.0, note='again') @3"); // the key as first given
    }

    @Test
    void aRowWithoutItsKeyFailsAndNamesTheMissingPart() {
        Table t = table(List.of("a", "b"), keyColumn("a"), keyColumn("b"), plain("note", ColumnType.TEXT));
        Planned p = plan(t, UPSERT, stored(), row(1, __, "x"), row(null, 2, "y"), row(1, 2, "z"));
        assertThat(p.planner.keys()).containsExactly(List.of(1L, 2L));
        assertThat(p.outcomes()).containsExactly("failed: column b: a key value is required",
                "failed: column a: a key value is required", "inserted");
        assertThat(p.shownChanges()).containsExactly("INSERT (a=1, b=2, note='z') @2");
    }

    @Test
    void aCompositeKeyIsNamedWholeInMessagesAndResults() {
        Table t = table(List.of("a", "b"), keyColumn("a"), plain("b", ColumnType.TEXT), plain("note", ColumnType.TEXT));
        Planned p = plan(t, INSERT, stored(new Object[] {1, "x \"y\"", "n"}), row(1, "x \"y\"", "m"));
        assertThat(p.outcomes()).containsExactly("failed: duplicate key (a, b)=(1, x \"y\")");
        assertThat(p.planner.keyJson(p.rows.get(0).values())).isEqualTo("{\"a\":\"1\",\"b\":\"x \\\"y\\\"\"}");
        assertThat(p.planner.keyJson(row(1, __, "m").values())).isNull();
    }

    @Test
    void aMatchKeyOtherThanThePrimaryKeyFindsTheStoredRow() {
        Table t = table(List.of("id"), keyColumn("id"), plain("email", ColumnType.TEXT), plain("name", ColumnType.TEXT));
        Planned p = plan(t, new ApplyOptions(UPSERT, List.of("email"), defaults(t)),
                stored(new Object[] {7, "a@x", "A"}), List.of(row(__, "a@x", "B"), row(__, "b@x", "C")));
        assertThat(p.outcomes()).containsExactly("updated", "failed: column id: a value is required");
        assertThat(p.shownChanges()).containsExactly("UPDATE email='a@x' SET name='B' @0");
    }

    // ---- not updatable columns ----------------------------------------------------------------

    private static final Table CREATED = table(List.of("id"), keyColumn("id"), plain("name", ColumnType.TEXT),
            column("created", ColumnType.TEXT, true, null, false, false));

    @ParameterizedTest
    @EnumSource(value = ImportMode.class, names = {"UPSERT", "REPLACE", "UPDATE", "REPLACE_ALL"})
    void aNotUpdatableColumnIsNeverChangedByAnUpdatingMode(ImportMode mode) {
        List<Object[]> stored = stored(new Object[] {1, "a", "2020"});
        Planned changed = plan(CREATED, mode, stored, row(1, "b", "2099"));
        assertThat(changed.outcomes()).containsExactly("updated");
        assertThat(changed.shownChanges()).containsExactly("UPDATE id=1 SET name='b' @0");
        assertThat(changed.assigned(changed.changes.get(0))).containsExactly("name");
        assertThat(changed.finalRow(1)).containsExactly("1", "'b'", "'2020'");

        Planned only = plan(CREATED, mode, stored, row(1, "a", "2099"));
        assertThat(only.outcomes()).containsExactly("unchanged");
        assertThat(only.changes).isEmpty();

        Planned cleared = plan(CREATED, mode, stored, row(1, "a", null));
        assertThat(cleared.outcomes()).as("NULL does not clear it either").containsExactly("unchanged");
    }

    @ParameterizedTest
    @EnumSource(value = ImportMode.class, names = {"INSERT", "UPSERT", "REPLACE", "IGNORE", "REPLACE_ALL"})
    void aNotUpdatableColumnIsSetOnInsertAndKeepsTheFirstRowsValue(ImportMode mode) {
        Planned p = plan(CREATED, mode, stored(), row(1, "a", "first"), row(1, "b", "second"));
        String second = mode == INSERT ? "failed: duplicate key (id)=(1)" : mode == IGNORE ? "ignored: key exists (id)=(1)" : "updated";
        assertThat(p.outcomes()).containsExactly("inserted", second);
        String name = mode == INSERT || mode == IGNORE ? "'a'" : "'b'";
        assertThat(p.shownChanges()).containsExactly("INSERT (id=1, name=" + name + ", created='first') @1");
    }

    @Test
    void aRowDeletedAndInsertedAgainInOneChunkTakesTheNewNotUpdatableValue() {
        Planned p = plan(CREATED, UPSERT, stored(new Object[] {1, "a", "2020"}), del(1, __, __), row(1, "a", "2099"));
        assertThat(p.outcomes()).containsExactly("deleted", "inserted");
        assertThat(p.shownChanges()).containsExactly("UPDATE id=1 SET created='2099' @1");
    }

    // ---- empty values, from an input field to the change ----------------------------------------

    /** id, a text column and an integer column, none required; stored row 1 = (1, 'a', 3). */
    private static final Table EMPTY = table(List.of("id"), keyColumn("id"), plain("name", ColumnType.TEXT),
            column("score", ColumnType.INTEGER, true, "7", true, false));

    /** Maps one CSV row as the worker does (the mapper decides what an empty field is). */
    private static MappedRow mapped(Table table, boolean emptyOverwrites, String... fields) {
        MappingOptions spec = new MappingOptions(null, Map.of(), Map.of(), emptyOverwrites, false, false, false);
        List<String> names = table.columns().stream().map(Column::name).toList();
        return new RowMapper(table, spec, new Coercer(List.of())).map(new SourceRow(0, 2, names, fields, null));
    }

    static Stream<Arguments> emptyFields() {
        return Stream.of(
                argumentSet("upsert keeps the stored values", UPSERT, false, "unchanged", null),
                argumentSet("upsert with emptyOverwrites: NULL, and empty text for a text column", UPSERT, true,
                        "updated", "UPDATE id=1 SET name='', score=NULL @0"),
                argumentSet("update keeps the stored values", UPDATE, false, "unchanged", null),
                argumentSet("update with emptyOverwrites: NULL, and empty text for a text column", UPDATE, true,
                        "updated", "UPDATE id=1 SET name='', score=NULL @0"),
                argumentSet("replace: empty is absent, absent takes the default", REPLACE, false,
                        "updated", "UPDATE id=1 SET name=NULL, score=7 @0"),
                argumentSet("replace with emptyOverwrites: NULL, not the default", REPLACE, true,
                        "updated", "UPDATE id=1 SET name='', score=NULL @0"));
    }

    @ParameterizedTest
    @MethodSource("emptyFields")
    void anEmptyFieldKeepsTheStoredValueUnlessEmptyOverwrites(ImportMode mode, boolean emptyOverwrites, String outcome,
                                                              String change) {
        MappedRow r = mapped(EMPTY, emptyOverwrites, "1", "", "");
        assertThat(Arrays.stream(r.values()).map(ChunkPlannerTest::value).toList())
                .containsExactly("1", emptyOverwrites ? "''" : "ABSENT", emptyOverwrites ? "NULL" : "ABSENT");
        Planned p = plan(EMPTY, new ApplyOptions(mode, List.of("id"), defaults(EMPTY)), stored(new Object[] {1, "a", 3}),
                List.of(r));
        assertThat(p.outcomes()).containsExactly(outcome);
        assertThat(p.shownChanges()).containsExactlyElementsOf(change == null ? List.of() : List.of(change));
    }

    @Test
    void anEmptyFieldOfANewRowLeavesTheColumnToItsDefaultUnlessEmptyOverwrites() {
        Planned kept = plan(EMPTY, new ApplyOptions(UPSERT, List.of("id"), defaults(EMPTY)), stored(),
                List.of(mapped(EMPTY, false, "1", "", "")));
        assertThat(kept.shownChanges()).containsExactly("INSERT (id=1) @0");
        Planned overwritten = plan(EMPTY, new ApplyOptions(UPSERT, List.of("id"), defaults(EMPTY)), stored(),
                List.of(mapped(EMPTY, true, "1", "", "")));
        assertThat(overwritten.shownChanges()).containsExactly("INSERT (id=1, name='', score=NULL) @0");
    }

    @Test
    void anEmptyFieldOfARequiredColumnFailsOnlyWhereItWouldStoreNull() {
        Table t = table(List.of("id"), keyColumn("id"), column("name", ColumnType.TEXT, false, null, true, false),
                column("score", ColumnType.INTEGER, false, null, true, false));
        List<Object[]> stored = stored(new Object[] {1, "a", 3});
        ApplyOptions upsert = new ApplyOptions(UPSERT, List.of("id"), defaults(t));
        assertThat(plan(t, upsert, stored, List.of(mapped(t, false, "1", "", ""))).outcomes())
                .containsExactly("unchanged");
        assertThat(plan(t, upsert, stored, List.of(mapped(t, true, "1", "", "4"))).shownChanges())
                .containsExactly("UPDATE id=1 SET name='', score=4 @0"); // empty text is a value
        assertThat(plan(t, upsert, stored, List.of(mapped(t, true, "1", "b", ""))).outcomes())
                .containsExactly("failed: column score: a value is required");
        assertThat(plan(t, upsert, stored(), List.of(mapped(t, false, "2", "b", ""))).outcomes())
                .containsExactly("failed: column score: a value is required");
    }

    // ---- required columns and defaults --------------------------------------------------------

    @Test
    void aRequiredColumnNeedsAValueUnlessTheDatabaseHasADefault() {
        Table t = table(List.of("id"), keyColumn("id"), column("name", ColumnType.TEXT, false, null, true, false),
                column("state", ColumnType.TEXT, false, "new", true, false));
        Planned inserts = plan(t, UPSERT, stored(), row(1, __, __), row(2, "b", __), row(3, null, "x"), row(4, "d", null));
        assertThat(inserts.outcomes()).containsExactly("failed: column name: a value is required", "inserted",
                "failed: column name: a value is required", "failed: column state: a value is required");
        assertThat(inserts.shownChanges()).containsExactly("INSERT (id=2, name='b') @1");

        List<Object[]> stored = stored(new Object[] {1, "a", "old"});
        assertThat(plan(t, UPSERT, stored, row(1, null, __)).outcomes())
                .containsExactly("failed: column name: a value is required");
        Planned replaced = plan(t, REPLACE, stored, row(1, "b", __));
        assertThat(replaced.shownChanges()).containsExactly("UPDATE id=1 SET name='b', state='new' @0");
        assertThat(plan(t, REPLACE, stored, row(1, __, "x")).outcomes())
                .containsExactly("failed: column name: a value is required");
    }

    @Test
    void aFailedRowLeavesItsKeyAsTheRowsBeforeItLeftIt() {
        Table t = table(List.of("id"), keyColumn("id"), column("name", ColumnType.TEXT, false, null, true, false));
        Planned p = plan(t, UPSERT, stored(), row(1, "a"), row(1, null), row(1, "a"));
        assertThat(p.outcomes()).containsExactly("inserted", "failed: column name: a value is required", "unchanged");
        assertThat(p.shownChanges()).containsExactly("INSERT (id=1, name='a') @2");
    }

    // ---- unchanged detection ------------------------------------------------------------------

    static Stream<Arguments> equalValues() {
        return Stream.of(
                argumentSet("decimal, trailing zeros", ColumnType.DECIMAL, new BigDecimal("1.50"), new BigDecimal("1.5"), true),
                argumentSet("decimal, another value", ColumnType.DECIMAL, new BigDecimal("1.50"), new BigDecimal("1.51"), false),
                argumentSet("timestamp with zone, same instant in another offset", ColumnType.TIMESTAMPTZ,
                        OffsetDateTime.parse("2024-05-01T10:00:00Z"), OffsetDateTime.parse("2024-05-01T12:00:00+02:00"), true),
                argumentSet("timestamp with zone, another instant", ColumnType.TIMESTAMPTZ,
                        OffsetDateTime.parse("2024-05-01T10:00:00Z"), OffsetDateTime.parse("2024-05-01T10:00:00+02:00"), false),
                argumentSet("timestamp", ColumnType.TIMESTAMP,
                        LocalDateTime.parse("2024-05-01T10:00:00"), LocalDateTime.parse("2024-05-01T10:00:00.000"), true),
                argumentSet("timestamp, another second", ColumnType.TIMESTAMP,
                        LocalDateTime.parse("2024-05-01T10:00:00"), LocalDateTime.parse("2024-05-01T10:00:01"), false),
                argumentSet("date", ColumnType.DATE, LocalDate.parse("2024-05-01"), LocalDate.parse("2024-05-01"), true),
                argumentSet("json, keys in another order", ColumnType.JSON,
                        new JsonText("{\"a\":1,\"b\":[1,2]}"), new JsonText("{ \"b\": [1, 2], \"a\": 1 }"), true),
                argumentSet("json, another value", ColumnType.JSON, new JsonText("{\"a\":1}"), new JsonText("{\"a\":2}"), false),
                argumentSet("text is case sensitive", ColumnType.TEXT, "a", "A", false),
                argumentSet("text, empty is not NULL", ColumnType.TEXT, null, "", false),
                argumentSet("integer", ColumnType.INTEGER, 3L, 3L, true),
                argumentSet("boolean", ColumnType.BOOLEAN, true, false, false),
                argumentSet("NULL again", ColumnType.INTEGER, null, null, true),
                argumentSet("NULL replaced", ColumnType.INTEGER, null, 0L, false));
    }

    @ParameterizedTest
    @MethodSource("equalValues")
    void aRowIsUnchangedWhenEveryValueEqualsTheStoredOneAsTheDatabaseComparesThem(ColumnType type, Object stored,
                                                                                    Object given, boolean same) {
        Table t = table(List.of("id"), keyColumn("id"), plain("v", type));
        Planned p = plan(t, UPSERT, stored(new Object[] {1, stored}), row(1, given));
        assertThat(p.outcomes()).containsExactly(same ? "unchanged" : "updated");
        assertThat(p.shownChanges()).containsExactlyElementsOf(same ? List.of() : List.of("UPDATE id=1 SET v=" + value(given) + " @0"));
    }

    // ---- rows that arrive failed, and warnings ------------------------------------------------

    @Test
    void aRowThatFailedMappingStaysFailedAndTakesNoPart() {
        MappedRow unreadable = MappedRow.failed(1, 3, "wrong number of fields");
        MappedRow badValue = mapped(T, false, "1", "x", "many");
        assertThat(badValue.error()).isNotNull();
        Planned p = plan(T, new ApplyOptions(INSERT, List.of("id"), defaults(T)), stored(),
                List.of(unreadable, badValue, row(1, "b", __)));
        assertThat(p.outcomes()).containsExactly("failed: wrong number of fields", "failed: " + badValue.error(), "inserted");
        assertThat(p.planner.keys()).containsExactly(List.of(1L));
        assertThat(p.shownChanges()).containsExactly("INSERT (id=1, name='b') @2");
    }

    @Test
    void aWarningIsTheMessageOfARowThatApplies() {
        Planned p = plan(T, UPSERT, stored(STORED), warned("score: stored as NULL", 1, "a", null),
                warned("w2", 1, "a", null), warned("w3", 2, "b", __));
        assertThat(p.outcomes()).containsExactly("updated: score: stored as NULL", "unchanged: w2", "inserted: w3");
    }

    // ---- tables without a key -----------------------------------------------------------------

    private static final Table LOG = table(List.of(), plain("at", ColumnType.TEXT), plain("message", ColumnType.TEXT),
            column("level", ColumnType.TEXT, false, "info", true, false));

    @ParameterizedTest
    @EnumSource(value = ImportMode.class, names = {"INSERT", "UPSERT", "REPLACE_ALL"})
    void aTableWithoutAKeyAppendsEveryRow(ImportMode mode) {
        Planned p = plan(LOG, new ApplyOptions(mode, List.of(), defaults(LOG)), stored(new Object[] {"t1", "m", "info"}),
                List.of(row("t1", "m", __), row("t1", "m", __), del("t1", "m", __), row(__, "n", "warn"), row("t2", "o", null)));
        assertThat(p.planner.keys()).isEmpty();
        assertThat(p.outcomes()).containsExactly("inserted", "inserted", "ignored: not found: the table has no key to match",
                "inserted", "failed: column level: a value is required");
        assertThat(p.shownChanges()).containsExactly("INSERT (at='t1', message='m') @0", "INSERT (at='t1', message='m') @1",
                "INSERT (message='n', level='warn') @3");
        assertThat(p.changes).allSatisfy(ch -> assertThat(ch.group()).isNull());
        assertThat(p.planner.finalStates()).isEmpty();
        assertThat(p.planner.keyJson(p.rows.get(0).values())).isNull();
    }

    // ---- autonumbers --------------------------------------------------------------------------

    private static final Table NUMBERED = table(List.of("id"), column("id", ColumnType.INTEGER, false, null, false, true),
            plain("name", ColumnType.TEXT));

    @ParameterizedTest
    @EnumSource(value = ImportMode.class, names = {"INSERT", "UPSERT", "REPLACE", "IGNORE", "REPLACE_ALL"})
    void aRowWithoutItsAutonumberKeyDrawsOneThatNoOtherRowHas(ImportMode mode) {
        // the counter (past every stored number) gives 1, 2, 3 in turn: 2 is given by a row of the chunk
        Planned p = plan(NUMBERED, new ApplyOptions(mode, List.of("id"), defaults(NUMBERED)), stored(),
                List.of(row(__, "a"), row(null, "b"), row(2, "c")));
        assertThat(p.drawn.get(0)).containsExactly(1L, 2L, 3L);
        assertThat(p.outcomes()).containsExactly("inserted", "inserted", "inserted");
        assertThat(p.shownChanges()).containsExactly("INSERT (id=1, name='a') @0", "INSERT (id=3, name='b') @1",
                "INSERT (id=2, name='c') @2");
        assertThat(p.result.keys()).containsExactly("{\"id\":\"1\"}", "{\"id\":\"3\"}", null); // the writer fills given keys
    }

    @ParameterizedTest
    @EnumSource(value = ImportMode.class, names = {"UPDATE", "DELETE"})
    void aModeThatOnlyMatchesNeedsTheAutonumberKey(ImportMode mode) {
        Planned p = plan(NUMBERED, mode, stored(new Object[] {3, "s"}), row(__, "a"), del(__, "b"));
        assertThat(p.drawn).isEmpty();
        assertThat(p.outcomes()).containsOnly("failed: column id: a key value is required");
    }

    @Test
    void aDeleteMarkerWithoutItsAutonumberKeyFails() {
        Planned p = plan(NUMBERED, UPSERT, stored(), del(__, "a"));
        assertThat(p.drawn).isEmpty();
        assertThat(p.outcomes()).containsExactly("failed: column id: a key value is required");
    }

    @Test
    void anAutonumberColumnIsDrawnOnInsertOnlyAndKeptByEveryUpdatingMode() {
        Table t = table(List.of("code"), column("code", ColumnType.TEXT, false, null, true, false),
                column("n", ColumnType.INTEGER, false, null, true, true));
        Planned inserted = plan(t, new ApplyOptions(UPSERT, List.of("code"), defaults(t)), stored(),
                List.of(row("a", __), row("b", null), row("c", 50)), 10);
        assertThat(inserted.drawn.get(1)).containsExactly(10L, 11L);
        assertThat(inserted.shownChanges()).containsExactly("INSERT (code='a', n=10) @0", "INSERT (code='b', n=11) @1",
                "INSERT (code='c', n=50) @2");
        for (ImportMode mode : List.of(UPSERT, REPLACE, UPDATE, REPLACE_ALL)) {
            Planned p = plan(t, mode, stored(new Object[] {"a", 5}), row("a", __));
            assertThat(p.drawn).as("%s", mode).isEmpty();
            assertThat(p.outcomes()).as("%s", mode).containsExactly("unchanged");
        }
        Planned given = plan(t, UPSERT, stored(new Object[] {"a", 5}), row("a", 6));
        assertThat(given.shownChanges()).containsExactly("UPDATE code='a' SET n=6 @0");
    }

    // ---- what the writer does with the plan: columns to assign, rows the database rejects ------

    @Test
    void anUpdateAssignsTheColumnsItChangesAndThoseGivenWithTheirStoredValue() {
        Table t = table(List.of("id"), keyColumn("id"), plain("a", ColumnType.TEXT), plain("b", ColumnType.TEXT),
                plain("c", ColumnType.TEXT), column("d", ColumnType.TEXT, true, null, false, false));
        Planned p = plan(t, UPSERT, stored(new Object[] {1, "a", "b", "c", "d"}), row(1, "A", "b", __, "D"));
        Change ch = p.changes.get(0);
        assertThat(p.show(ch)).isEqualTo("UPDATE id=1 SET a='A' @0");
        // b is given with its stored value: assigning it changes nothing and lets rows share one SET;
        // c was not given and d cannot change, the key is matched on
        assertThat(p.assigned(ch)).containsExactly("a", "b");
    }

    @Test
    void aChangeTheDatabaseRejectsFailsItsLastRowAndTheOthersAreReplayed() {
        Planned p = plan(T, UPSERT, stored(), row(1, "a", __), row(1, "b", 5), row(2, "c", __));
        Change first = p.changes.get(0);
        assertThat(p.show(first)).isEqualTo("INSERT (id=1, name='b', score=5) @1");

        Change again = p.planner.replan(first.group(), first.lastRow(), "rejected by the database: check");
        assertThat(p.show(again)).isEqualTo("INSERT (id=1, name='a') @0");
        assertThat(p.outcomes()).containsExactly("inserted", "failed: rejected by the database: check", "inserted");
        assertThat(p.planner.rejected()).containsExactly(List.of(1L));

        assertThat(p.planner.replan(again.group(), again.lastRow(), "rejected by the database: fk")).isNull();
        assertThat(p.outcomes()).containsExactly("failed: rejected by the database: fk",
                "failed: rejected by the database: check", "inserted");
        assertThat(p.planner.rejected()).containsExactly(List.of(1L));
    }

    @Test
    void aReplayKeepsTheRowsThatFailedPlanningFailed() {
        Planned p = plan(T, INSERT, stored(), row(1, "a", __), row(1, "b", __), row(1, "c", __));
        Change insert = p.changes.get(0);
        // the change's last row is the key's last row, although that row failed as a duplicate
        assertThat(p.show(insert)).isEqualTo("INSERT (id=1, name='a') @2");
        Change again = p.planner.replan(insert.group(), insert.lastRow(), "rejected by the database: fk");
        assertThat(p.show(again)).isEqualTo("INSERT (id=1, name='a') @0");
        assertThat(p.outcomes()).containsExactly("inserted", "failed: duplicate key (id)=(1)",
                "failed: rejected by the database: fk");
    }

    @Test
    void aRejectedDeleteReplaysTheUpdateBeforeIt() {
        Planned p = plan(T, UPSERT, stored(STORED), row(1, "b", __), del(1, __, __));
        Change delete = p.changes.get(0);
        assertThat(p.show(delete)).isEqualTo("DELETE id=1 @1");
        Change update = p.planner.replan(delete.group(), delete.lastRow(), "rejected by the database: fk");
        assertThat(p.show(update)).isEqualTo("UPDATE id=1 SET name='b' @0");
        assertThat(p.outcomes()).containsExactly("updated", "failed: rejected by the database: fk");
    }

    @Test
    void aRejectedAppendFailsItsRowAlone() {
        Planned p = plan(LOG, new ApplyOptions(INSERT, List.of(), defaults(LOG)), stored(),
                List.of(row("t1", "m", __), row("t2", "n", __)));
        p.planner.fail(p.changes.get(1).lastRow(), "rejected by the database: check");
        assertThat(p.outcomes()).containsExactly("inserted", "failed: rejected by the database: check");
        assertThat(p.planner.rejected()).isEmpty();
    }
}
