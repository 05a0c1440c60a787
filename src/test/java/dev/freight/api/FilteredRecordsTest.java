package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/tables/{table}/records/search} and {@code …/records/update}: records chosen by a filter. */
class FilteredRecordsTest extends StoreSuite {
    private static final String INJECTION = "x' OR '1'='1";
    private String sales;
    private String hr;
    private TestNode.Key salesReader;
    private TestNode.Key salesWriter;
    private TestNode.Key reader;
    private TestNode keysOf;

    @BeforeEach
    void keys() {
        if (keysOf == node) return;
        keysOf = node;
        sales = unique("sales");
        hr = unique("hr");
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + sales + "\"}").status()).isEqualTo(201);
        assertThat(node.postJson("/v1/groups", "{\"name\":\"" + hr + "\"}").status()).isEqualTo(201);
        salesReader = node.newKey("default", "read", sales);
        salesWriter = node.newKey("default", "write", sales);
        reader = node.newKey("default", "read");
    }

    /** Rows 1 and 4 are sales, 2 and 5 hr, 3 and 6 of no group; 1, 3, 4 and 6 are open. */
    private String table() {
        String t = unique("tickets");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"status","type":"text"},{"name":"grp","type":"text","role":"group"},
                 {"name":"score","type":"integer"}],"primaryKey":["id"]}""".formatted(t));
        JsonNode job = node.importCsv(t, "", """
                id,name,status,grp,score
                1,ann,open,%1$s,10
                2,bob,closed,%2$s,20
                3,cyd,open,,30
                4,dan,open,%1$s,40
                5,eve,pending,%2$s,50
                6,"%3$s",open,,60
                """.formatted(sales, hr, INJECTION));
        assertThat(job.get("counts").get("failed").asLong()).isZero();
        return t;
    }

    private TestNode.Response search(String t, String body, String key) {
        return node.postJson("/v1/tables/" + t + "/records/search", body, key);
    }

    private TestNode.Response search(String t, String body) {
        return search(t, body, TestNode.ADMIN_KEY);
    }

    private TestNode.Response update(String t, String body, String key) {
        return node.postJson("/v1/tables/" + t + "/records/update", body, key);
    }

    private TestNode.Response update(String t, String body) {
        return update(t, body, TestNode.ADMIN_KEY);
    }

    private static List<Integer> ids(TestNode.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<Integer> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("id").asInt()));
        return out;
    }

    private List<String> statuses(String t) {
        List<String> out = new ArrayList<>();
        node.records(t).forEach(r -> out.add(r.get("id").asInt() + ":" + r.get("status").asText() + ":" + r.get("score").asInt()));
        return out;
    }

    @Test
    void searchCombinesNestedAndOr() {
        String t = table();
        TestNode.Response r = search(t, """
                {"filter":{"and":[{"column":"status","op":"=","value":"open"},
                  {"or":[{"column":"score","op":">=","value":40},{"column":"name","op":"like","value":"a%"}]}]}}""");
        assertThat(ids(r)).containsExactly(1, 4, 6);
        assertThat(r.json().get("total").asLong()).isEqualTo(3);
        JsonNode first = r.json().get("items").get(0);
        assertThat(first.get("name").asText()).isEqualTo("ann");
        assertThat(first.get("score").asInt()).isEqualTo(10);
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"grp\",\"op\":\"isNull\"}}"))).containsExactly(3, 6);
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"status\",\"op\":\"!=\",\"value\":\"open\"}}"))).containsExactly(2, 5);
        assertThat(ids(search(t, "{}"))).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void searchPagesInKeyOrderWithTheTotal() {
        String t = table();
        String filter = "\"filter\":{\"column\":\"status\",\"op\":\"in\",\"value\":[\"open\",\"pending\"]}";
        TestNode.Response page = search(t, "{" + filter + ",\"offset\":1,\"limit\":2}");
        assertThat(ids(page)).containsExactly(3, 4);
        assertThat(page.json().get("total").asLong()).isEqualTo(5);
        assertThat(ids(search(t, "{" + filter + ",\"offset\":4,\"limit\":2}"))).containsExactly(6);
        assertThat(ids(search(t, "{" + filter + ",\"offset\":9}"))).isEmpty();
    }

    @Test
    void aKeyLimitedToGroupsSearchesAndUpdatesOnlyItsRows() {
        String t = table();
        TestNode.Response r = search(t, "{}", salesReader.secret());
        assertThat(ids(r)).containsExactly(1, 3, 4, 6);
        assertThat(r.json().get("total").asLong()).isEqualTo(4);
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":\"bob\"}}", salesReader.secret()))).isEmpty();

        TestNode.Response u = update(t, "{\"filter\":{\"and\":[]},\"set\":{\"score\":0}}", salesWriter.secret());
        assertThat(u.status()).as(u.toString()).isEqualTo(200);
        assertThat(u.json().get("updated").asInt()).isEqualTo(4);
        assertThat(statuses(t)).containsExactly("1:open:0", "2:closed:20", "3:open:0", "4:open:0", "5:pending:50", "6:open:0");
    }

    @Test
    void updateChangesEveryMatchWithinTheLimit() {
        String t = table();
        TestNode.Response u = update(t, """
                {"filter":{"column":"status","op":"=","value":"open"},"set":{"status":"done","score":"7"},"maxMatches":4}""");
        assertThat(u.status()).as(u.toString()).isEqualTo(200);
        assertThat(u.json().get("matched").asInt()).isEqualTo(4);
        assertThat(u.json().get("updated").asInt()).isEqualTo(4);
        assertThat(u.json().get("inserted").asInt()).isZero();
        assertThat(statuses(t)).containsExactly("1:done:7", "2:closed:20", "3:done:7", "4:done:7", "5:pending:50", "6:done:7");

        TestNode.Response none = update(t, "{\"filter\":{\"column\":\"status\",\"op\":\"=\",\"value\":\"open\"},\"set\":{\"score\":1}}");
        assertThat(none.json().get("matched").asInt()).isZero();
        assertThat(none.json().get("updated").asInt()).isZero();
        assertThat(node.records(t)).hasSize(6);
    }

    @Test
    void moreMatchesThanMaxMatchesChangeNothing() {
        String t = table();
        List<String> before = statuses(t);
        TestNode.Response u = update(t, """
                {"filter":{"column":"status","op":"=","value":"open"},"set":{"status":"done"},"maxMatches":3}""");
        assertThat(u.status()).as(u.toString()).isEqualTo(409);
        assertThat(u.header("Content-Type")).startsWith("application/problem+json");
        assertThat(u.json().get("detail").asText()).contains("more than 3 rows");
        assertThat(statuses(t)).isEqualTo(before);
    }

    @Test
    void upsertInsertsOnceThenUpdates() {
        String t = table();
        String body = """
                {"filter":{"column":"name","op":"=","value":"zed"},"set":{"id":7,"name":"zed","status":"new","score":70},"upsert":true}""";
        TestNode.Response first = update(t, body);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("inserted").asInt()).isEqualTo(1);
        assertThat(first.json().get("updated").asInt()).isZero();
        TestNode.Response second = update(t, body);
        assertThat(second.json().get("inserted").asInt()).isZero();
        assertThat(second.json().get("matched").asInt()).isEqualTo(1);
        assertThat(second.json().get("updated").asInt()).isEqualTo(1);
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":\"zed\"}}"))).containsExactly(7);
        assertThat(node.records(t)).hasSize(7);

        TestNode.Response without = update(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":\"yan\"},\"set\":{\"id\":8,\"name\":\"yan\"}}");
        assertThat(without.json().get("inserted").asInt()).isZero();
        assertThat(node.records(t)).hasSize(7);
    }

    @Test
    void valuesAreMatchedVerbatimNeverAsSql() {
        String t = table();
        String injection = "\"x' OR '1'='1\"";
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":" + injection + "}}"))).containsExactly(6);
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":\"' OR 1=1 --\"}}"))).isEmpty();
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"like\",\"value\":\"%' OR '1'='1\"}}"))).containsExactly(6);
        assertThat(ids(search(t, "{\"filter\":{\"column\":\"status\",\"op\":\"in\",\"value\":[\"open'); DROP TABLE x; --\"]}}"))).isEmpty();
        TestNode.Response u = update(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":\"a' OR 'a'='a\"},\"set\":{\"score\":99}}");
        assertThat(u.json().get("matched").asInt()).isZero();
        TestNode.Response set = update(t, "{\"filter\":{\"column\":\"id\",\"op\":\"=\",\"value\":1},\"set\":{\"name\":\"'; DELETE FROM x; --\"}}");
        assertThat(set.json().get("updated").asInt()).isEqualTo(1);
        assertThat(node.records(t)).hasSize(6);
        assertThat(node.records(t).get(0).get("name").asText()).isEqualTo("'; DELETE FROM x; --");
        assertThat(node.records(t).get(1).get("score").asInt()).isEqualTo(20);
    }

    @Test
    void badFiltersAndBodiesAre400sNamingTheField() {
        String t = table();
        assertBad(search(t, "{\"filter\":{\"column\":\"nope\",\"op\":\"=\",\"value\":1}}"), "filter", "no field nope");
        assertBad(search(t, "{\"filter\":{\"column\":\"Status\",\"op\":\"=\",\"value\":\"open\"}}"), "filter", "did you mean status");
        assertBad(search(t, "{\"filter\":{\"and\":[{\"column\":\"name\",\"op\":\"~\",\"value\":\"a\"}]}}"), "filter.and[0].op", "not an operator");
        assertBad(search(t, "{\"filter\":{\"column\":\"score\",\"op\":\">\",\"value\":\"many\"}}"), "filter", "many");
        assertBad(search(t, "{\"filter\":{\"column\":\"score\",\"op\":\"like\",\"value\":\"1%\"}}"), "filter", "text");
        assertBad(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"isNull\",\"value\":\"a\"}}"), "filter.value", "no value");
        assertBad(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\"}}"), "filter.value", "required");
        assertBad(search(t, "{\"filter\":{\"column\":\"name\",\"op\":\"=\",\"value\":{\"a\":1}}}"), "filter.value", "string");
        assertBad(search(t, "{\"filter\":{\"and\":[],\"or\":[]}}"), "filter", "only one");
        assertBad(search(t, "{\"filter\":[],\"limit\":1}"), "filter", "object");
        assertBad(search(t, "{\"limit\":1001}"), "limit", "1000");
        assertBad(search(t, "{\"fitler\":{}}"), "fitler", "not a property");
        assertBad(update(t, "{\"set\":{\"score\":1}}"), "filter", "required");
        assertBad(update(t, "{\"filter\":{\"and\":[]},\"set\":{}}"), "set", "at least one");
        assertBad(update(t, "{\"filter\":{\"and\":[]},\"set\":{\"nope\":1}}"), "values", "nope");
        assertBad(update(t, "{\"filter\":{\"and\":[]},\"set\":{\"score\":1},\"maxMatches\":10001}"), "maxMatches", "10000");
        assertBad(update(t, "{\"filter\":{\"and\":[]},\"set\":{\"score\":1},\"upsert\":\"yes\"}"), "upsert", "true or false");

        TestNode.Response readOnly = update(t, "{\"filter\":{\"and\":[]},\"set\":{\"score\":1}}", reader.secret());
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(node.postJson("/v1/tables/nope/records/search", "{}").status()).isEqualTo(404);
        assertThat(statuses(t)).containsExactly("1:open:10", "2:closed:20", "3:open:30", "4:open:40", "5:pending:50", "6:open:60");
    }

    private static void assertBad(TestNode.Response r, String field, String words) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("detail").asText()).as(r.toString()).containsIgnoringCase(words);
        assertThat(r.json().get("errors").get(0).get("field").asText()).as(r.toString()).isEqualTo(field);
    }
}
