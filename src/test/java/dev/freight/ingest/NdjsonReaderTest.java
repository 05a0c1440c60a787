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

    /** Every line is its own document: a bad one is a row failing alone, with its line, and the next lines read on. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an array line           | {"a":1}\\n[1,2]\\n{"a":2}     | 2 | line 2: the line is an array, expected a JSON object
            a number line           | {"a":1}\\n\\n42\\n{"a":2}   | 3 | line 3: the line is a number, expected a JSON object
            a garbage line          | {"a":1}\\nhello\\n{"a":2}     | 2 | line 2: invalid JSON: Unrecognized token 'hello'
            an unfinished object    | {"a":1}\\n{"a":\\n{"a":2}     | 2 | line 2: invalid JSON
            two objects on a line   | {"a":1}\\n{"a":1} {"a":2}\\n{"a":2} | 2 | line 2: more than one JSON value on the line
            invalid UTF-8           | {"a":1}\\n{"a":"\u00ff"}\\n{"a":2} | 2 | line 2: invalid JSON
            """)
    void aBadLineFailsAloneAtItsLine(String what, String ndjson, long line, String message) {
        byte[] bytes = ndjson.replace("\\n", "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (what.equals("invalid UTF-8")) bytes = ndjson.replace("\\n", "\n").replace("\u00ff", "\u0001")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (what.equals("invalid UTF-8")) for (int i = 0; i < bytes.length; i++) if (bytes[i] == 1) bytes[i] = (byte) 0xff;
        List<SourceRow> rows = JsonReaderTest.readAll(Format.NDJSON, new java.io.ByteArrayInputStream(bytes), ReadOptions.defaults());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).values()).containsExactly(1L);
        SourceRow bad = rows.get(1);
        assertThat(bad.line()).isEqualTo(line);
        assertThat(bad.index()).isEqualTo(1);
        assertThat(bad.error()).startsWith(message);
        assertThat(rows.get(2).values()).containsExactly(2L);
        assertThat(rows.get(2).index()).isEqualTo(2);
    }

    @Test
    void aLineOverTheRecordLimitIsMalformed() {
        ReadOptions small = ReadOptions.defaults().withLimits(100, 64, 8);
        assertThatThrownBy(() -> JsonReaderTest.readAll(Format.NDJSON, utf8("{\"a\":1}\n{\"a\":\"" + "x".repeat(100) + "\"}\n"), small))
                .isInstanceOf(MalformedInputException.class).hasMessage("line 2: the line is longer than 64 bytes (the limit)");
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
