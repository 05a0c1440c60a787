package dev.freight.compat.contractinsight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** CobbleStone ContractInsight's Upsert, Update, Add and Get (COMPAT.md §3) over HTTP, on every store. */
class ContractInsightTest extends StoreSuite {

    // ---------------------------------------------------------------- helpers

    private TestNode.Response call(String entity, String verb, String key, String json) {
        Map<String, String> headers = key == null ? Map.of("Content-Type", "application/json")
                : Map.of("Content-Type", "application/json", "Authorization", "Bearer " + key);
        return node.send("POST", "/CSSAPI/V2/" + entity + "/" + verb, null, headers, HttpRequest.BodyPublishers.ofString(json));
    }

    private TestNode.Response call(String entity, String verb, String json) {
        return call(entity, verb, TestNode.ADMIN_KEY, json);
    }

    /** The seed's Customers table: an identity key, the out-of-the-box date, a GUID, a password and a field set once. */
    private String customers() {
        String t = unique("Customers");
        node.createTable("""
                {"name":"%s","columns":[
                  {"name":"CustomerID","type":"integer","autonumber":true,"nullable":false},
                  {"name":"VendorName","type":"text"},{"name":"City","type":"text"},
                  {"name":"Amount","type":"decimal","precision":10,"scale":2},{"name":"Active","type":"boolean"},
                  {"name":"DateCreated","type":"timestamp"},{"name":"RowGuid","type":"uuid"},
                  {"name":"Secret","type":"text","role":"password"},{"name":"Origin","type":"text","updatable":false}],
                 "primaryKey":["CustomerID"]}""".formatted(t));
        return t;
    }

    private static String upsert(String tuples, String clause, boolean multi) {
        return """
                {"Tuples": %s, "Clause": %s, "AllowMultiUpdate": %s, "TriggerWorkflow": false}""".formatted(tuples, clause, multi);
    }

    private static String where(String field, String op, String value) {
        return """
                {"Logic":"And","Conditions":[{"Field":"%s","Operator":"%s","Value":%s}],"Groups":[]}""".formatted(field, op, value);
    }

    private long add(String t, String tuple) {
        TestNode.Response r = call(t, "Add", "{\"Tuple\": " + tuple + "}");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(fields(r.json())).containsExactly("GeneratedId", "Message");
        assertThat(r.json().get("Message").asText()).isEqualTo("Success");
        return r.json().get("GeneratedId").asLong();
    }

    private List<JsonNode> get(String t, String clause) {
        TestNode.Response r = call(t, "Get", "{\"Clause\": " + clause + "}");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("Records").forEach(out::add);
        return out;
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void updated(TestNode.Response r, int status, long affected, String message) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(fields(r.json())).containsExactly("TotalAffected", "TotalFailed", "Message");
        assertThat(r.json().get("TotalAffected").asLong()).isEqualTo(affected);
        assertThat(r.json().get("TotalFailed").asLong()).isZero();
        if (message == null) assertThat(r.json().get("Message").isNull()).as("%s", r).isTrue();
        else assertThat(r.json().get("Message").asText()).contains(message);
    }

    /** An error in ContractInsight's shape: LogId (a uuid), Message, Exception; never a stack trace. */
    private static void error(TestNode.Response r, int status, String... contains) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(fields(r.json())).containsExactly("LogId", "Message", "Exception");
        UUID.fromString(r.json().get("LogId").asText());
        if (contains.length > 0) assertThat(r.json().get("Message").asText()).contains(contains);
        assertThat(r.json().get("Exception").asText()).isNotBlank().doesNotContain("at dev.", "java.", "Exception:");
        assertThat(r.body()).doesNotContain("\tat ", "org.postgresql", "org.sqlite", "SELECT", "UPDATE ");
    }

    private static final String FIVE_ACME = """
            [{"Name":"VendorName","Value":"Acme"},{"Name":"City","Value":"Oslo"}]""";

    // ---------------------------------------------------------------- the seed's three tasks

    @Test
    void theSeedsTasksUpdateManyRefuseManyAndInsert() {
        String t = customers();
        for (int i = 1; i <= 5; i++) assertThat(add(t, FIVE_ACME)).isEqualTo(i);
        add(t, "[{\"Name\":\"VendorName\",\"Value\":\"Other\"},{\"Name\":\"City\",\"Value\":\"Rome\"}]");
        String tuples = "[{\"Name\":\"VendorName\",\"Value\":\"Acme\"},{\"Name\":\"City\",\"Value\":\"Bergen\"}]";

        // task 2: five matches, AllowMultiUpdate false: 400 in UPDATE's shape, nothing changed
        updated(call(t, "Upsert", upsert(tuples, where("VendorName", "=", "\"Acme\""), false)), 400, 0,
                "5 records were returned based on the Clause; AllowMultiUpdate is false, no records were updated.");
        assertThat(get(t, where("City", "=", "\"Bergen\""))).isEmpty();
        // AllowMultiUpdate absent is false too
        TestNode.Response absent = call(t, "Upsert", "{\"Tuples\": " + tuples + ", \"Clause\": " + where("VendorName", "=", "\"Acme\"") + "}");
        updated(absent, 400, 0, "5 records were returned");

        // task 1: AllowMultiUpdate true updates all five
        updated(call(t, "Upsert", upsert(tuples, where("VendorName", "=", "\"Acme\""), true)), 200, 5, null);
        assertThat(get(t, where("City", "=", "\"Bergen\""))).hasSize(5);
        assertThat(get(t, where("City", "=", "\"Rome\""))).hasSize(1);

        // task 3: no match inserts from Tuples only; the other fields are NULL
        TestNode.Response ins = call(t, "Upsert", upsert("[{\"Name\":\"VendorName\",\"Value\":\"Nobody Inc\"}]",
                where("VendorName", "=", "\"Nobody Inc\""), false));
        assertThat(ins.status()).as("%s", ins).isEqualTo(200);
        assertThat(fields(ins.json())).containsExactly("GeneratedId", "Message");
        assertThat(ins.json().get("GeneratedId").asLong()).isEqualTo(7);
        assertThat(ins.json().get("Message").asText()).isEqualTo("Success");
        JsonNode row = get(t, where("CustomerID", "=", "7")).get(0);
        assertThat(row.get("VendorName").asText()).isEqualTo("Nobody Inc");
        assertThat(row.get("City").isNull()).isTrue();
        assertThat(row.get("Amount").isNull()).isTrue();

        // one match: updated whatever AllowMultiUpdate says
        updated(call(t, "Upsert", upsert("[{\"Name\":\"City\",\"Value\":\"Paris\"}]", where("CustomerID", "=", "7"), false)),
                200, 1, null);
        assertThat(get(t, where("CustomerID", "=", "7")).get(0).get("City").asText()).isEqualTo("Paris");
    }

    @Test
    void fieldsThatCannotBeUpdatedKeepTheirValueAndAnInsertSetsThem() {
        String t = customers();
        String guid = "4f7c1a52-5b1e-4a7e-9f58-0c0b7a2f1d11";
        String tuples = """
                [{"Name":"VendorName","Value":"Acme"},{"Name":"DateCreated","Value":"2020-01-02T03:04:05"},
                 {"Name":"RowGuid","Value":"%s"},{"Name":"Secret","Value":"s1"},{"Name":"Origin","Value":"web"},
                 {"Name":"CustomerID","Value":99}]""".formatted(guid);
        TestNode.Response ins = call(t, "Upsert", upsert(tuples, where("VendorName", "=", "\"Acme\""), false));
        assertThat(ins.json().get("GeneratedId").asLong()).as("%s", ins).isEqualTo(99);
        JsonNode stored = get(t, where("CustomerID", "=", "99")).get(0);
        assertThat(stored.get("DateCreated").asText()).startsWith("2020-01-02T03:04:05");
        assertThat(stored.get("RowGuid").asText()).isEqualTo(guid);
        assertThat(stored.get("Origin").asText()).isEqualTo("web");
        assertThat(stored.has("Secret")).as("a password is never read back").isFalse();
        assertThat(node.sqlValue("SELECT \"Secret\" FROM " + ref(t))).isEqualTo("s1");

        String update = """
                [{"Name":"City","Value":"Oslo"},{"Name":"DateCreated","Value":"2030-01-01"},
                 {"Name":"RowGuid","Value":"%s"},{"Name":"Secret","Value":"s2"},{"Name":"Origin","Value":"api"},
                 {"Name":"CustomerID","Value":5}]""".formatted(UUID.randomUUID());
        updated(call(t, "Upsert", upsert(update, where("VendorName", "=", "\"Acme\""), false)), 200, 1, null);
        JsonNode after = get(t, where("VendorName", "=", "\"Acme\"")).get(0);
        assertThat(after.get("City").asText()).isEqualTo("Oslo");
        assertThat(after.get("CustomerID").asLong()).isEqualTo(99);
        assertThat(after.get("DateCreated").asText()).startsWith("2020-01-02T03:04:05");
        assertThat(after.get("RowGuid").asText()).isEqualTo(guid);
        assertThat(after.get("Origin").asText()).isEqualTo("web");
        assertThat(node.sqlValue("SELECT \"Secret\" FROM " + ref(t))).isEqualTo("s1");
        // Update keeps them too
        updated(call(t, "Update", "{\"Tuples\": " + update + ", \"Clause\": " + where("City", "=", "\"Oslo\"") + "}"), 200, 1, null);
        assertThat(get(t, where("CustomerID", "=", "99")).get(0).get("Origin").asText()).isEqualTo("web");
    }

    private String ref(String t) {
        return kind == dev.freight.store.StoreKind.POSTGRESQL ? "public.\"" + t + "\"" : "\"" + t + "\"";
    }

    // ---------------------------------------------------------------- limits

    @Test
    void fiveHundredMatchesAreUpdatedFiveHundredAndOneChangeNothing() {
        String t = customers();
        StringBuilder csv = new StringBuilder("CustomerID,VendorName,City\n");
        for (int i = 1; i <= 501; i++) csv.append(i).append(",").append(i <= 500 ? "Bulk" : "Last").append(",Oslo\n");
        assertThat(node.importCsv(t, "", csv.toString()).get("state").asText()).isEqualTo("completed");
        String city = "[{\"Name\":\"City\",\"Value\":\"Bergen\"}]";

        updated(call(t, "Update", "{\"Tuples\": " + city + ", \"Clause\": " + where("VendorName", "=", "\"Bulk\"") + "}"), 200, 500, null);
        assertThat(call(t, "Get", "{\"Clause\": " + where("City", "=", "\"Bergen\"") + ", \"Limit\": 1}").json().get("TotalCount").asLong())
                .isEqualTo(500);

        String all = where("City", "In", "[\"Bergen\", \"Oslo\"]");
        String rome = "[{\"Name\":\"City\",\"Value\":\"Rome\"}]";
        updated(call(t, "Update", "{\"Tuples\": " + rome + ", \"Clause\": " + all + "}"), 400, 0, "more than 500 records");
        updated(call(t, "Upsert", upsert(rome, all, true)), 400, 0, "more than 500 records");
        assertThat(get(t, where("City", "=", "\"Rome\""))).isEmpty();
    }

    @Test
    void getPagesByOffsetAndLimitAtMostAThousand() {
        String t = customers();
        StringBuilder csv = new StringBuilder("CustomerID,VendorName\n");
        for (int i = 1; i <= 1001; i++) csv.append(i).append(",v").append(i).append('\n');
        node.importCsv(t, "", csv.toString());

        TestNode.Response all = call(t, "Get", "{\"Clause\": null, \"Offset\": 0, \"Limit\": 1000}");
        assertThat(all.status()).as("%s", all).isEqualTo(200);
        assertThat(fields(all.json())).containsExactly("Records", "TotalCount", "Offset", "Limit");
        assertThat(all.json().get("Records")).hasSize(1000);
        assertThat(all.json().get("TotalCount").asLong()).isEqualTo(1001);
        assertThat(all.json().get("Offset").asLong()).isZero();
        assertThat(all.json().get("Limit").asLong()).isEqualTo(1000);
        JsonNode first = all.json().get("Records").get(0);
        assertThat(fields(first)).containsExactly("CustomerID", "VendorName", "City", "Amount", "Active", "DateCreated",
                "RowGuid", "Origin");
        assertThat(first.get("CustomerID").asLong()).isEqualTo(1);

        TestNode.Response last = call(t, "Get", "{\"Offset\": 1000, \"Limit\": 10}");
        assertThat(last.json().get("Records")).hasSize(1);
        assertThat(last.json().at("/Records/0/CustomerID").asLong()).isEqualTo(1001);
        // no Limit: 1000
        assertThat(call(t, "Get", "{}").json().get("Records")).hasSize(1000);

        error(call(t, "Get", "{\"Limit\": 1001}"), 400, "Limit 1001", "1000");
        error(call(t, "Get", "{\"Limit\": 0}"), 400, "Limit");
        error(call(t, "Get", "{\"Offset\": -1}"), 400, "Offset");
    }

    // ---------------------------------------------------------------- the Clause

    @Test
    void everyOperatorAndNestedGroups() {
        String t = customers();
        add(t, "[{\"Name\":\"VendorName\",\"Value\":\"Acme\"},{\"Name\":\"City\",\"Value\":\"Oslo\"},{\"Name\":\"Amount\",\"Value\":10},{\"Name\":\"Active\",\"Value\":true}]");
        add(t, "[{\"Name\":\"VendorName\",\"Value\":\"acme north\"},{\"Name\":\"City\",\"Value\":\"Bergen\"},{\"Name\":\"Amount\",\"Value\":\"20.5\"},{\"Name\":\"Active\",\"Value\":false}]");
        add(t, "[{\"Name\":\"VendorName\",\"Value\":\"Zeta\"},{\"Name\":\"Amount\",\"Value\":100}]");
        assertThat(ids(t, where("Amount", "=", "20.50"))).containsExactly(2L);
        assertThat(ids(t, where("Amount", "!=", "10"))).containsExactly(2L, 3L);
        assertThat(ids(t, where("Amount", "<", "20.5"))).containsExactly(1L);
        assertThat(ids(t, where("Amount", "<=", "20.5"))).containsExactly(1L, 2L);
        assertThat(ids(t, where("Amount", ">", "\"20.5\""))).as("numbers compare as numbers, not text").containsExactly(3L);
        assertThat(ids(t, where("Amount", ">=", "10"))).containsExactly(1L, 2L, 3L);
        assertThat(ids(t, where("VendorName", "Like", "\"ACME%\""))).as("Like ignores case").containsExactly(1L, 2L);
        assertThat(ids(t, where("VendorName", "like", "\"%North\""))).containsExactly(2L);
        assertThat(ids(t, where("City", "In", "[\"Oslo\",\"Rome\"]"))).containsExactly(1L);
        assertThat(ids(t, where("Active", "=", "true"))).containsExactly(1L);
        assertThat(ids(t, "{\"Conditions\":[{\"Field\":\"City\",\"Operator\":\"IsNull\"}]}"))
                .containsExactly(3L);
        assertThat(ids(t, "{\"Conditions\":[{\"Field\":\"City\",\"Operator\":\"IsNotNull\",\"Value\":null}]}"))
                .containsExactly(1L, 2L);
        // (City = Oslo) OR (Amount > 50 AND VendorName Like 'z%'), nested
        String nested = """
                {"Logic":"Or","Conditions":[{"Field":"City","Operator":"=","Value":"Oslo"}],
                 "Groups":[{"Logic":"And","Conditions":[{"Field":"Amount","Operator":">","Value":50},
                                                        {"Field":"VendorName","Operator":"Like","Value":"z%"}],"Groups":[]}]}""";
        assertThat(ids(t, nested)).containsExactly(1L, 3L);
        assertThat(ids(t, "{\"Logic\":\"And\",\"Conditions\":[],\"Groups\":[]}")).as("empty: every record").hasSize(3);
    }

    private List<Long> ids(String t, String clause) {
        return get(t, clause).stream().map(r -> r.get("CustomerID").asLong()).toList();
    }

    @Test
    void clearBadRequestsForFieldOperatorAndValue() {
        String t = customers();
        String tuples = "[{\"Name\":\"City\",\"Value\":\"Oslo\"}]";
        error(call(t, "Upsert", upsert(tuples, where("Nope", "=", "1"), false)), 400, "no field Nope");
        error(call(t, "Upsert", upsert(tuples, where("vendorname", "=", "1"), false)), 400, "did you mean VendorName");
        error(call(t, "Upsert", upsert(tuples, where("City", "Contains", "\"x\""), false)), 400, "Contains", "is not an operator");
        error(call(t, "Upsert", upsert(tuples, where("CustomerID", "=", "\"abc\""), false)), 400, "'abc' is not an integer");
        error(call(t, "Upsert", upsert(tuples, where("Amount", "Like", "\"1%\""), false)), 400, "Like needs a text field");
        error(call(t, "Upsert", upsert(tuples, where("City", "In", "\"Oslo\""), false)), 400, "In needs", "array");
        error(call(t, "Upsert", upsert(tuples, where("City", "=", "null"), false)), 400, "needs a Value", "IsNull");
        error(call(t, "Upsert", upsert(tuples, where("Secret", "=", "\"s\""), false)), 400, "password");
        error(call(t, "Upsert", upsert(tuples, "{\"Logic\":\"Xor\"}", false)), 400, "Logic must be And or Or");
        error(call(t, "Upsert", "{\"Tuples\": " + tuples + "}"), 400, "Clause is required");
        error(call(t, "Upsert", upsert("[{\"Name\":\"Nope\",\"Value\":1}]", where("City", "=", "\"x\""), false)), 400, "Nope");
        error(call(t, "Upsert", upsert("[{\"Name\":\"Amount\",\"Value\":\"lots\"}]", where("City", "=", "\"x\""), false)), 400, "'lots'");
        error(call(t, "Upsert", upsert("[]", where("City", "=", "\"x\""), false)), 400, "Tuples");
        error(call(t, "Upsert", "{\"Tuples\": " + tuples + ", \"Clause\": " + where("City", "=", "\"x\"")
                + ", \"AllowMultiUpdate\": \"maybe\"}"), 400, "AllowMultiUpdate");
        error(call(t, "Upsert", "{not json"), 400, "JSON");
        error(call(t, "Add", "{\"Tuple\": [{\"Name\":\"City\",\"Value\":\"a\"},{\"Name\":\"City\",\"Value\":\"b\"}]}"), 400, "more than once");
        assertThat(get(t, "null")).as("nothing was written").isEmpty();
    }

    @Test
    void unknownEntityKeysAndBodyLimit() {
        String t = customers();
        error(call("NoSuchTable", "Get", "{}"), 404, "NoSuchTable");
        error(call("bad%20name", "Get", "{}"), 404);
        error(call(t, "Get", null, "{}"), 401, "Authorization");
        error(call(t, "Get", "wrong-key", "{}"), 401);
        String read = node.newKey("default", "read").secret();
        error(call(t, "Add", read, "{\"Tuple\": [{\"Name\":\"City\",\"Value\":\"a\"}]}"), 403, "only read");
        assertThat(call(t, "Get", read, "{}").status()).isEqualTo(200);
        error(call(t, "Delete", "{}"), 404);
        // the paths are case-insensitive, as the vendor's are
        assertThat(call(t, "get", "{}").status()).isEqualTo(200);
        assertThat(node.send("POST", "/cssapi/v2/" + t + "/GET", null, Map.of("Authorization", "Bearer " + TestNode.ADMIN_KEY),
                HttpRequest.BodyPublishers.ofString("{}")).status()).isEqualTo(200);
        String big = "{\"Tuple\": [{\"Name\":\"City\",\"Value\":\"" + "x".repeat((int) ContractInsightSettings.MAX_BODY) + "\"}]}";
        error(call(t, "Add", big), 413, "larger than the limit");
    }

    // ---------------------------------------------------------------- one transaction, serialised

    @Test
    void aFailedCallChangesNothing() {
        String t = unique("Vendors");
        node.createTable("""
                {"name":"%s","columns":[{"name":"Id","type":"integer","autonumber":true,"nullable":false},
                  {"name":"Email","type":"text"},{"name":"Name","type":"text","nullable":false},{"name":"Tier","type":"text"}],
                 "primaryKey":["Id"],"uniqueKeys":[["Email"]]}""".formatted(t));
        add(t, "[{\"Name\":\"Email\",\"Value\":\"a@x\"},{\"Name\":\"Name\",\"Value\":\"A\"},{\"Name\":\"Tier\",\"Value\":\"gold\"}]");
        add(t, "[{\"Name\":\"Email\",\"Value\":\"b@x\"},{\"Name\":\"Name\",\"Value\":\"B\"},{\"Name\":\"Tier\",\"Value\":\"gold\"}]");
        // two rows to one email: the unique key refuses the second, and the first is not kept either
        error(call(t, "Update", "{\"Tuples\": [{\"Name\":\"Email\",\"Value\":\"same@x\"},{\"Name\":\"Tier\",\"Value\":\"x\"}], \"Clause\": "
                + where("Tier", "=", "\"gold\"") + "}"), 400);
        assertThat(get(t, where("Tier", "=", "\"gold\""))).hasSize(2);
        // an insert without a required value
        error(call(t, "Upsert", upsert("[{\"Name\":\"Email\",\"Value\":\"c@x\"}]", where("Email", "=", "\"c@x\""), false)), 400, "Name");
        error(call(t, "Add", "{\"Tuple\": [{\"Name\":\"Email\",\"Value\":\"a@x\"},{\"Name\":\"Name\",\"Value\":\"dup\"}]}"), 400);
        error(call(t, "Update", "{\"Tuples\": [{\"Name\":\"Name\",\"Value\":null}], \"Clause\": " + where("Id", "=", "1") + "}"), 400, "Name");
        assertThat(get(t, "null")).hasSize(2);
        assertThat(get(t, where("Name", "=", "\"A\""))).hasSize(1);
    }

    @Test
    void concurrentUpsertsOnOneClauseCreateOneRecord() throws Exception {
        String t = customers();
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<TestNode.Response>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String body = upsert("[{\"Name\":\"VendorName\",\"Value\":\"Same\"},{\"Name\":\"City\",\"Value\":\"c" + i + "\"}]",
                    where("VendorName", "=", "\"Same\""), false);
            calls.add(pool.submit(() -> {
                start.await();
                return call(t, "Upsert", body);
            }));
        }
        start.countDown();
        int inserted = 0;
        for (Future<TestNode.Response> f : calls) {
            TestNode.Response r = f.get();
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            if (r.json().has("GeneratedId")) inserted++;
            else assertThat(r.json().get("TotalAffected").asLong()).isEqualTo(1);
        }
        pool.shutdown();
        assertThat(inserted).isEqualTo(1);
        assertThat(get(t, where("VendorName", "=", "\"Same\""))).hasSize(1);
    }

    // ---------------------------------------------------------------- injection

    @Test
    void clauseInjectionIsMatchedAndStoredVerbatim() {
        String t = customers();
        add(t, FIVE_ACME);
        String evil = "x' OR '1'='1";
        String drop = "'); DROP TABLE \\\"" + t + "\\\"; --";
        // matched verbatim: nothing matches, so the Upsert inserts the text as it is
        TestNode.Response r = call(t, "Upsert", upsert("[{\"Name\":\"VendorName\",\"Value\":\"" + evil + "\"},{\"Name\":\"City\",\"Value\":\""
                + drop + "\"}]", where("VendorName", "=", "\"" + evil + "\""), false));
        assertThat(r.json().get("GeneratedId").asLong()).as("%s", r).isEqualTo(2);
        assertThat(get(t, where("VendorName", "=", "\"" + evil + "\""))).hasSize(1);
        assertThat(get(t, where("VendorName", "=", "\"" + evil + "\"")).get(0).get("City").asText())
                .isEqualTo("'); DROP TABLE \"" + t + "\"; --");
        assertThat(get(t, where("VendorName", "Like", "\"%' OR 1=1 --\""))).isEmpty();
        assertThat(get(t, where("CustomerID", "In", "[1]"))).hasSize(1);
        error(call(t, "Get", "{\"Clause\": " + where("CustomerID", "=", "\"1 OR 1=1\"") + "}"), 400, "not an integer");
        // field names and operators are never written into the SQL: refused, not run
        error(call(t, "Get", "{\"Clause\": " + where("City\\\" IS NOT NULL OR \\\"City", "=", "\"x\"") + "}"), 400, "no field");
        error(call(t, "Get", "{\"Clause\": " + where("City", "= 'a' OR 1=1 --", "\"x\"") + "}"), 400, "not an operator");
        error(call(t, "Upsert", upsert("[{\"Name\":\"City\\\" = 'x' --\",\"Value\":\"x\"}]", where("City", "=", "\"Oslo\""), false)), 400);
        assertThat(get(t, "null")).hasSize(2);
        assertThat(get(t, where("City", "=", "\"Oslo\""))).hasSize(1);
    }
}
