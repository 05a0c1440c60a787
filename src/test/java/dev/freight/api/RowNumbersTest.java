package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docs/api.md#row-numbers: every row result carries its {@code index} (from 0 among the data rows)
 * and its {@code line} (where it starts in the body, from 1), in every input format, as JSON and
 * as CSV; counts are worded as counts ("1 row failed").
 */
class RowNumbersTest extends StoreSuite {

    private String table() {
        String t = unique("numbered");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"note\",\"type\":\"text\"},"
                + "{\"name\":\"n\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        return t;
    }

    private List<String> numbers(JsonNode job) {
        return node.results(job.get("id").asText()).stream()
                .map(r -> r.get("index").asInt() + "@" + r.get("line").asInt() + ":" + r.get("outcome").asText()).toList();
    }

    @Test
    void csvRowsAreNumberedByIndexAndByTheLineTheyStartOn() {
        String t = table();
        // the header is line 1; the first row's quoted note takes lines 2 and 3
        JsonNode job = node.importCsv(t, "", "id,note,n\n1,\"two\nlines\",1\n2,x,bad\n3,y,3\n");
        assertThat(numbers(job)).containsExactly("0@2:inserted", "1@4:failed", "2@5:inserted");
        TestNode.Response csv = node.send("GET", "/v1/jobs/" + job.get("id").asText() + "/results?outcome=failed",
                TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null);
        assertThat(csv.body().lines().toList()).containsExactly("id,note,n,_line,_index,_outcome,_error",
                "2,x,bad,4,1,failed,column n: 'bad' is not an integer");
    }

    @Test
    void ndjsonAndJsonArrayRowsCarryTheirLinesToo() {
        String t = table();
        JsonNode nd = node.importBody(t, "", "application/x-ndjson", "{\"id\":1,\"n\":1}\n\n{\"id\":2,\"n\":\"bad\"}\n");
        assertThat(numbers(nd)).containsExactly("0@1:inserted", "1@3:failed");
        JsonNode array = node.importBody(t, "", "application/json", "[\n  {\"id\": 3, \"n\": 3},\n  {\"id\": 4,\n   \"n\": \"bad\"}\n]");
        assertThat(numbers(array)).containsExactly("0@2:inserted", "1@3:failed");
        TestNode.Response csv = node.send("GET", "/v1/jobs/" + array.get("id").asText() + "/results",
                TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null);
        assertThat(csv.body().lines().toList()).containsExactly("id,n,_line,_index,_outcome,_error", "3,3,2,0,inserted,",
                "4,bad,3,1,failed,column n: 'bad' is not an integer");
    }

    @Test
    void countsAreWordedAsCounts() {
        String t = table();
        JsonNode one = node.importCsv(t, "", "id,n\n1,1\n");
        assertThat(one.get("events").get(one.get("events").size() - 1).get("message").asText())
                .startsWith("completed: 1 row: 1 inserted");
        // 10% of 5 rows: one failed row is past it
        JsonNode failed = node.importCsv(t, "errorThreshold=10%25", "id,n\n1,1\n2,2\n3,x\n4,4\n5,5\n");
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).isEqualTo("error threshold exceeded: 1 row failed (threshold 10%)");
    }

    @Test
    void theRowCountIsKnownWhenTheJobIsAcceptedForASmallBody() {
        String t = table();
        TestNode.Response accepted = node.post("/v1/tables/" + t + "/imports", "text/csv", "id,n\n1,1\n2,2\n3,\"x\ny\"\n", TestNode.ADMIN_KEY);
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        assertThat(accepted.json().at("/counts/requested").asLong()).isEqualTo(3);
        JsonNode done = node.awaitFinal(accepted.json().get("id").asText());
        assertThat(done.at("/counts/requested").asLong()).isEqualTo(3);
        assertThat(done.at("/counts/processed").asLong()).isEqualTo(3);
        // an NDJSON line that is no object is a row too
        TestNode.Response nd = node.post("/v1/tables/" + t + "/imports", "application/x-ndjson", "{\"id\":7}\n[1]\n{\"id\":8}\n", TestNode.ADMIN_KEY);
        assertThat(nd.json().at("/counts/requested").asLong()).isEqualTo(3);
        assertThat(node.awaitFinal(nd.json().get("id").asText()).at("/counts/processed").asLong()).isEqualTo(3);
        // only lines that are no object: each a failed row, counted all the same
        TestNode.Response none = node.post("/v1/tables/" + t + "/imports", "application/x-ndjson", "[1]\n[2]\n3\n", TestNode.ADMIN_KEY);
        assertThat(none.json().at("/counts/requested").asLong()).as("%s", none).isEqualTo(3);
        assertThat(node.awaitFinal(none.json().get("id").asText()).at("/counts/failed").asLong()).isEqualTo(3);
    }
}
