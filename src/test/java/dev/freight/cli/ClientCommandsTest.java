package dev.freight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.Main;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client commands against a real node: import and follow, exit codes, failed rows, jobs, tables and keys. */
class ClientCommandsTest {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(StoreKind.SQLITE);
        node.createTable("{\"name\":\"people\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"age\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        node.createTable("{\"name\":\"pets\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"age\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
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

    /** {@code freight ARGS --url … --api-key=<admin>}: the server options last, so that they reach a subcommand. */
    static Run run(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--url", node.base()));
        if (Arrays.stream(args).noneMatch(a -> a.startsWith("--api-key"))) all.add("--api-key=" + TestNode.ADMIN_KEY);
        return exactly(all.toArray(String[]::new));
    }

    static Run exactly(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Path csv(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void importFollowsTheJobAndNamesFailedRowsByLineAndIndex(@TempDir Path dir) throws Exception {
        Path csv = csv(dir, "people.csv", "id,age\n1,30\n2,old\n3,40\n");
        Run r = run("import", "people", csv.toString(), "--mode", "upsert");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).as(r.toString())
                .containsPattern("completed: 2 inserted, 0 updated, 0 unchanged, 0 ignored, 0 deleted, 1 failed \\(3 rows in [0-9.]+ s\\)")
                .contains("1 row failed:\n  line 3 (index 1): column age: 'old' is not an integer")
                .doesNotContain("1 rows");
        assertThat(node.records("people")).extracting(p -> p.get("id").asInt()).contains(1, 3).doesNotContain(2);

        Run tables = run("tables");
        assertThat(tables.out()).contains("people key(id): id integer, age integer");
    }

    @Test
    void jobsListsOnlyTheTableAsked(@TempDir Path dir) throws Exception {
        Run pets = run("import", "pets", csv(dir, "pets.csv", "id,age\n1,3\n").toString());
        assertThat(pets.code()).as(pets.toString()).isZero();
        Run people = run("import", "people", csv(dir, "people.csv", "id,age\n7,3\n").toString());
        assertThat(people.code()).as(people.toString()).isZero();

        Run jobs = run("jobs", "--table", "people");
        assertThat(jobs.code()).isZero();
        assertThat(jobs.out()).as(jobs.toString()).contains(" people ").doesNotContain(" pets ").contains(id(people.out()));
        Run all = run("jobs");
        assertThat(all.out()).contains(" people ").contains(" pets ").contains(id(pets.out()));
    }

    @Test
    void progressWithoutATerminalIsPlainLinesOnStderr(@TempDir Path dir) throws Exception {
        StringBuilder rows = new StringBuilder("id,age\n");
        // enough rows that the job is still running at the client's next look, even on a fast machine
        for (int i = 0; i < 400_000; i++) rows.append(100_000 + i).append(',').append(i % 90).append('\n');
        node.createTable("{\"name\":\"many\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"age\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        Run r = run("import", "many", csv(dir, "many.csv", rows.toString()).toString(), "--progress-every", "50");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).doesNotContain("\r").contains("uploaded ")
                .containsPattern("(?m)^running: [0-9,]+ of ~?[0-9,]+ rows \\(\\d+%\\)");
        assertThat(r.out()).as("stdout has the result only").doesNotContain("running:").contains("completed: 400000 inserted");
    }

    @Test
    void aTerminalGetsABarRedrawnInPlaceAndClearedAtTheEnd(@TempDir Path dir) throws Exception {
        Run r = run("import", "pets", csv(dir, "pets.csv", "id,age\n11,3\n12,4\n").toString(), "--progress", "bar");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.err()).as(r.toString()).startsWith("\r\033[K").endsWith("\r\033[K").contains("upload");
        assertThat(r.out()).doesNotContain("\r");
    }

    @Test
    void failedRowsGoToACsvFileWithLineIndexColumnAndReason(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("failed.csv");
        Run r = run("import", "people", csv(dir, "bad.csv", "id,age\n21,30\n22,old\n\"23\",\"=1+1\"\n24,40\n").toString(),
                "--failed-out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).contains("2 failed rows written to " + out);
        assertThat(Files.readString(out)).isEqualTo("""
                line,index,column,reason,key\r
                3,1,age,'old' is not an integer,id=22\r
                4,2,age,'=1+1' is not an integer,id=23\r
                """);

        Path none = dir.resolve("none.csv");
        Run clean = run("import", "people", csv(dir, "ok.csv", "id,age\n25,1\n").toString(), "--failed-out", none.toString());
        assertThat(clean.code()).isZero();
        assertThat(Files.readString(none)).isEqualTo("line,index,column,reason,key\r\n");
    }

    @Test
    void exitCodesTellAFailedJobAndFailedRowsApart(@TempDir Path dir) throws Exception {
        Path someBad = csv(dir, "some.csv", "id,age\n31,1\n32,x\n33,3\n");
        assertThat(run("import", "people", someBad.toString()).code()).as("rows failed, not all: 0").isZero();
        Run strict = run("import", "people", someBad.toString(), "--strict");
        assertThat(strict.code()).as(strict.toString()).isEqualTo(3);

        Run allBad = run("import", "people", csv(dir, "all.csv", "id,age\n34,x\n35,y\n").toString());
        assertThat(allBad.code()).as("every row failed: " + allBad).isEqualTo(3);
        assertThat(allBad.out()).contains("completed:").contains("2 rows failed:");

        Run failedJob = run("import", "people", csv(dir, "many-bad.csv", "id,age\n36,x\n37,y\n38,z\n39,1\n").toString(),
                "-o", "errorThreshold=1");
        assertThat(failedJob.code()).as(failedJob.toString()).isEqualTo(1);
        assertThat(failedJob.out()).contains("failed:").contains("error: error threshold exceeded");

        Run ok = run("import", "people", csv(dir, "ok.csv", "id,age\n40,1\n").toString(), "--strict");
        assertThat(ok.code()).as(ok.toString()).isZero();
    }

    @Test
    void noWaitPrintsTheIdAndJsonPrintsTheFinalJob(@TempDir Path dir) throws Exception {
        Run noWait = run("import", "pets", csv(dir, "p.csv", "id,age\n51,1\n52,2\n").toString(), "--no-wait");
        assertThat(noWait.code()).as(noWait.toString()).isZero();
        assertThat(noWait.out().trim()).matches(UUID);
        assertThat(node.awaitFinal(noWait.out().trim()).get("state").asText()).isEqualTo("completed");

        Run json = run("import", "pets", csv(dir, "q.csv", "id,age\n53,1\n54,x\n").toString(), "--json");
        assertThat(json.code()).as(json.toString()).isZero();
        JsonNode job = Json.MAPPER.readTree(json.out());
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(job.at("/counts/failed").asLong()).isEqualTo(1);
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(1);

        Run both = run("import", "pets", csv(dir, "r.csv", "id,age\n55,1\n").toString(), "--no-wait", "--failed-out", "x.csv");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--no-wait");
    }

    @Test
    void jobsShowAndCancel(@TempDir Path dir) throws Exception {
        // a job long enough (seconds) that the next one is still queued when it is cancelled
        StringBuilder rows = new StringBuilder("id,age\n");
        for (int i = 0; i < 1_500_000; i++) rows.append(1_000_000 + i).append(",1\n");
        Run big = run("import", "pets", csv(dir, "big.csv", rows.toString()).toString(), "--no-wait");
        Run queued = run("import", "pets", csv(dir, "small.csv", "id,age\n61,1\n").toString(), "--no-wait");
        String id = queued.out().trim();

        Run cancel = run("jobs", "cancel", id);
        assertThat(cancel.code()).as(cancel.toString()).isZero();
        assertThat(cancel.out()).isEqualTo("job " + id + ": cancelled\n");
        Run again = run("jobs", "cancel", id);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("409").contains("has already ended (cancelled)");

        Run show = exactly("jobs", "--url", node.base(), "--api-key", TestNode.ADMIN_KEY, "show", id); // options given to the parent
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("job " + id + " (#").contains("): cancelled").contains("table pets, mode upsert")
                .contains("cancelled before it started");
        Run json = run("jobs", "show", big.out().trim(), "--json");
        assertThat(Json.MAPPER.readTree(json.out()).get("table").asText()).isEqualTo("pets");
        assertThat(run("jobs", "show", "nope").err()).contains("404");
        node.awaitFinal(big.out().trim());
    }

    @Test
    void keysAreCreatedAndRevoked() {
        Run created = run("keys", "create", "--workspace", "cli_acme", "--role", "read", "--name", "reporting");
        assertThat(created.code()).as(created.toString()).isZero();
        String id = line(created.out(), "id: ");
        String key = line(created.out(), "key: ").split(" ")[0];
        assertThat(key).startsWith("frt_");
        assertThat(created.out()).contains("workspace: cli_acme, role: read");
        assertThat(run("tables", "--api-key", key).code()).as("the new key works").isZero();

        Run revoked = run("keys", "revoke", id);
        assertThat(revoked.code()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).isEqualTo("key " + id + " revoked\n");
        Run refused = run("tables", "--api-key", key);
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("401").contains("the key given by --api-key or FREIGHT_API_KEY was refused");

        Run badRole = run("keys", "create", "--role", "owner");
        assertThat(badRole.code()).isEqualTo(1);
        assertThat(badRole.err()).contains("400").contains("role must be admin, write or read");
    }

    @Test
    void tablesAreCreatedFromAColumnList() {
        Run r = run("tables", "create", "accounts", "--columns", "id:integer, email:text not null, balance:decimal(12,2)",
                "--key", "id", "--unique", "email");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("created accounts key(id): id integer, email text, balance decimal\n");
        JsonNode table = node.get("/v1/tables/accounts").json();
        assertThat(table.at("/columns/1/nullable").asBoolean()).isFalse();
        assertThat(table.at("/columns/2/precision").asInt()).isEqualTo(12);
        assertThat(table.at("/uniqueKeys/0/0").asText()).isEqualTo("email");

        Run bad = run("tables", "create", "x", "--columns", "id integer");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("'id integer' is not NAME:TYPE");
        Run taken = run("tables", "create", "accounts", "--columns", "id:integer");
        assertThat(taken.code()).isEqualTo(1);
        assertThat(taken.err()).contains("409");
    }

    @Test
    void refusalsAreReportedWithTheServersReason(@TempDir Path dir) throws Exception {
        Path csv = csv(dir, "people.csv", "id,shoe_size\n1,44\n");
        Run r = run("import", "people", csv.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("import refused: 422").contains("shoe_size");

        Run unknown = run("import", "people", dir.resolve("people.xlsx").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("cannot tell the format");
        Run missing = run("import", "people", dir.resolve("nothing.csv").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("no file");
    }

    private static String id(String importOut) {
        Matcher m = UUID.matcher(importOut);
        assertThat(m.find()).as(importOut).isTrue();
        return m.group();
    }

    private static String line(String text, String prefix) {
        return text.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow().substring(prefix.length());
    }
}
