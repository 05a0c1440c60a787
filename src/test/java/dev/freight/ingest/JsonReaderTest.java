package dev.freight.ingest;

import static dev.freight.ingest.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON array reader. */
class JsonReaderTest {
    static List<SourceRow> readAll(Format format, InputStream in, ReadOptions options) {
        List<SourceRow> rows = new ArrayList<>();
        try (RowReader r = RowReaders.open(format, in, options)) {
            for (SourceRow row; (row = r.next()) != null; ) rows.add(row);
        }
        return rows;
    }

    private static List<SourceRow> read(String json) {
        return readAll(Format.JSON, utf8(json), ReadOptions.defaults());
    }

    private static void assertMalformed(String json, long line, String message) {
        assertThatThrownBy(() -> read(json))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MalformedInputException) e).line()).as("line").isEqualTo(line));
    }

    @Test
    void eachObjectIsARowWithTypedValues() {
        List<SourceRow> rows = read("""
                [
                  {"s": "Zoë \\"q\\"", "i": -42, "big": 123456789012345678901234567890,
                   "f": 0.1, "e": 1e400, "t": true, "n": null,
                   "o": {"b": [1, 2.50, "x", null, false], "u": "é\\n"}, "a": [], "z": {}},
                  {"s": "", "i": 9223372036854775807, "f": -1.50}
                ]
                """);
        assertThat(rows).hasSize(2);
        SourceRow first = rows.get(0);
        assertThat(first.index()).isZero();
        assertThat(first.line()).isEqualTo(2);
        assertThat(first.error()).isNull();
        assertThat(first.names()).containsExactly("s", "i", "big", "f", "e", "t", "n", "o", "a", "z");
        assertThat(first.values()).containsExactly(
                "Zoë \"q\"", -42L, new BigDecimal("123456789012345678901234567890"),
                new BigDecimal("0.1"), new BigDecimal("1e400"), true, null,
                new JsonText("{\"b\":[1,2.50,\"x\",null,false],\"u\":\"é\\n\"}"), new JsonText("[]"), new JsonText("{}"));
        assertThat(first.values()[1]).isInstanceOf(Long.class);
        assertThat(((BigDecimal) rows.get(1).values()[2]).scale()).as("scale kept exactly").isEqualTo(2);
        assertThat(rows.get(1).values()).containsExactly("", Long.MAX_VALUE, new BigDecimal("-1.50"));
        assertThat(rows.get(1).index()).isEqualTo(1);
        assertThat(rows.get(1).line()).isEqualTo(5);
    }

    @Test
    void objectsWithTheSameFieldsShareOneNamesList() {
        List<SourceRow> rows = read("[{\"a\":1,\"b\":2},{\"a\":3,\"b\":4},{\"b\":5},{\"b\":6}]");
        assertThat(rows.get(1).names()).isSameAs(rows.get(0).names());
        assertThat(rows.get(2).names()).containsExactly("b").isSameAs(rows.get(3).names());
    }

    @Test
    void aRepeatedFieldNameFailsThatRowOnly() {
        List<SourceRow> rows = read("[{\"a\":1,\"a\":2},{\"a\":3},{\"a\":4,\"a\":5}]");
        assertThat(rows).extracting(SourceRow::error).containsExactly(
                "field 'a' appears more than once in this object", null, "field 'a' appears more than once in this object");
        assertThat(rows.get(0).values()).containsExactly(1L, 2L);
    }

    @Test
    void anEmptyArrayHasNoRows() {
        assertThat(read(" [ ] ")).isEmpty();
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        byte[] json = "\uFEFF[{\"a\":1}]".getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(Format.JSON, new ByteArrayInputStream(json), null).get(0).values()).containsExactly(1L);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            top-level object      | {"a": 1}                          | 1 | expected a JSON array of objects, found an object
            top-level string      | "a"                               | 1 | expected a JSON array of objects, found a string
            empty input           | '  '                              | 1 | expected a JSON array of objects, found the end of the input
            element not an object | [{"a":1},\\n 2]                   | 2 | element 2 of the array is a number, expected an object
            nested array element  | [\\n[1]]                          | 2 | element 1 of the array is an array, expected an object
            syntax error          | [\\n{"a":1},\\n{"a" 2}]           | 3 | invalid JSON: Unexpected character
            trailing comma        | [{"a":1},\\n]                     | 2 | invalid JSON
            unclosed array        | [{"a":1},\\n{"a":2}               | 2 | invalid JSON: Unexpected end-of-input
            unclosed string       | [{"a":"x}]                        | 1 | invalid JSON
            trailing garbage      | [{"a":1}]\\nnope                  | 2 | invalid JSON: Unrecognized token 'nope'
            trailing value        | [{"a":1}]\\n\\n{}                 | 3 | unexpected an object after the end of the array
            bare NaN              | [{"a":NaN}]                       | 1 | invalid JSON
            """)
    void malformedJsonNamesItsLine(String what, String json, long line, String message) {
        assertMalformed(json.replace("\\n", "\n"), line, message);
    }

    @Test
    void invalidUtf8IsMalformed() {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.writeBytes("[{\"a\":\"ok\"},\n{\"a\":\"bad ".getBytes(StandardCharsets.UTF_8));
        json.write(0xFF);
        json.writeBytes("\"}]".getBytes(StandardCharsets.UTF_8));
        try (RowReader r = RowReaders.open(Format.JSON, new ByteArrayInputStream(json.toByteArray()), null)) {
            assertThat(r.next().values()).containsExactly("ok");
            assertThatThrownBy(r::next).isInstanceOf(MalformedInputException.class)
                    .hasMessageContaining("UTF-8")
                    .satisfies(e -> assertThat(((MalformedInputException) e).line()).isEqualTo(2));
        }
    }

    @Test
    void stringsAndNestedValuesAreCappedAtMaxFieldSize() {
        ReadOptions cap = new ReadOptions(null, 5);
        assertThat(readAll(Format.JSON, utf8("[{\"a\":\"12345\",\"b\":[1,2]}]"), cap).get(0).values())
                .containsExactly("12345", new JsonText("[1,2]"));
        assertThatThrownBy(() -> readAll(Format.JSON, utf8("[{\"a\":\"123456\"}]"), cap))
                .isInstanceOf(MalformedInputException.class).hasMessage("line 1: field 'a' is longer than 5 characters");
        assertThatThrownBy(() -> readAll(Format.JSON, utf8("[\n{\"b\":[1,22]}]"), cap))
                .isInstanceOf(MalformedInputException.class).hasMessage("line 2: field 'b' is longer than 5 characters");
    }

    @Test
    void readsObjectsAsTheyArriveFromAnEndlessArray() {
        InputStream in = Inputs.endless("[", n -> "{\"id\":" + n + ",\"tags\":[\"t" + n + "\"]},\n");
        try (RowReader r = RowReaders.open(Format.JSON, in, null)) {
            for (int i = 0; i < 1000; i++) {
                SourceRow row = r.next();
                assertThat(row.values()).containsExactly((long) i, new JsonText("[\"t" + i + "\"]"));
                assertThat(row.line()).isEqualTo(i + 1);
            }
        }
    }

    @Test
    void closingTheReaderClosesTheStream() {
        Inputs.Closing in = new Inputs.Closing("[{\"a\":1}]");
        RowReaders.open(Format.JSON, in, null).close();
        assertThat(in.closed).isTrue();
    }
}
