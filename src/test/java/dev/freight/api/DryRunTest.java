package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code dryRun=true}: every row's outcome and message as the real run that follows gives them,
 * the counts likewise, and the table untouched (every row read before and after), on both stores.
 */
class DryRunTest extends StoreSuite {

    @Override
    protected int chunkSize() {
        return 100; // the larger files cross many chunk boundaries
    }

    /** A table with a unique key besides its primary key, holding rows 1..3. */
    private String seeded() {
        String t = unique("dry");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"email","type":"text"},
                 {"name":"score","type":"integer","default":7}],"primaryKey":["id"],"uniqueKeys":[["email"]]}""".formatted(t));
        JsonNode job = node.importCsv(t, "mode=insert", "id,email,score\n1,a@x,10\n2,b@x,20\n3,c@x,30\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        return t;
    }

    /** Every row of the table, in key order: the checksum the dry run must leave as it was. */
    private String snapshot(String table) {
        return node.records(table).toString();
    }

    /** Each row's index, line, outcome, key and message, as a person compares two runs. */
    private List<String> results(JsonNode job) {
        return node.results(job.get("id").asText()).stream()
                .map(r -> r.path("index").asText() + "@" + r.path("line").asText() + " " + r.get("outcome").asText() + " "
                        + r.path("key") + " " + r.path("error").asText("") + r.path("warning").asText(""))
                .toList();
    }

    /** Runs {@code csv} as a dry run and then for real; checks they agree and the dry run wrote nothing. */
    private JsonNode dryThenReal(String table, String query, String csv) {
        String before = snapshot(table);
        JsonNode dry = node.importCsv(table, query + "&dryRun=true", csv);
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(snapshot(table)).as("the table after the dry run").isEqualTo(before);
        JsonNode real = node.importCsv(table, query, csv);
        assertThat(real.get("dryRun").asBoolean()).isFalse();
        assertThat(results(dry)).as("row results").isEqualTo(results(real));
        assertThat(dry.get("counts")).as("counts").isEqualTo(real.get("counts"));
        assertThat(dry.get("state")).isEqualTo(real.get("state"));
        assertThat(dry.get("error")).isEqualTo(real.get("error"));
        return dry;
    }

    private static final String MIXED = """
            id,email,score
            1,a@x,10
            2,B@x,
            4,d@x,40
            5,e@x,abc
            4,d2@x,41
            6,a@x,60
            """;

    @ParameterizedTest
    @ValueSource(strings = {"insert", "upsert", "replace", "ignore", "update", "delete", "replace_all"})
    void everyModesDryRunGivesTheRealRunsOutcomesAndWritesNothing(String mode) {
        String t = seeded();
        JsonNode dry = dryThenReal(t, "mode=" + mode, MIXED);
        assertThat(dry.at("/counts/processed").asLong()).isEqualTo(6);
        assertThat(dry.get("state").asText()).isEqualTo("completed");
        assertThat(dry.get("events").toString()).contains("dry run");
    }

    @Test
    void outcomesForAnUpsertNameEachCase() {
        String t = seeded();
        JsonNode dry = dryThenReal(t, "mode=upsert", MIXED);
        List<String> r = results(dry);
        assertThat(r.get(0)).startsWith("0@2 unchanged");
        assertThat(r.get(1)).startsWith("1@3 updated");
        assertThat(r.get(2)).startsWith("2@4 inserted");
        assertThat(r.get(3)).startsWith("3@5 failed").contains("column score: 'abc' is not an integer");
        assertThat(r.get(4)).as("the same key twice in the file").startsWith("4@6 updated");
        assertThat(r.get(5)).as("another row's email: the unique key the database enforces").startsWith("5@7 failed")
                .contains("email");
    }

    @Test
    void deleteMarkersAndAtomicRollback() {
        String t = seeded();
        dryThenReal(t, "mode=upsert", "id,email,_delete_\n1,,true\n9,z@x,\n2,,yes\n");
        assertThat(snapshot(t)).doesNotContain("a@x").contains("z@x");

        String u = seeded();
        JsonNode atomic = dryThenReal(u, "mode=upsert&atomic=true", MIXED);
        assertThat(atomic.get("state").asText()).isEqualTo("failed");
        assertThat(atomic.get("error").asText()).startsWith("atomic import rolled back: the row at line 5 (index 3) failed");
        assertThat(results(atomic)).allMatch(r -> r.contains(" failed "));

        String v = seeded();
        JsonNode clean = dryThenReal(v, "mode=upsert&atomic=true", "id,email\n7,g@x\n1,a2@x\n");
        assertThat(clean.at("/counts/inserted").asLong()).isEqualTo(1);
        assertThat(snapshot(v)).contains("g@x", "a2@x");
    }

    @Test
    void anErrorThresholdStopsTheDryRunWhereTheRealRunStops() {
        String t = seeded();
        StringBuilder csv = new StringBuilder("id,email,score\n");
        for (int i = 10; i < 1010; i++) csv.append(i).append(",m").append(i).append("@x,").append(i % 50 == 0 ? "bad" : i).append('\n');
        JsonNode dry = dryThenReal(t, "mode=upsert&errorThreshold=5", csv.toString());
        assertThat(dry.get("state").asText()).isEqualTo("failed");
        assertThat(dry.get("error").asText()).startsWith("error threshold exceeded: 6 rows failed");
    }

    @Test
    void aLargeFileCrossesChunkBoundariesAndLaterChunksSeeEarlierOnes() {
        String t = seeded();
        StringBuilder csv = new StringBuilder("id,email,score\n");
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            int id = i % 10_000 + 1; // every key three times, chunks apart: inserted, then updated, then unchanged
            int pass = i / 10_000;
            csv.append(id).append(",e").append(id).append("@x,").append(pass == 0 ? 1 : 2).append('\n');
        }
        JsonNode dry = dryThenReal(t, "mode=upsert", csv.toString());
        assertThat(dry.at("/counts/processed").asLong()).isEqualTo(n);
        assertThat(dry.at("/counts/requested").asLong()).isEqualTo(n);
        assertThat(dry.at("/counts/inserted").asLong()).isEqualTo(10_000 - 3);
        assertThat(dry.at("/counts/unchanged").asLong()).isEqualTo(10_000);
        assertThat(node.records(t)).hasSize(10_000);
    }

    @Test
    void aCancelledDryRunAppliesNothingAndADryRunQueuesBehindTheTablesJobs() {
        String t = seeded();
        String before = snapshot(t);
        StringBuilder csv = new StringBuilder("id,email,score\n");
        for (int i = 10; i < 200_010; i++) csv.append(i).append(",c").append(i).append("@x,1\n");
        String id = node.post("/v1/tables/" + t + "/imports?dryRun=true", "text/csv", csv.toString(), TestNode.ADMIN_KEY)
                .json().get("id").asText();
        for (int i = 0; i < 200 && !node.get("/v1/jobs/" + id).json().get("state").asText().equals("running"); i++) sleep(25);
        node.postJson("/v1/jobs/" + id + "/cancel", "");
        JsonNode done = node.awaitFinal(id);
        assertThat(done.get("state").asText()).isIn("cancelled", "completed"); // a fast machine may finish first
        if (done.get("state").asText().equals("cancelled")) assertThat(done.get("error").isNull() || done.get("error").asText().contains("nothing")).isTrue();
        assertThat(snapshot(t)).isEqualTo(before);

        // a real import and a dry run sent right after it: the dry run plans against what the import left
        JsonNode real = node.post("/v1/tables/" + t + "/imports?mode=upsert", "text/csv", "id,email\n50,new@x\n", TestNode.ADMIN_KEY).json();
        JsonNode after = node.importCsv(t, "mode=insert&dryRun=true", "id,email\n50,other@x\n");
        assertThat(node.awaitFinal(real.get("id").asText()).get("state").asText()).isEqualTo("completed");
        assertThat(results(after).get(0)).contains("failed");
        assertThat(after.get("dryRun").asBoolean()).isTrue();
    }
}
