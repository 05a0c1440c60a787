package dev.freight.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.ingest.JsonText;
import dev.freight.ingest.MappedRow;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each row's result key as JSON text: one-column keys take a shortcut, and must read the same. */
class KeyTextTest {
    private static Table table(List<String> key, Column... columns) {
        return new Table("t-id", "default", "t", List.of(columns), key, List.of(), null, List.of(), false, 1, null);
    }

    private static final Table BY_CODE = table(List.of("code"), Column.of("code", ColumnType.TEXT), Column.of("n", ColumnType.INTEGER));
    private static final Table BY_ID = table(List.of("id"), Column.of("id", ColumnType.INTEGER), Column.of("n", ColumnType.TEXT));
    private static final KeyText CODE = new KeyText(BY_CODE, new int[] {0});
    private static final KeyText ID = new KeyText(BY_ID, new int[] {0});

    @Test
    void oneColumnKeysOfEveryKind() {
        assertThat(ID.json(new Object[] {17L, "x"})).isEqualTo("{\"id\":\"17\"}");
        assertThat(ID.json(new Object[] {-9_223_372_036_854_775_808L, "x"})).isEqualTo("{\"id\":\"-9223372036854775808\"}");
        assertThat(ID.json(new Object[] {new BigDecimal("1.50"), "x"})).isEqualTo("{\"id\":\"1.50\"}");
        assertThat(ID.json(new Object[] {LocalDateTime.of(2024, 2, 29, 7, 5, 9), "x"})).isEqualTo("{\"id\":\"2024-02-29 07:05:09\"}");
        assertThat(ID.json(new Object[] {null, "x"})).isNull();
        assertThat(ID.json(new Object[] {MappedRow.ABSENT, "x"})).isNull();
        assertThat(ID.json(null)).isNull();
    }

    @Test
    void textKeysAreEscapedAsJsonStrings() {
        assertThat(CODE.json(new Object[] {"plain", 1L})).isEqualTo("{\"code\":\"plain\"}");
        assertThat(CODE.json(new Object[] {"", 1L})).isEqualTo("{\"code\":\"\"}");
        assertThat(CODE.json(new Object[] {"Małgorzata Müller 日本 😀", 1L})).isEqualTo("{\"code\":\"Małgorzata Müller 日本 😀\"}");
        assertThat(CODE.json(new Object[] {"a\"b\\c", 1L})).isEqualTo("{\"code\":\"a\\\"b\\\\c\"}");
        assertThat(CODE.json(new Object[] {"t\tn\nr\r\u0001\u001f ", 1L})).isEqualTo("{\"code\":\"t\\tn\\nr\\r\\u0001\\u001f \"}");
        assertThat(CODE.json(new Object[] {new JsonText("{\"a\":1}"), 1L})).isEqualTo("{\"code\":\"{\\\"a\\\":1}\"}");
    }

    @Test
    void columnNamesAreEscapedToo() {
        Table odd = table(List.of("we\"ird"), Column.of("we\"ird", ColumnType.TEXT));
        assertThat(new KeyText(odd, new int[] {0}).json(new Object[] {"v"})).isEqualTo("{\"we\\\"ird\":\"v\"}");
        Table two = table(List.of("a", "b"), Column.of("a", ColumnType.INTEGER), Column.of("b", ColumnType.TEXT));
        KeyText both = new KeyText(two, new int[] {0, 1});
        assertThat(both.json(new Object[] {1L, "x\ty"})).isEqualTo("{\"a\":\"1\",\"b\":\"x\\ty\"}");
        assertThat(both.json(new Object[] {1L, null})).isNull();
    }
}
