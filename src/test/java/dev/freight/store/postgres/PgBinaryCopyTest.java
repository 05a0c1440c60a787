package dev.freight.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.engine.ApplyOptions;
import dev.freight.engine.ChunkResult;
import dev.freight.engine.PlannedChunk;
import dev.freight.engine.Values;
import dev.freight.ingest.JsonText;
import dev.freight.ingest.MappedRow;
import dev.freight.job.ImportMode;
import dev.freight.job.Outcome;
import dev.freight.schema.Table;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Binary COPY on a real PostgreSQL: every value it writes is stored exactly as its COPY text form
 * is (the same rows COPYed both ways into twin tables compare equal), the server's typmods and
 * range checks still reject a row with its own message, and a type changed by another tool
 * between chunks (or between a chunk's plan and its write) never gets wrong bytes.
 */
class PgBinaryCopyTest extends ScratchDatabase {
    private static final String ALL_TYPES = "(id int4, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric,"
            + " n72 numeric(7,2), b bool, t text, vc varchar(12), bc char(5), d date, ts timestamp, ts3 timestamp(3),"
            + " tz timestamptz, u uuid, j json, jb jsonb, pos positive)";

    @BeforeAll // after the base class's, which creates the database
    void createDomain() throws SQLException {
        sql("CREATE DOMAIN positive AS int8 CHECK (VALUE > 0)");
    }

    private String one(String query) throws SQLException {
        try (Statement s = real.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Every row of a table as PostgreSQL prints it, in id order. */
    private String rows(String table) throws SQLException {
        return one("SELECT string_agg(x::text, E'\\n' ORDER BY x.id) FROM " + table + " x");
    }

    private ChunkResult write(PostgresTableWriter writer, Table t, List<MappedRow> rows) throws SQLException {
        PlannedChunk planned = plan(writer, t, rows);
        ChunkResult r = writer.write(real, planned);
        real.commit();
        return r;
    }

    private PlannedChunk plan(PostgresTableWriter writer, Table t, List<MappedRow> rows) throws SQLException {
        ApplyOptions options = new ApplyOptions(ImportMode.UPSERT, t.primaryKey(), new Object[t.columns().size()]);
        PlannedChunk planned = writer.plan(real, t, options, rows, col -> {
            throw new AssertionError("no autonumbers here");
        }, null);
        real.commit();
        return planned;
    }

    private static boolean binary(PlannedChunk p) {
        return ((SetWrite) p.prepared()).binary();
    }

    /** The same rows COPYed as text into {@code text} and as binary into {@code binary}. */
    private void copyBothWays(List<Object[]> rows, String text, String binary) throws SQLException {
        int[] types = ColumnTypes.read(real, new PostgresDialect(), table(binary)).of(allColumns(rows.get(0).length));
        CopyText t = new CopyText();
        CopyBinary b = new CopyBinary(types);
        for (Object[] r : rows) {
            for (Object v : r) {
                t.value(v);
                b.value(v);
            }
            t.endRow();
            b.endRow();
        }
        t.copyIn(real, "COPY " + text + " FROM STDIN");
        b.copyIn(real, "COPY " + binary + " FROM STDIN");
        real.commit();
    }

    private static boolean[] allColumns(int n) {
        boolean[] all = new boolean[n];
        Arrays.fill(all, true);
        return all;
    }

    @Test
    void everyTypeIsStoredAsItsTextFormIs() throws SQLException {
        sql("CREATE TABLE all_text " + ALL_TYPES, "CREATE TABLE all_bin " + ALL_TYPES);
        Random random = new Random(11);
        List<Object[]> rows = new ArrayList<>();
        for (int id = 0; id < 4_000; id++) {
            Object[] r = {id, (long) (short) random.nextInt(), (long) random.nextInt(), random.nextLong(),
                decimal(random, 9, -20, 30), decimal(random, 18, -250, 250), decimal(random, 45, -30, 60),
                decimal(random, 7, 0, 5).remainder(new BigDecimal("99999")), random.nextBoolean(), text(random, 60),
                text(random, 6), text(random, 2), date(random), timestamp(random), timestamp(random),
                timestamp(random).atOffset(ZoneOffset.UTC), new UUID(random.nextLong(), random.nextLong()),
                new JsonText("{\"a\": " + random.nextInt() + ",  \"b\":\"x\\ty\\u00e9😀\"}"),
                new JsonText("{\"k\": [1, 2.50, null], \"a\": \"\\\\ \\n\"}"), 1 + (random.nextLong() >>> 1)};
            for (int i = 1; i < r.length; i++) if (random.nextInt(12) == 0) r[i] = i % 2 == 0 ? null : Values.ABSENT;
            rows.add(r);
        }
        // the edges: extremes, zeros of every scale, sub-microsecond halves, what typmods round or pad
        rows.add(new Object[] {-1, (long) Short.MIN_VALUE, (long) Integer.MIN_VALUE, Long.MIN_VALUE, new BigDecimal("0.1"),
            new BigDecimal("-0.1"), new BigDecimal("0.000"), new BigDecimal("-12345.675"), false, "tab\there\nnew\\line\r",
            "trailing    " + "  ", "ab ", LocalDate.of(1, 1, 1), LocalDateTime.of(1, 1, 1, 0, 0, 0, 500),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_500,
            ZoneOffset.UTC), new UUID(0, 0), new JsonText("[]"), new JsonText("\"é\""), Long.MAX_VALUE});
        rows.add(new Object[] {-2, (long) Short.MAX_VALUE, (long) Integer.MAX_VALUE, Long.MAX_VALUE, new BigDecimal("3.4028234E38"),
            new BigDecimal("1.7976931348623157E308"), new BigDecimal("-1E+30"), new BigDecimal("99999.994"), true, "€ügen 日本😀\uD83D",
            "😀😀😀😀😀😀😀😀😀😀😀😀", "", LocalDate.of(9999, 12, 31), LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1_500),
            LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_500_000), OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 2_500,
            ZoneOffset.ofHours(5)), UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), new JsonText("{}"),
            new JsonText("{\"b\":1,\"a\":2,\"a\":3}"), 1L});
        rows.add(new Object[] {-3, 0L, 0L, 0L, BigDecimal.ZERO, new BigDecimal("0E-5"), new BigDecimal("0E+5"),
            new BigDecimal("-0.005"), null, "", "", "     ", LocalDate.of(2000, 1, 1), LocalDateTime.of(2000, 1, 1, 0, 0),
            LocalDateTime.of(2024, 2, 29, 12, 0, 0, 1_000_500), OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
            null, null, null, null});
        for (int k = 0; k < 2_000; k++) { // every half microsecond of the first ms, and a spread of others
            LocalDateTime at = LocalDateTime.of(2024, 6, 1, 12, 30, 15, k < 1_000 ? k * 1_000 + 500 : random.nextInt(1_000_000_000));
            rows.add(new Object[] {10_000 + k, null, null, null, null, null, new BigDecimal(BigInteger.valueOf(random.nextLong()), k % 40 - 10),
                null, null, null, null, null, null, at, at, at.atOffset(ZoneOffset.UTC), null, null, null, null});
        }
        copyBothWays(rows, "all_text", "all_bin");

        assertThat(one("SELECT count(*) FROM all_bin")).isEqualTo(String.valueOf(rows.size()));
        assertThat(rows("all_bin")).isEqualTo(rows("all_text"));
    }

    /** A decimal of up to {@code digits} digits and a scale in [minScale, maxScale], either sign. */
    private static BigDecimal decimal(Random random, int digits, int minScale, int maxScale) {
        BigInteger unscaled = new BigInteger(random.nextInt(1, digits + 1) * 10 / 3, random);
        if (random.nextBoolean()) unscaled = unscaled.negate();
        return new BigDecimal(unscaled, random.nextInt(minScale, maxScale + 1));
    }

    private static String text(Random random, int max) {
        String[] pool = {"a", "Z", " ", "\\", "\t", "\n", "\r", "é", "ł", "€", "日", "😀", "\"", ",", "'", "\\N", "\u0085"};
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(max + 1); n > 0; n--) sb.append(pool[random.nextInt(pool.length)]);
        return sb.toString().replaceAll("[ ]+$", ""); // char(n) would lose them on both sides alike, but keep lengths honest
    }

    private static LocalDate date(Random random) {
        return LocalDate.ofEpochDay(random.nextLong(LocalDate.of(1, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31).toEpochDay() + 1));
    }

    private static LocalDateTime timestamp(Random random) {
        return date(random).atTime(random.nextInt(24), random.nextInt(60), random.nextInt(60),
                random.nextBoolean() ? random.nextInt(1_000_000) * 1_000 : random.nextInt(1_000_000_000));
    }

    @Test
    void aValueBinaryDoesNotEncodeSendsTheAttemptAsText() throws SQLException {
        sql("CREATE TABLE narrow (id int8 PRIMARY KEY, small int2, ratio float4, born date)");
        Table t = table("narrow");
        PostgresTableWriter writer = new PostgresTableWriter(new PostgresDialect());
        PlannedChunk fits = plan(writer, t, List.of(row(0, false, 1L, 7L, new BigDecimal("0.5"), LocalDate.of(2020, 1, 1))));
        assertThat(binary(fits)).isTrue();
        for (Object[] odd : List.of(
                new Object[] {2L, 40_000L, null, null},                        // beyond int2: the server's message
                new Object[] {3L, null, new BigDecimal("1E-50"), null},        // float4 would underflow
                new Object[] {4L, null, null, LocalDate.of(12_024, 1, 1)})) {  // a year the text form writes its own way
            PlannedChunk p = plan(writer, t, List.of(row(0, false, odd)));
            assertThat(binary(p)).as(Arrays.toString(odd)).isFalse();
        }
        // a chunk with an int2 value out of range: sent as text, only that row fails, with the server's message
        List<MappedRow> rows = new ArrayList<>();
        for (long id = 1; id <= 100; id++) rows.add(row(id - 1, false, id, id == 50 ? 40_000L : -id, null, null));
        PlannedChunk p = plan(writer, t, rows);
        assertThat(binary(p)).isFalse();
        ChunkResult r = writer.write(real, p);
        real.commit();
        assertThat(r.messages()[49]).startsWith("rejected by the database").contains("smallint out of range");
        assertThat(one("SELECT count(*) FROM narrow WHERE small = -id")).isEqualTo("99");
    }

    @Test
    void theServerStillJudgesEveryRowWithItsOwnMessage() throws SQLException {
        sql("CREATE TABLE strict (id int8 PRIMARY KEY, small int2, amount numeric(5,2), code varchar(3), padded char(4),"
                + " ratio float8, note text)");
        Table t = table("strict");
        List<MappedRow> rows = new ArrayList<>();
        for (long id = 1; id <= 300; id++) {
            Object small = id == 10 ? 32_767L : id;
            BigDecimal amount = id == 20 ? new BigDecimal("1000.00") : id == 40 ? new BigDecimal("999.994")
                    : id == 41 ? new BigDecimal("999.995") : id == 42 ? new BigDecimal("-0.125") : BigDecimal.valueOf(id, 1);
            String code = id == 30 ? "abcd" : id == 31 ? "ab    " : "c" + id % 10;
            String note = id == 60 ? "a\u0000b" : "n\t" + id;
            rows.add(row(id - 1, false, id, small, amount, code, "p", new BigDecimal("0.1"), note));
        }
        PostgresTableWriter writer = new PostgresTableWriter(new PostgresDialect());
        PlannedChunk planned = plan(writer, t, rows);
        assertThat(binary(planned)).isTrue();
        ChunkResult r = writer.write(real, planned);
        real.commit();

        List<Integer> failed = new ArrayList<>();
        for (int k = 0; k < r.outcomes().length; k++) if (r.outcomes()[k] == Outcome.FAILED) failed.add(k);
        assertThat(failed).containsExactly(19, 29, 40, 59);
        assertThat(r.messages()[19]).startsWith("rejected by the database").contains("numeric field overflow");
        assertThat(r.messages()[29]).contains("value too long for type character varying(3)");
        assertThat(r.messages()[40]).contains("numeric field overflow"); // 999.995 rounds to 1000.00
        assertThat(r.messages()[59]).startsWith("rejected by the database"); // a NUL character
        assertThat(one("SELECT count(*) FROM strict")).isEqualTo("296");
        assertThat(one("SELECT amount FROM strict WHERE id = 40")).isEqualTo("999.99");
        assertThat(one("SELECT amount FROM strict WHERE id = 42")).isEqualTo("-0.13");
        assertThat(one("SELECT code || '|' || padded || '|' FROM strict WHERE id = 31")).isEqualTo("ab |p|");
        assertThat(one("SELECT padded::text || octet_length(padded) FROM strict WHERE id = 1")).isEqualTo("p4");
        assertThat(one("SELECT count(*) FROM strict WHERE ratio = 0.1 AND note = E'n\\t' || id AND small = id")).isEqualTo("295");
        assertThat(one("SELECT small FROM strict WHERE id = 10")).isEqualTo("32767");
    }

    @Test
    void typesAnotherToolChangesGetTheirOwnBytes() throws SQLException {
        sql("CREATE TABLE morph (id int8 PRIMARY KEY, qty int4, label text)");
        Table t = table("morph"); // Freight's view of the table stays as it was
        PostgresTableWriter writer = new PostgresTableWriter(new PostgresDialect());
        List<MappedRow> first = new ArrayList<>();
        for (long id = 1; id <= 100; id++) first.add(row(id - 1, false, id, id, "l" + id));
        assertThat(write(writer, t, first).outcomes()).containsOnly(Outcome.INSERTED);

        // between chunks: int4 → int8, the next chunk planned with the types the last write read
        sql("ALTER TABLE morph ALTER COLUMN qty TYPE int8");
        List<MappedRow> second = new ArrayList<>();
        for (long id = 1; id <= 50; id++) second.add(row(id - 1, false, id, 4_000_000_000L + id, MappedRow.ABSENT)); // staged updates
        for (long id = 101; id <= 150; id++) second.add(row(id - 51, false, id, 3_000_000_000L + id, "l" + id));
        write(writer, t, second);
        assertThat(one("SELECT count(*) FROM morph WHERE qty = CASE WHEN id <= 50 THEN 4000000000 WHEN id > 100"
                + " THEN 3000000000 ELSE 0 END + id AND label = 'l' || id")).isEqualTo("150");

        // between a chunk's plan and its write: int8 → float8, the same 8 bytes that would mean another number
        List<MappedRow> third = new ArrayList<>();
        for (long id = 1; id <= 150; id++) third.add(row(id - 1, false, id, id * 3, MappedRow.ABSENT));
        for (long id = 151; id <= 160; id++) third.add(row(id - 1, false, id, id * 3, "l" + id));
        PlannedChunk planned = plan(writer, t, third);
        assertThat(binary(planned)).as("planned with the int8 the last write read").isTrue();
        sql("ALTER TABLE morph ALTER COLUMN qty TYPE float8");
        writer.write(real, planned);
        real.commit();
        assertThat(one("SELECT count(*) FROM morph WHERE qty = id * 3")).isEqualTo("160");

        // text → integer: the chunk's strings go as text, which the server parses
        sql("ALTER TABLE morph ALTER COLUMN label TYPE int4 USING substr(label, 2)::int4");
        List<MappedRow> fourth = new ArrayList<>();
        for (long id = 1; id <= 170; id++) fourth.add(row(id - 1, false, id, id * 3, String.valueOf(id + 7)));
        ChunkResult r = write(writer, t, fourth);
        assertThat(r.outcomes()).doesNotContain(Outcome.FAILED);
        assertThat(one("SELECT count(*) FROM morph WHERE label = id + 7 AND qty = id * 3")).isEqualTo("170");
    }

    @Test
    void anUpsertThroughTheStagingTableStoresWhatTextWould() throws SQLException {
        String columns = "(id int8 PRIMARY KEY, name text, qty int4, price numeric(8,2), seen timestamp, flag bool,"
                + " tag varchar(10), born date, ref uuid, doc jsonb)";
        sql("CREATE TABLE up " + columns, "CREATE TABLE up_expected " + columns);
        Table t = table("up");
        PostgresTableWriter writer = new PostgresTableWriter(new PostgresDialect());
        Random random = new Random(5);
        Object[][] state = new Object[201][];
        List<MappedRow> initial = new ArrayList<>();
        for (int id = 1; id <= 150; id++) {
            state[id] = new Object[] {(long) id, "n" + id, (long) id, BigDecimal.valueOf(id, 2),
                LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(id), id % 2 == 0, "t" + id, LocalDate.of(2020, 1, 1).plusDays(id),
                new UUID(id, id), new JsonText("{\"v\": " + id + "}")};
            initial.add(row(id - 1, false, state[id].clone()));
        }
        write(writer, t, initial);
        List<MappedRow> chunk = new ArrayList<>();
        Object a = MappedRow.ABSENT;
        for (int id = 1; id <= 200; id++) {
            Object[] v;
            if (id <= 40) v = new Object[] {(long) id, "renamed\t" + id + "😀", a, new BigDecimal("12.345"), a, a, a, a, a, a};
            else if (id <= 80) v = new Object[] {(long) id, a, (long) -id, a, LocalDateTime.of(2025, 2, 3, 4, 5, 6, random.nextInt(1_000_000_000)),
                null, "x" + id, a, null, new JsonText("{\"b\":[1,2],\"a\":\"\\\\\"}")};
            else if (id <= 100) v = new Object[] {(long) id, a, a, a, a, a, a, a, a, a};
            else if (id <= 150) v = state[id].clone(); // unchanged
            else v = new Object[] {(long) id, "new " + id, (long) id, new BigDecimal("-0.5"), null, true, "",
                LocalDate.of(1999, 12, 31), UUID.randomUUID(), new JsonText("null")};
            chunk.add(row(id - 1, id > 80 && id <= 100, v));
            if (id > 80 && id <= 100) state[id] = null;
            else if (state[id] == null) state[id] = v;
            else for (int i = 0; i < v.length; i++) if (v[i] != a) state[id][i] = v[i];
        }
        PlannedChunk planned = plan(writer, t, chunk);
        assertThat(binary(planned)).isTrue();
        ChunkResult r = writer.write(real, planned);
        real.commit();
        assertThat(r.outcomes()).doesNotContain(Outcome.FAILED);

        CopyText expected = new CopyText();
        for (Object[] v : state) {
            if (v == null) continue;
            for (Object x : v) expected.value(x);
            expected.endRow();
        }
        expected.copyIn(real, "COPY up_expected FROM STDIN");
        real.commit();
        assertThat(one("SELECT count(*) FROM up")).isEqualTo("180");
        assertThat(rows("up")).isEqualTo(rows("up_expected"));
    }
}
