package dev.freight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Main;
import dev.freight.ingest.Format;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code import --dry-run} and {@code tables create --from FILE} against a real node. */
class DryRunAndInferCommandsTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(StoreKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    record Run(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    static Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--url", node.base(), "--api-key=" + TestNode.ADMIN_KEY, "--progress=none"));
        if (!args[0].equals("import")) all.remove("--progress=none");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aDryRunPrintsTheWouldBeCountsWritesNothingAndExitsAsTheImportWould(@TempDir Path dir) throws Exception {
        node.createTable("{\"name\":\"stock\",\"columns\":[{\"name\":\"sku\",\"type\":\"integer\"},{\"name\":\"qty\",\"type\":\"integer\"}],\"primaryKey\":[\"sku\"]}");
        node.importCsv("stock", "", "sku,qty\n1,5\n");
        Path csv = Files.writeString(dir.resolve("stock.csv"), "sku,qty\n1,6\n2,7\n3,many\n");

        Run dry = run("import", "stock", csv.toString(), "--dry-run");
        assertThat(dry.code()).as(dry.toString()).isZero();
        assertThat(dry.out()).as(dry.toString())
                .contains("dry-run job ")
                .containsPattern("dry run completed: 1 inserted, 1 updated, 0 unchanged, 0 ignored, 0 deleted, 1 failed")
                .contains("nothing was written to stock: a dry run")
                .contains("line 4 (index 2): column qty: 'many' is not an integer");
        assertThat(node.records("stock").toString()).isEqualTo("[{\"sku\":1,\"qty\":5}]");

        Run strict = run("import", "stock", csv.toString(), "--dry-run", "--strict");
        assertThat(strict.code()).as(strict.toString()).isEqualTo(ImportCommand.ROWS_FAILED);
        Run atomic = run("import", "stock", csv.toString(), "--dry-run", "-o", "atomic=true");
        assertThat(atomic.code()).as(atomic.toString()).isEqualTo(ImportCommand.FAILED);
        assertThat(atomic.out()).contains("atomic import rolled back");
        assertThat(node.records("stock").toString()).isEqualTo("[{\"sku\":1,\"qty\":5}]");

        Run real = run("import", "stock", csv.toString());
        assertThat(real.out()).containsPattern("(?m)^completed: 1 inserted, 1 updated, 0 unchanged, 0 ignored, 0 deleted, 1 failed")
                .doesNotContain("dry run");
        assertThat(node.records("stock")).hasSize(2);
    }

    @Test
    void aTableIsCreatedFromAFilesFirstRowsAndTakesTheFile(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("visits.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("visit_id,Page URL,seconds,on\n");
            for (int i = 1; i <= 60_000; i++) w.write(i + ",/p/" + i + "," + (i % 90) + ".5," + String.format("%02d.01.2026", i % 28 + 1) + "\n");
        }
        assertThat(Files.size(csv)).as("larger than the sample sent").isGreaterThan(Sample.MAX_BYTES);
        Run r = run("tables", "create", "visits", "--from", csv.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .startsWith("created visits key(visit_id): visit_id integer, page_url text, seconds decimal, on date\n")
                .contains("to import visits.csv: bin/freight import visits visits.csv -o 'map.page_url=Page URL' -o 'dateTimeFormat=dd.MM.yyyy'");
        JsonNode t = node.get("/v1/tables/visits").json();
        assertThat(t.at("/columns/0/nullable").asBoolean()).isFalse();

        Run load = run("import", "visits", csv.toString(), "-o", "map.page_url=Page URL", "-o", "dateTimeFormat=dd.MM.yyyy");
        assertThat(load.code()).as(load.toString()).isZero();
        assertThat(load.out()).contains("60000 inserted").contains("0 failed");

        Path json = dir.resolve("tags.json.gz");
        try (Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(json)), StandardCharsets.UTF_8)) {
            w.write("[{\"tag\": \"a\", \"n\": 1}, {\"tag\": \"b\", \"n\": 2}]");
        }
        Run keyed = run("tables", "create", "tags", "--from", json.toString(), "--key", "tag");
        assertThat(keyed.code()).as(keyed.toString()).isZero();
        assertThat(keyed.out()).isEqualTo("created tags key(tag): tag text, n integer\n");
    }

    @Test
    void wrongUsesOfFromAreUsageErrors(@TempDir Path dir) throws Exception {
        Run both = run("tables", "create", "x", "--from", "a.csv", "--columns", "id:integer");
        assertThat(both.code()).isEqualTo(2);
        Run neither = run("tables", "create", "x");
        assertThat(neither.code()).isEqualTo(2);
        assertThat(neither.err()).contains("--columns").contains("--from");
        Run missing = run("tables", "create", "x", "--from", dir.resolve("none.csv").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no file");
        Path empty = Files.writeString(dir.resolve("empty.csv"), "");
        Run refused = run("tables", "create", "x", "--from", empty.toString());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("400").contains("no rows");
    }

    @Test
    void theSampleEndsWithAWholeRow() {
        assertThat(Sample.lastRowEnd("a,b\n1,\"x\ny\"\n2,", true)).isEqualTo(12);
        assertThat(Sample.lastRowEnd("a,b\n1,\"x\ny", true)).isEqualTo(4);
        assertThat(Sample.jsonArrayPrefix("[{\"a\": \"}\"}, {\"b\": {\"c\": 1}}, {\"d\"")).isEqualTo("[{\"a\": \"}\"}, {\"b\": {\"c\": 1}}]");
        assertThat(Format.fromFileName("x.csv")).isEqualTo(Format.CSV);
    }
}
