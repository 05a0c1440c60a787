package dev.freight.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * CSV conformance cases: each {@code ingest/csv/<id>.csv} is read with the options and checked
 * against the names, rows and final error of {@code <id>.expected.json}, in four variants: LF and
 * CRLF line endings (inside quoted fields too), each with and without a UTF-8 byte order mark.
 */
class CsvConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TestFactory
    Stream<DynamicTest> cases() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path csv : caseFiles()) {
            String id = csv.getFileName().toString().replace(".csv", "");
            String text = Files.readString(csv, StandardCharsets.UTF_8);
            JsonNode expected = JSON.readTree(csv.resolveSibling(id + ".expected.json").toFile());
            for (String eol : List.of("\n", "\r\n")) {
                for (boolean bom : List.of(false, true)) {
                    String variant = id + (eol.equals("\n") ? " [LF" : " [CRLF") + (bom ? ", BOM]" : "]");
                    tests.add(DynamicTest.dynamicTest(variant, () -> check(bytes(text.replace("\n", eol), bom), expected, eol)));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theCasesAreThere() throws IOException {
        assertThat(caseFiles()).hasSizeGreaterThanOrEqualTo(30);
        for (Path csv : caseFiles()) {
            assertThat(csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".expected.json"))).exists();
        }
    }

    private static void check(byte[] input, JsonNode expected, String eol) {
        JsonNode options = expected.path("options");
        ReadOptions readOptions = new ReadOptions(
                options.has("delimiter") ? options.get("delimiter").asText().charAt(0) : null,
                options.path("maxFieldSize").asInt(ReadOptions.DEFAULT_MAX_FIELD));
        try (RowReader reader = RowReaders.open(Format.CSV, new ByteArrayInputStream(input), readOptions)) {
            List<String> names = strings(expected.get("names"), eol);
            JsonNode rows = expected.get("rows");
            for (int i = 0; i < rows.size(); i++) {
                JsonNode row = rows.get(i);
                SourceRow actual = reader.next();
                assertThat(actual).as("row %d", i).isNotNull();
                assertThat(actual.index()).as("index").isEqualTo(i);
                assertThat(actual.line()).as("line of row %d", i).isEqualTo(row.get("line").asLong());
                assertThat(actual.names()).as("names").isEqualTo(names);
                assertThat(actual.values()).as("values of row %d", i).containsExactly(strings(row.get("values"), eol).toArray());
                assertThat(actual.error()).as("error of row %d", i).isEqualTo(row.path("error").textValue());
            }
            JsonNode malformed = expected.get("malformed");
            if (malformed == null) {
                assertThat(reader.next()).as("end of input").isNull();
                assertThat(reader.next()).as("still the end").isNull();
            } else {
                assertThatThrownBy(reader::next)
                        .isInstanceOf(MalformedInputException.class)
                        .hasMessageContaining(malformed.get("message").asText())
                        .satisfies(e -> assertThat(((MalformedInputException) e).line()).isEqualTo(malformed.get("line").asLong()));
            }
        }
    }

    private static List<String> strings(JsonNode array, String eol) {
        if (array == null || array.isNull()) return null;
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText().replace("\n", eol)));
        return out;
    }

    private static byte[] bytes(String text, boolean bom) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (bom) out.writeBytes(BOM);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static List<Path> caseFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
        }
    }

    private static Path dir() {
        try {
            return Path.of(CsvConformanceTest.class.getResource("/ingest/csv/").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
