package dev.freight.compat.hexabase;

import static dev.freight.compat.hexabase.Hexabase.fields;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code _group_id_} publishes an item to an access group; a key limited to a group reads only
 * the items published to it (or to none, as API.md's groups have it) on every read path: records,
 * /v1 results as JSON and CSV, the Hexabase answers, results and stream, D·engage's GetStatus and
 * Yesmail's async results.
 */
class HexabaseGroupsTest extends StoreSuite {
    private Hexabase hx;
    private String sales;
    private String hr;
    private TestNode.Key salesReader;
    private TestNode.Key salesWriter;
    private TestNode keysOf;

    /** Lines 2-7: ann (sales), bob (hr, fails), cyd (no group), dan (sales, fails), eve (hr), fay (unknown group: fails). */
    private static final String CSV = """
            id,name,_group_id_,score
            1,ann,%1$s,10
            2,bob,%2$s,hr-secret
            3,cyd,,30
            4,dan,%1$s,sales-bad
            5,eve,%2$s,50
            6,fay,no_such_group,60
            """;

    @BeforeEach
    void setUp() {
        hx = new Hexabase(node);
        if (keysOf == node) return;
        keysOf = node;
        sales = unique("sales");
        hr = unique("hr");
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + sales + "\"}").status()).isEqualTo(201);
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + hr + "\"}").status()).isEqualTo(201);
        salesReader = node.newKey("default", "read", sales);
        salesWriter = node.newKey("default", "write", sales);
    }

    private String table() {
        String t = unique("people");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"grp","type":"text","role":"group"},{"name":"score","type":"integer"}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    private String csv() {
        return CSV.formatted(sales, hr);
    }

    private static List<Long> rows(JsonNode errors) {
        List<Long> out = new ArrayList<>();
        errors.forEach(e -> out.add(e.get("row").asLong()));
        return out;
    }

    @Test
    void groupIdPublishesTheItemAndAnUnknownGroupFailsIt() {
        String t = table();
        JsonNode b = Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), csv()));
        assertThat(b.at("/result/imported").asLong()).isEqualTo(3);
        assertThat(rows(b.get("errors"))).containsExactly(3L, 5L, 7L);
        assertThat(b.at("/errors/2/description").asText()).contains("no_such_group").contains("group");
        List<JsonNode> all = node.records(t);
        assertThat(all).extracting(r -> r.get("id").asInt() + ":" + r.get("grp").asText())
                .containsExactly("1:" + sales, "3:", "5:" + hr);
        // publishing again moves an item to another group
        Hexabase.applied(hx.importItems(t, fields("no_queue", "true"), "id,_group_id_\n5," + sales + "\n"));
        assertThat(node.records(t).get(2).get("grp").asText()).isEqualTo(sales);
    }

    @Test
    void aGroupLimitedKeyNeverSeesAnItemPublishedToAnotherGroupOnAnyReadPath() {
        String t = table();
        // the no_queue answer to a key limited to sales: only the errors of its items
        JsonNode sync = Hexabase.applied(hx.importItems(salesWriter.secret(), "default", t, fields("no_queue", "true"), csv()));
        assertThat(rows(sync.get("errors"))).containsExactly(5L);
        assertThat(sync.toString()).doesNotContain("hr-secret").doesNotContain("no_such_group");

        JsonNode q = Hexabase.queued(hx.importItems(t, fields("no_queue", "false"), csv().replace("1,ann", "11,ann")));
        String temp = q.get("temp_datastore_id").asText();
        String job = q.get("stream_id").asText();
        JsonNode full = hx.awaitResults(temp);
        assertThat(rows(full.get("errors"))).containsExactly(3L, 5L, 7L);

        // records, JSON and CSV
        JsonNode items = node.get("/v1/tables/" + t + "/records", salesReader.secret()).json().get("items");
        assertThat(items).extracting(r -> r.get("id").asInt()).containsExactly(1, 3, 11);
        String csvOut = node.send("GET", "/v1/tables/" + t + "/records", salesReader.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(csvOut.lines().skip(1).map(l -> l.split(",")[0]).toList()).containsExactly("1", "3", "11");
        assertThat(csvOut).doesNotContain(hr);

        // /v1 results, JSON and CSV
        JsonNode results = node.get("/v1/jobs/" + job + "/results", salesReader.secret()).json().get("items");
        assertThat(results).extracting(r -> r.get("index").asInt()).containsExactly(0, 2, 3);
        String resultsCsv = node.send("GET", "/v1/jobs/" + job + "/results", salesReader.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(resultsCsv).doesNotContain("hr-secret").doesNotContain("eve").doesNotContain("no_such_group");

        // Hexabase results and stream
        JsonNode limited = node.get("/api/v0/imports/" + temp + "/results", salesReader.secret()).json();
        assertThat(rows(limited.get("errors"))).containsExactly(5L);
        assertThat(limited.toString()).doesNotContain("hr-secret");
        String stream = node.get("/api/v0/imports/streams/" + job, salesReader.secret()).body();
        assertThat(stream).contains("completed").doesNotContain("hr-secret").doesNotContain(hr);

        // D·engage GetStatus and Yesmail async results of the same job
        JsonNode status = node.get("/rest/dataspace/async/upsert/" + job, salesReader.secret()).json();
        assertThat(status.get("errors")).extracting(e -> e.get("rowNumber").asLong()).containsExactly(5L);
        assertThat(status.toString()).doesNotContain("hr-secret");
        TestNode.Response ym = node.send("GET", "/v2/async-results/" + job + "?failed=true&completed=true", null,
                Map.of("Api-User", "default", "Api-Key", salesReader.secret()), null);
        assertThat(ym.status()).as("%s", ym).isEqualTo(200);
        assertThat(ym.json().get("failed")).extracting(e -> e.get("index").asInt()).containsExactly(3);
        assertThat(ym.json().get("completed")).extracting(e -> e.get("index").asInt()).containsExactly(0, 2);
        assertThat(ym.body()).doesNotContain("hr-secret");

        // a key of no group reads everything
        TestNode.Key reader = node.newKey("default", "read");
        assertThat(node.get("/v1/tables/" + t + "/records", reader.secret()).json().get("items")).hasSize(4);
        assertThat(rows(node.get("/api/v0/imports/" + temp + "/results", reader.secret()).json().get("errors"))).containsExactly(3L, 5L, 7L);
    }
}
