package dev.freight.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.StoreLocation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the CLI prints, piece by piece: progress lines and bars, counts, CSV cells, column lists, store names. */
class CliFormatsTest {

    @Test
    void theBarFitsTheTerminalAndShowsPercentRateAndEta() {
        String line = ProgressBar.render("running", 450_000, 1_000_000, "450,000 of 1,000,000 rows", "84,000 rows/s",
                Duration.ofSeconds(7), "  12 failed", 100);
        assertThat(line).startsWith("running   [").contains("]  45%  450,000 of 1,000,000 rows  84,000 rows/s  ETA 7 s  12 failed");
        assertThat(line.length()).isLessThan(100);
        String wide = ProgressBar.render("running", 450_000, 1_000_000, "450,000 of 1,000,000 rows", "", null, "", 200);
        assertThat(wide).contains("[" + "=".repeat(18) + ">" + " ".repeat(21) + "]"); // 45 % of 40
        String narrow = ProgressBar.render("running", 1, 2, "1 of 2 rows", "", null, "", 40);
        assertThat(narrow.length()).isLessThan(40);
        assertThat(ProgressBar.render("running", 5, -1, "5 rows", "", null, "", 80)).doesNotContain("[").doesNotContain("%");
    }

    @Test
    void plainLinesSayRowsOfRequestedOrOfTheEstimate() throws Exception {
        JsonNode known = Json.MAPPER.readTree("{\"state\":\"running\",\"counts\":{\"requested\":20000,\"processed\":4500,\"failed\":12}}");
        assertThat(ProgressLines.line(Progress.Rows.of(known, -1), 9000.4, Duration.ofSeconds(2)))
                .isEqualTo("running: 4,500 of 20,000 rows (22%), 9,000 rows/s, ETA 2 s, 12 failed");
        JsonNode unknown = Json.MAPPER.readTree("{\"state\":\"running\",\"counts\":{\"requested\":null,\"processed\":4500,\"failed\":0}}");
        assertThat(ProgressLines.line(Progress.Rows.of(unknown, 9000), -1, null)).isEqualTo("running: 4,500 of ~9,000 rows (50%)");
        assertThat(ProgressLines.line(Progress.Rows.of(unknown, -1), -1, null)).isEqualTo("running: 4,500 rows");
    }

    @Test
    void countsAndNounsAgree() {
        assertThat(Units.count(1, "row")).isEqualTo("1 row");
        assertThat(Units.count(0, "row")).isEqualTo("0 rows");
        assertThat(Units.count(1200, "failed row")).isEqualTo("1,200 failed rows");
        assertThat(Units.bytes(2_700_000)).isEqualTo("2.7 MB");
        assertThat(Units.duration(Duration.ofSeconds(125))).isEqualTo("2 min 05 s");
    }

    @Test
    void csvCellsAreQuotedAndKeptFromSpreadsheetFormulas() {
        assertThat(FailedRows.cell("plain")).isEqualTo("plain");
        assertThat(FailedRows.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(FailedRows.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(FailedRows.cell("=HYPERLINK(1)")).isEqualTo("'=HYPERLINK(1)");
        assertThat(FailedRows.cell("-12.5")).isEqualTo("-12.5");
    }

    @Test
    void aFailedRowIsNamedByLineAndIndex() throws Exception {
        FailedRows.Row r = FailedRows.Row.of(Json.MAPPER.readTree(
                "{\"index\":3,\"line\":5,\"outcome\":\"failed\",\"key\":{\"id\":\"17\"},\"error\":\"column score: 'abc' is not an integer\"}"));
        assertThat(r.text()).isEqualTo("line 5 (index 3): column score: 'abc' is not an integer");
        assertThat(r.key()).isEqualTo("id=17");
        FailedRows.Row noLine = FailedRows.Row.of(Json.MAPPER.readTree("{\"index\":0,\"error\":\"duplicate key\"}"));
        assertThat(noLine.text()).isEqualTo("index 0: duplicate key");
    }

    @Test
    void columnListsReadNameTypePrecisionAndNotNull() {
        JsonNode c = ColumnList.parse("id:integer, email:TEXT not null,balance:decimal(12, 2)");
        assertThat(c.toString()).isEqualTo("[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"email\",\"type\":\"text\",\"nullable\":false},"
                + "{\"name\":\"balance\",\"type\":\"decimal\",\"precision\":12,\"scale\":2}]");
        assertThatThrownBy(() -> ColumnList.parse("id")).hasMessageContaining("'id' is not NAME:TYPE");
        assertThatThrownBy(() -> ColumnList.parse(" , ")).hasMessageContaining("names no column");
    }

    @Test
    void storesAreNamedWithoutSecrets() {
        assertThat(StoreLocation.of("jdbc:sqlite:/srv/freight/./data/freight.db?busy_timeout=100").text()).isEqualTo("SQLite /srv/freight/data/freight.db");
        StoreLocation pg = StoreLocation.of("jdbc:postgresql://db.internal/freight?user=app&password=s3cret&ssl=true");
        assertThat(pg.text()).isEqualTo("PostgreSQL db.internal:5432/freight as app");
        assertThat(pg.slug()).isEqualTo("postgresql-db.internal-5432-freight");
        assertThat(StoreLocation.of("jdbc:postgresql://u:pw@h:6543/x").text()).isEqualTo("PostgreSQL h:6543/x").doesNotContain("pw");
        assertThat(StoreLocation.of("jdbc:mysql://h/x?password=p").text()).doesNotContain("p=").doesNotContain("h/x");
    }
}
