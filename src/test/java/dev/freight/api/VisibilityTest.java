package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One visibility rule on every read path (records, results as JSON and CSV, the job and its
 * events, D·engage GetStatus, Yesmail async results): a password is never returned to any key,
 * and a key limited to groups reads only the rows of its groups or of none.
 */
class VisibilityTest extends StoreSuite {
    private String sales;
    private String hr;
    private TestNode.Key salesKey;
    private TestNode.Key readKey;

    /** id, name, grp (group), pw (password), score: rows 1 and 4 are sales, 2 and 5 hr, 3 of no group; 2 and 4 fail. */
    private static final String ROWS = """
            id,name,grp,pw,score
            1,ann,%1$s,pw-one,10
            2,bob,%2$s,pw-two,hr-secret
            3,cyd,,pw-three,30
            4,dan,%1$s,pw-four,sales-bad
            5,eve,%2$s,pw-five,50
            """;

    private TestNode keysOf; // the node the keys were made on (one per store)

    @BeforeEach
    void keys() {
        if (keysOf == node) return;
        keysOf = node;
        sales = unique("sales");
        hr = unique("hr");
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + sales + "\"}").status()).isEqualTo(201);
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + hr + "\"}").status()).isEqualTo(201);
        salesKey = node.newKey("default", "read", sales);
        readKey = node.newKey("default", "read");
    }

    private String table() {
        String t = unique("people");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"grp","type":"text","role":"group"},{"name":"pw","type":"text","role":"password"},
                 {"name":"score","type":"integer"}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    private String rows() {
        return ROWS.formatted(sales, hr);
    }

    private static List<Integer> indexes(JsonNode items) {
        List<Integer> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get("index").asInt()));
        return out;
    }

    private static void noPasswords(String body) {
        assertThat(body).doesNotContain("pw-").doesNotContain("\"pw\"");
    }

    @Test
    void recordsShowNoPasswordAndOnlyTheKeysGroups() {
        String t = table();
        node.importCsv(t, "", rows());
        JsonNode items = node.get("/v1/tables/" + t + "/records", salesKey.secret()).json().get("items");
        assertThat(items).extracting(r -> r.get("id").asInt()).containsExactly(1, 3); // 4 failed, 2 and 5 are hr
        String csv = node.send("GET", "/v1/tables/" + t + "/records", salesKey.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(csv.lines().toList()).containsExactly("id,name,grp,score", "1,ann," + sales + ",10", "3,cyd,,30");
        noPasswords(node.get("/v1/tables/" + t + "/records", readKey.secret()).body());
        noPasswords(node.send("GET", "/v1/tables/" + t + "/records", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null).body());
    }

    @Test
    void resultsAsJsonShowOnlyTheRowsTheKeyReads() {
        String t = table();
        String job = node.importCsv(t, "", rows()).get("id").asText();
        TestNode.Response limited = node.get("/v1/jobs/" + job + "/results", salesKey.secret());
        assertThat(indexes(limited.json().get("items"))).containsExactly(0, 2, 3);
        assertThat(limited.body()).doesNotContain("hr-secret");
        assertThat(indexes(node.get("/v1/jobs/" + job + "/results?outcome=failed", salesKey.secret()).json().get("items"))).containsExactly(3);
        // pages of a limited key: the cursor is the last index it read
        JsonNode first = node.get("/v1/jobs/" + job + "/results?limit=2", salesKey.secret()).json();
        assertThat(indexes(first.get("items"))).containsExactly(0, 2);
        JsonNode second = node.get("/v1/jobs/" + job + "/results?limit=2&after=" + first.get("next").asText(), salesKey.secret()).json();
        assertThat(indexes(second.get("items"))).containsExactly(3);
        assertThat(second.get("next").isNull()).isTrue();

        TestNode.Response all = node.get("/v1/jobs/" + job + "/results", readKey.secret());
        assertThat(indexes(all.json().get("items"))).containsExactly(0, 1, 2, 3, 4);
        assertThat(all.json().at("/items/1/error").asText()).isEqualTo("column score: 'hr-secret' is not an integer");
        noPasswords(all.body());
    }

    @Test
    void resultsAsCsvGiveTheOriginalRowsWithoutPasswordsAndOnlyTheKeysGroups() {
        String t = table();
        String job = node.importCsv(t, "", rows()).get("id").asText();
        String limited = node.send("GET", "/v1/jobs/" + job + "/results", salesKey.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(limited.lines().toList()).containsExactly(
                "id,name,grp,score,_line,_index,_outcome,_error",
                "1,ann," + sales + ",10,2,0,inserted,",
                "3,cyd,,30,4,2,inserted,",
                "4,dan," + sales + ",sales-bad,5,3,failed,column score: 'sales-bad' is not an integer");
        String all = node.send("GET", "/v1/jobs/" + job + "/results", readKey.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(all.lines()).hasSize(6).first().isEqualTo("id,name,grp,score,_line,_index,_outcome,_error");
        assertThat(all).contains("hr-secret");
        noPasswords(all);
        noPasswords(node.send("GET", "/v1/jobs/" + job + "/results", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null).body());
        // a mapped field feeding the password column is left out under its own name
        String mapped = node.importCsv(t, "map.pw=secret", "id,name,secret\n9,zed,pw-mapped\n").get("id").asText();
        String out = node.send("GET", "/v1/jobs/" + mapped + "/results", readKey.secret(), Map.of("Accept", "text/csv"), null).body();
        assertThat(out.lines().toList()).containsExactly("id,name,_line,_index,_outcome,_error", "9,zed,2,0,inserted,");
    }

    @Test
    void aRowErrorNeverQuotesAPassword() {
        String t = unique("pins");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"pin","type":"integer","role":"password"},
                 {"name":"score","type":"integer"}],"primaryKey":["id"]}""".formatted(t));
        if (kind == StoreKind.POSTGRESQL) node.sql("ALTER TABLE public." + t + " ADD CONSTRAINT positive CHECK (score >= 0)");
        String job = node.importCsv(t, "", "id,pin,score\n1,pin-secret,1\n2,4242,-1\n").get("id").asText();
        TestNode.Response r = node.get("/v1/jobs/" + job + "/results", TestNode.ADMIN_KEY);
        assertThat(r.json().at("/items/0/error").asText()).isEqualTo("column pin: the value is not an integer");
        assertThat(r.body()).doesNotContain("pin-secret").doesNotContain("4242");
        if (kind == StoreKind.POSTGRESQL) assertThat(r.json().at("/items/1/error").asText()).contains("positive");
    }

    @Test
    void theJobAndItsEventsQuoteNoRowOfAnotherGroup() {
        String t = table();
        String job = node.importCsv(t, "atomic=true", "id,name,grp,score\n1,ann," + sales + ",1\n2,bob," + hr + ",hr-atomic-secret\n")
                .get("id").asText();
        TestNode.Response j = node.get("/v1/jobs/" + job, salesKey.secret());
        assertThat(j.json().get("state").asText()).isEqualTo("failed");
        assertThat(j.json().get("error").asText()).contains("atomic").contains("the row at line 3 (index 1)");
        assertThat(j.body()).doesNotContain("hr-atomic-secret");
        assertThat(node.get("/v1/jobs?table=" + t, salesKey.secret()).body()).doesNotContain("hr-atomic-secret");
        TestNode.Response events = node.get("/v1/jobs/" + job + "/events", salesKey.secret());
        assertThat(events.body()).contains("event: state").doesNotContain("hr-atomic-secret");
        // the row's result still says why, to a key that reads it
        assertThat(node.get("/v1/jobs/" + job + "/results?outcome=failed", readKey.secret()).body()).contains("hr-atomic-secret");
        assertThat(node.get("/v1/jobs/" + job + "/results?outcome=failed", salesKey.secret()).body()).doesNotContain("hr-atomic-secret");
    }

    @Test
    void dengageGetStatusListsOnlyTheFailedRowsTheKeyReads() {
        String t = table();
        String file = rows().replace(',', ';');
        TestNode.Response accepted = node.send("POST", "/rest/dataspace/async/upsert", TestNode.ADMIN_KEY,
                Map.of("Content-Type", "application/json"), HttpRequest.BodyPublishers.ofString("{\"tableName\":\"" + t
                        + "\",\"fileContent\":\"" + Base64.getEncoder().encodeToString(file.getBytes(StandardCharsets.UTF_8)) + "\"}"));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String uuid = accepted.json().get("uuid").asText();
        node.awaitFinal(uuid);
        JsonNode limited = node.get("/rest/dataspace/async/upsert/" + uuid, salesKey.secret()).json();
        assertThat(limited.get("errors")).extracting(e -> e.get("rowNumber").asInt()).containsExactly(5); // dan, line 5
        assertThat(limited.toString()).doesNotContain("hr-secret");
        JsonNode all = node.get("/rest/dataspace/async/upsert/" + uuid, readKey.secret()).json();
        assertThat(all.get("errors")).extracting(e -> e.get("rowNumber").asInt()).containsExactly(3, 5);
        noPasswords(all.toString());
    }

    @Test
    void yesmailAsyncResultsListOnlyTheRecordsTheKeyReads() {
        String t = table();
        String records = """
                {"importType":"update","records":[
                 {"id":1,"name":"ann","grp":"%1$s","pw":"pw-one","score":10},
                 {"id":2,"name":"bob","grp":"%2$s","pw":"pw-two","score":"hr-secret"},
                 {"id":3,"name":"cyd","pw":"pw-three","score":30},
                 {"id":4,"name":"dan","grp":"%1$s","pw":"pw-four","score":"sales-bad"},
                 {"id":5,"name":"eve","grp":"%2$s","pw":"pw-five","score":50}]}""".formatted(sales, hr);
        TestNode.Response accepted = node.send("POST", "/v2/reference-data/" + t + "/records/import", null,
                Map.of("Content-Type", "application/json", "Api-User", "default", "Api-Key", TestNode.ADMIN_KEY),
                HttpRequest.BodyPublishers.ofString(records));
        assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
        String id = accepted.json().get("id").asText();
        node.awaitFinal(id);
        String query = "/v2/async-results/" + id + "?completed=true&failed=true&ignored=true";
        TestNode.Response limited = node.send("GET", query, null, Map.of("Api-User", "default", "Api-Key", salesKey.secret()), null);
        assertThat(indexes(limited.json().get("completed"))).containsExactly(0, 2);
        assertThat(indexes(limited.json().get("failed"))).containsExactly(3);
        assertThat(limited.body()).doesNotContain("hr-secret");
        TestNode.Response all = node.send("GET", query, null, Map.of("Api-User", "default", "Api-Key", readKey.secret()), null);
        assertThat(indexes(all.json().get("completed"))).containsExactly(0, 2, 4);
        assertThat(indexes(all.json().get("failed"))).containsExactly(1, 3);
        noPasswords(all.body());
    }
}
