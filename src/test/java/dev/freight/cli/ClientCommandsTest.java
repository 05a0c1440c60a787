package dev.freight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.Main;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The client commands against a real node: import a file and follow it, list jobs and tables. */
class ClientCommandsTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(StoreKind.SQLITE);
        node.createTable("{\"name\":\"people\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"age\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private record Run(int code, String out, String err) {}

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
        String[] all = new String[args.length + 3];
        all[0] = args[0];
        all[1] = "--url";
        all[2] = node.base();
        all[3] = "--api-key=" + TestNode.ADMIN_KEY;
        System.arraycopy(args, 1, all, 4, args.length - 1); // the command, then the server options, then its own
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void importFollowsTheJobAndShowsFailedRows(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,age\n1,30\n2,old\n3,40\n");
        Run r = run("import", "people", csv.toString(), "--mode", "upsert");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("completed: 2 inserted, 0 updated, 0 unchanged, 0 ignored, 0 deleted, 1 failed")
                .contains("row 1: column age: 'old' is not an integer");
        assertThat(node.records("people")).hasSize(2);

        node.createTable("{\"name\":\"pets\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        node.importCsv("pets", "", "id\n1\n");
        Run jobs = run("jobs", "--table", "people");
        assertThat(jobs.code()).isZero();
        assertThat(jobs.out()).contains("people").contains("completed").doesNotContain("pets"); // --table filters
        assertThat(run("jobs").out()).contains("people").contains("pets");

        Run tables = run("tables");
        assertThat(tables.out()).contains("people key(id): id integer, age integer");
    }

    @Test
    void refusalsAreReportedWithTheServersReason(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("people.csv");
        Files.writeString(csv, "id,shoe_size\n1,44\n");
        Run r = run("import", "people", csv.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("import refused: 422").contains("shoe_size");

        Run unknown = run("import", "people", dir.resolve("people.xlsx").toString());
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("cannot tell the format");
    }
}
