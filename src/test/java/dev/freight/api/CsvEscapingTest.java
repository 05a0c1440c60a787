package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * CSV exports (records, and results with their original rows) escape a cell a spreadsheet would
 * run as a formula with a leading ' (OWASP), by default; {@code csvEscape=false} gives them raw.
 */
class CsvEscapingTest extends StoreSuite {
    /** name → the cell the escaped export holds for it. */
    private static final List<String[]> CELLS = List.of(
            new String[] {"=HYPERLINK(\"http://x\";\"y\")", "\"'=HYPERLINK(\"\"http://x\"\";\"\"y\"\")\""},
            new String[] {"+SUM(A1:A9)", "'+SUM(A1:A9)"},
            new String[] {"-2+3", "'-2+3"},
            new String[] {"@cmd", "'@cmd"},
            new String[] {"\tindent", "'\tindent"},
            new String[] {"-5", "-5"},
            new String[] {"+7.5", "+7.5"},
            new String[] {"plain = text", "plain = text"});

    private String table() {
        String t = unique("cells");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"n","type":"integer"},{"name":"d","type":"decimal"}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private String input() {
        StringBuilder csv = new StringBuilder("id,name,n,d\n");
        for (int i = 0; i < CELLS.size(); i++) csv.append(i).append(',').append(csvCell(CELLS.get(i)[0])).append(",-").append(i + 1).append(",-1.5\n");
        return csv.toString();
    }

    private String csv(String path, String key) {
        TestNode.Response r = node.send("GET", path, key, Map.of("Accept", "text/csv"), null);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body();
    }

    @Test
    void recordsAsCsvEscapeFormulasByDefaultAndGiveThemRawOnRequest() {
        String t = table();
        node.importCsv(t, "", input());
        List<String> escaped = csv("/v1/tables/" + t + "/records", TestNode.ADMIN_KEY).lines().toList();
        List<String> raw = csv("/v1/tables/" + t + "/records?csvEscape=false", TestNode.ADMIN_KEY).lines().toList();
        assertThat(escaped.get(0)).isEqualTo("id,name,n,d");
        for (int i = 0; i < CELLS.size(); i++) {
            assertThat(escaped.get(i + 1)).as(CELLS.get(i)[0]).isEqualTo(i + "," + CELLS.get(i)[1] + ",-" + (i + 1) + ",-1.5");
            assertThat(raw.get(i + 1)).as(CELLS.get(i)[0]).isEqualTo(i + "," + csvCell(CELLS.get(i)[0]) + ",-" + (i + 1) + ",-1.5");
        }
        // JSON is data, not a spreadsheet: never escaped
        assertThat(node.get("/v1/tables/" + t + "/records").json().at("/items/0/name").asText()).isEqualTo(CELLS.get(0)[0]);
        problem(node.send("GET", "/v1/tables/" + t + "/records?csvEscape=maybe", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null),
                400, "csvEscape");
    }

    @Test
    void resultsAsCsvEscapeTheOriginalRowsByDefaultAndGiveThemRawOnRequest() {
        String t = table();
        String job = node.importCsv(t, "", input()).get("id").asText();
        List<String> escaped = csv("/v1/jobs/" + job + "/results", TestNode.ADMIN_KEY).lines().toList();
        List<String> raw = csv("/v1/jobs/" + job + "/results?csvEscape=false", TestNode.ADMIN_KEY).lines().toList();
        assertThat(escaped.get(0)).isEqualTo("id,name,n,d,_line,_index,_outcome,_error");
        for (int i = 0; i < CELLS.size(); i++) {
            assertThat(escaped.get(i + 1)).isEqualTo(i + "," + CELLS.get(i)[1] + ",-" + (i + 1) + ",-1.5," + (i + 2) + "," + i + ",inserted,");
            assertThat(raw.get(i + 1)).isEqualTo(i + "," + csvCell(CELLS.get(i)[0]) + ",-" + (i + 1) + ",-1.5," + (i + 2) + "," + i + ",inserted,");
        }
        // a header the client chose is a cell too
        String evil = node.importCsv(t, "unknownColumns=ignore", "id,\"=cmd()\"\n99,x\n").get("id").asText();
        assertThat(csv("/v1/jobs/" + evil + "/results", TestNode.ADMIN_KEY).lines().findFirst().orElseThrow())
                .isEqualTo("id,'=cmd(),_line,_index,_outcome,_error");
        problem(node.send("GET", "/v1/jobs/" + job + "/results?csvEscape=2", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null),
                400, "csvEscape");
    }
}
