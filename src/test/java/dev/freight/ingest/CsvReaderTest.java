package dev.freight.ingest;

import static dev.freight.ingest.Inputs.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** CSV behaviour beyond the data-file cases: buffers, caps, encodings, options, streaming. */
class CsvReaderTest {
    private static List<SourceRow> readAll(InputStream in, ReadOptions options) {
        List<SourceRow> rows = new ArrayList<>();
        try (RowReader r = RowReaders.open(Format.CSV, in, options)) {
            for (SourceRow row; (row = r.next()) != null; ) rows.add(row);
        }
        return rows;
    }

    @Test
    void randomRecordsSurviveEveryBufferBoundary() {
        Random random = new Random(42);
        String[] pieces = {"a", "Zoë", "😀", ",", ";", "\"", "\n", "\r\n", " ", "x".repeat(300), "Łódź", "\t"};
        int columns = 4;
        StringBuilder csv = new StringBuilder("c0,c1,c2,c3\n");
        List<String[]> expected = new ArrayList<>();
        List<Long> expectedLines = new ArrayList<>();
        long line = 2;
        for (int r = 0; r < 3000; r++) {
            String[] row = new String[columns];
            expectedLines.add(line);
            for (int c = 0; c < columns; c++) {
                StringBuilder v = new StringBuilder();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) v.append(pieces[random.nextInt(pieces.length)]);
                row[c] = v.toString();
                boolean quote = random.nextBoolean() || row[c].matches("(?s).*[,\"\r\n].*") || row[c].isEmpty() && columns == 1;
                csv.append(c == 0 ? "" : ",").append(quote ? '"' + row[c].replace("\"", "\"\"") + '"' : row[c]);
                line += row[c].chars().filter(ch -> ch == '\n').count();
            }
            csv.append(random.nextBoolean() ? "\n" : "\r\n");
            line++;
            expected.add(row);
        }
        byte[] data = csv.toString().getBytes(StandardCharsets.UTF_8);

        for (int max : new int[] {1, 7, 4096}) {
            List<SourceRow> rows = readAll(Inputs.trickle(data, max), new ReadOptions(',', 10_000));
            assertThat(rows).hasSize(expected.size());
            for (int i = 0; i < rows.size(); i++) {
                assertThat(rows.get(i).values()).as("row %d", i).containsExactly((Object[]) expected.get(i));
                assertThat(rows.get(i).line()).as("line of row %d", i).isEqualTo(expectedLines.get(i));
                assertThat(rows.get(i).error()).isNull();
            }
        }
    }

    @Test
    void fieldsLargerThanTheBufferAreReadWhole() {
        String big = "é".repeat(150_000) + "\"quoted\"" + "z".repeat(100_000);
        String csv = "a,b\n1,\"" + big.replace("\"", "\"\"") + "\"\n2," + "y".repeat(300_000) + "\n3,end\n";
        List<SourceRow> rows = readAll(utf8(csv), ReadOptions.defaults());
        assertThat(rows).extracting(r -> r.values()[1]).containsExactly(big, "y".repeat(300_000), "end");
        assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 3L, 4L);
    }

    @Test
    void anEndlessFieldFailsAtTheCapInsteadOfFillingMemory() {
        InputStream in = Inputs.endless("a,b\n1,2\n3,\"", n -> "never closed ");
        try (RowReader r = RowReaders.open(Format.CSV, in, new ReadOptions(null, 100_000))) {
            assertThat(r.next().values()).containsExactly("1", "2");
            assertThatThrownBy(r::next).isInstanceOf(MalformedInputException.class)
                    .hasMessage("line 3: field 2 is longer than 100000 characters");
        }
    }

    @Test
    void readsRowsAsTheyArriveFromAnEndlessInput() {
        InputStream in = Inputs.endless("id,name\n", n -> n + ",name " + n + "\n");
        try (RowReader r = RowReaders.open(Format.CSV, in, ReadOptions.defaults())) {
            for (int i = 0; i < 1000; i++) {
                SourceRow row = r.next();
                assertThat(row.index()).isEqualTo(i);
                assertThat(row.values()).containsExactly(String.valueOf(i), "name " + i);
            }
        }
    }

    @Test
    void everyRowSharesTheHeaderList() {
        List<SourceRow> rows = readAll(utf8("a,b\n1,2\n3,4\n5\n"), ReadOptions.defaults());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).names()).isSameAs(rows.get(0).names()).isSameAs(rows.get(2).names());
        assertThatThrownBy(() -> rows.get(0).names().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidUtf8IsMalformedAtItsLine() {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes("a,b\n1,ok\n2,bad ".getBytes(StandardCharsets.UTF_8));
        csv.write(0xC3); // a lead byte followed by an ASCII byte
        csv.writeBytes("x\n3,z\n".getBytes(StandardCharsets.UTF_8));
        try (RowReader r = RowReaders.open(Format.CSV, new java.io.ByteArrayInputStream(csv.toByteArray()), ReadOptions.defaults())) {
            assertThat(r.next().values()).containsExactly("1", "ok");
            assertThatThrownBy(r::next).isInstanceOf(MalformedInputException.class)
                    .hasMessage("line 3: field 2 is not valid UTF-8");
        }
    }

    @Test
    void overlongAndTruncatedSequencesAreInvalid() {
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF}}) {
            ByteArrayOutputStream csv = new ByteArrayOutputStream();
            csv.writeBytes("a\n".getBytes(StandardCharsets.UTF_8));
            csv.writeBytes(bad);
            assertThatThrownBy(() -> readAll(new java.io.ByteArrayInputStream(csv.toByteArray()), ReadOptions.defaults()))
                    .isInstanceOf(MalformedInputException.class).hasMessageContaining("not valid UTF-8");
        }
    }

    @Test
    void aReplacementCharacterInTheInputIsKept() {
        assertThat(readAll(utf8("a\nx\uFFFDy\n"), ReadOptions.defaults()).get(0).values()).containsExactly("x\uFFFDy");
    }

    @Test
    void aLoneCarriageReturnEndsALine() {
        List<SourceRow> rows = readAll(utf8("a,b\r1,2\r\r3,\"x\ry\"\r4,5"), ReadOptions.defaults());
        assertThat(rows).extracting(SourceRow::line).containsExactly(2L, 4L, 6L);
        assertThat(rows.get(1).values()).containsExactly("3", "x\ry");
    }

    @Test
    void aGivenDelimiterIsUsedWithoutDetection() {
        List<SourceRow> rows = readAll(utf8("a,b\tc\n1,2\t3\n"), new ReadOptions('\t', 100));
        assertThat(rows.get(0).names()).containsExactly("a,b", "c");
        assertThat(rows.get(0).values()).containsExactly("1,2", "3");
    }

    @Test
    void unusableOptionsAreRejectedAtOpen() {
        for (char d : new char[] {'"', '\n', '\r', '§'}) {
            assertThatThrownBy(() -> RowReaders.open(Format.CSV, utf8("a"), new ReadOptions(d, 100)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delimiter");
        }
        assertThatThrownBy(() -> RowReaders.open(Format.CSV, utf8("a"), new ReadOptions(null, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFieldSize");
    }

    @Test
    void nullOptionsMeanDefaults() {
        try (RowReader r = RowReaders.open(Format.CSV, utf8("a;b\n1;2\n"), null)) {
            assertThat(r.next().values()).containsExactly("1", "2");
        }
    }

    @Test
    void closingTheReaderClosesTheStream() {
        Inputs.Closing in = new Inputs.Closing("a\n1\n");
        RowReader r = RowReaders.open(Format.CSV, in, ReadOptions.defaults());
        r.next();
        r.close();
        assertThat(in.closed).isTrue();
    }
}
