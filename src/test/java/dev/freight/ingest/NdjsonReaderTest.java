package dev.freight.ingest;

import static dev.freight.ingest.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The NDJSON reader. */
class NdjsonReaderTest {
    private static List<SourceRow> read(String ndjson) {
        return JsonReaderTest.readAll(Format.NDJSON, utf8(ndjson), ReadOptions.defaults());
    }

    @Test
    void eachLineIsARowAndBlankLinesAreSkipped() {
        List<SourceRow> rows = read("\n{\"a\":1,\"b\":\"x\"}\r\n  \r\n\n{\"a\":2.5,\"b\":{\"c\":[true]}}\n\t\n{\"a\":null}");
        assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 5L, 7L);
        assertThat(rows).extracting(SourceRow::index).containsExactly(0L, 1L, 2L);
        assertThat(rows.get(0).values()).containsExactly(1L, "x");
        assertThat(rows.get(1).values()).containsExactly(new BigDecimal("2.5"), new JsonText("{\"c\":[true]}"));
        assertThat(rows.get(1).names()).isSameAs(rows.get(0).names());
        assertThat(rows.get(2).names()).containsExactly("a");
        assertThat(rows.get(2).values()).containsExactly((Object) null);
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        assertThat(read("\uFEFF{\"a\":1}\n").get(0).values()).containsExactly(1L);
    }

    @Test
    void anEmptyInputHasNoRows() {
        assertThat(read("")).isEmpty();
        assertThat(read("\n\n  \n")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an array line           | {"a":1}\\n[1,2]\\n{"a":2}     | 2 | the line is an array, expected a JSON object
            a number line           | {"a":1}\\n\\n42               | 3 | the line is a number, expected a JSON object
            a garbage line          | {"a":1}\\nhello               | 2 | invalid JSON: Unrecognized token 'hello'
            an unfinished object    | {"a":1}\\n{"a":\\n{"a":3}     | 2 | invalid JSON
            a missing brace         | {"a":1\\n{"a":2}              | 1 | invalid JSON
            two objects on a line   | {"a":1} {"a":2}               | 1 | more than one JSON value on one line
            a value after an object | {"a":1}\\n{"a":2} 3           | 2 | more than one JSON value on one line
            an object over lines    | {"a":1}\\n{"a":\\n2}\\n       | 2 | a JSON object must end on the line it starts on
            """)
    void aBadLineIsMalformedAtItsLine(String what, String ndjson, long line, String message) {
        assertThatThrownBy(() -> read(ndjson.replace("\\n", "\n")))
                .isInstanceOf(MalformedInputException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MalformedInputException) e).line()).as("line").isEqualTo(line));
    }

    @Test
    void rowsBeforeABadLineAreDelivered() {
        try (RowReader r = RowReaders.open(Format.NDJSON, utf8("{\"a\":1}\n{\"a\":2}\n[]\n"), null)) {
            assertThat(r.next().values()).containsExactly(1L);
            assertThat(r.next().values()).containsExactly(2L);
            assertThatThrownBy(r::next).isInstanceOf(MalformedInputException.class).hasMessageStartingWith("line 3:");
        }
    }

    @Test
    void readsLinesAsTheyArriveFromAnEndlessInput() {
        InputStream in = Inputs.endless("", n -> "{\"id\":" + n + "}\n\n");
        try (RowReader r = RowReaders.open(Format.NDJSON, in, null)) {
            for (int i = 0; i < 1000; i++) {
                SourceRow row = r.next();
                assertThat(row.values()).containsExactly((long) i);
                assertThat(row.line()).isEqualTo(2L * i + 1);
            }
        }
    }
}
