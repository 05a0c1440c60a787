package dev.freight.compat.brevo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Brevo's batch upsert of custom object records and its processes (COMPAT.md §4) over HTTP, on every store. */
class BrevoTest extends StoreSuite {
    /** The seed's example request (COMPAT.md §4), for the object types {@code customer} and {@code company} of a test. */
    static String seedRequest(String company) {
        return """
                {"records": [
                  {"identifiers": {"ext_id": "cust-17"},
                   "attributes": {"name": "Ada", "tier": "gold"},
                   "associations": [{"object_type": "%s", "action": "link",
                                     "records": [{"identifiers": {"ext_id": "acme"}}]}]}]}""".formatted(company);
    }

    // ---------------------------------------------------------------- helpers

    private TestNode.Response call(String method, String path, String key, String body) {
        Map<String, String> h = new HashMap<>(Map.of("Content-Type", "application/json"));
        if (key != null) h.put("api-key", key);
        return node.send(method, path, null, h, body == null ? null : HttpRequest.BodyPublishers.ofString(body));
    }

    private TestNode.Response upsert(String type, String body) {
        return call("POST", "/v3/objects/" + type + "/batch/upsert", TestNode.ADMIN_KEY, body);
    }

    /** Upserts and waits for the process to end; returns the final process. */
    private JsonNode upserted(String type, String body) {
        TestNode.Response r = upsert(type, body);
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        assertThat(r.json().get("message").asText()).isEqualTo("Request accepted");
        assertThat(r.json().get("processId").isIntegralNumber()).as("%s", r).isTrue();
        return awaitProcess(r.json().get("processId").asLong());
    }

    private JsonNode awaitProcess(long id) {
        return awaitProcess(id, TestNode.ADMIN_KEY);
    }

    private JsonNode awaitProcess(long id, String key) {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            TestNode.Response r = call("GET", "/v3/processes/" + id, key, null);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            String s = r.json().get("status").asText();
            if (s.equals("completed") || s.equals("failed") || s.equals("cancelled")) return r.json();
            assertThat(System.currentTimeMillis()).as("process %s still %s", id, s).isLessThan(deadline);
            sleep(50);
        }
    }

    /** Creates two object types: a company and a customer associated with it; returns their names. */
    private String[] types() {
        String company = unique("company");
        String customer = unique("customer");
        node.createTable("""
                {"name": "%s", "kind": "object", "columns": [{"name": "name", "type": "text"}]}""".formatted(company));
        node.createTable("""
                {"name": "%s", "kind": "object", "associations": ["%s"],
                 "columns": [{"name": "name", "type": "text"}, {"name": "tier", "type": "text"}, {"name": "score", "type": "integer"}]}"""
                .formatted(customer, company));
        return new String[] {customer, company};
    }

    /** The associations stored for {@code type}'s records, as "objectId->associatedType:associatedId". */
    private List<String> links(String type) {
        List<String> out = new ArrayList<>();
        String n = node.sqlValue("SELECT COUNT(*) FROM freight_associations WHERE object_type = '" + type + "'");
        for (int i = 0; i < Integer.parseInt(n); i++) {
            out.add(node.sqlValue("SELECT object_id || '->' || associated_type || ':' || associated_id FROM freight_associations"
                    + " WHERE object_type = '" + type + "' ORDER BY object_id, associated_id LIMIT 1 OFFSET " + i));
        }
        return out;
    }

    private String idOf(String type, String extId) {
        return node.sqlValue("SELECT id FROM " + type + " WHERE ext_id = '" + extId + "'");
    }

    private static String records(String... records) {
        return "{\"records\": [" + String.join(", ", records) + "]}";
    }

    // ---------------------------------------------------------------- the seed's example

    @Test
    void theSeedsExampleCreatesTheRecordAndItsLink() {
        String[] t = types();
        JsonNode company = upserted(t[1], records("{\"identifiers\": {\"ext_id\": \"acme\"}, \"attributes\": {\"name\": \"Acme\"}}"));
        assertThat(company.get("status").asText()).isEqualTo("completed");

        JsonNode p = upserted(t[0], seedRequest(t[1]));
        assertThat(p.get("name").asText()).isEqualTo("OBJECT_RECORDS_UPSERT");
        assertThat(p.get("status").asText()).isEqualTo("completed");
        JsonNode counts = p.get("info").get("counts");
        assertThat(counts.get("requested").asLong()).isEqualTo(1);
        assertThat(counts.get("created").asLong()).isEqualTo(1);
        assertThat(counts.get("failed").asLong()).isZero();
        assertThat(p.get("info").get("errors")).isEmpty();
        assertThat(p.get("info").get("warnings")).isEmpty();
        assertThat(p.get("created_at").asText()).isNotEmpty();
        assertThat(p.get("completed_at").asText()).isNotEmpty();

        assertThat(node.sqlValue("SELECT name || '/' || tier FROM " + t[0] + " WHERE ext_id = 'cust-17'")).isEqualTo("Ada/gold");
        assertThat(links(t[0])).containsExactly(idOf(t[0], "cust-17") + "->" + t[1] + ":" + idOf(t[1], "acme"));
    }

    // ---------------------------------------------------------------- identifiers and attributes

    @Test
    void identifiersCreateUpdateAndFail() {
        String[] t = types();
        upserted(t[0], records("{\"identifiers\": {\"ext_id\": \"a\"}, \"attributes\": {\"name\": \"A\"}}"));
        String idA = idOf(t[0], "a");
        JsonNode p = upserted(t[0], records(
                "{\"identifiers\": {\"ext_id\": \"a\"}, \"attributes\": {\"tier\": \"gold\"}}",
                "{\"identifiers\": {\"id\": " + idA + "}, \"attributes\": {\"score\": 7}}",
                "{\"identifiers\": {\"id\": 999999}, \"attributes\": {\"name\": \"nobody\"}}",
                "{\"attributes\": {\"name\": \"no identifiers\"}}",
                "{\"identifiers\": {\"ext_id\": \"b\"}, \"attributes\": {\"name\": \"B\"}}",
                "{\"identifiers\": {\"ext_id\": \"b\"}, \"attributes\": {\"tier\": \"silver\"}}"));
        assertThat(p.get("status").asText()).isEqualTo("completed");
        JsonNode counts = p.get("info").get("counts");
        assertThat(counts.get("created").asLong()).isEqualTo(2);
        assertThat(counts.get("updated").asLong()).isEqualTo(3);
        assertThat(counts.get("failed").asLong()).isEqualTo(1);
        JsonNode errors = p.get("info").get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("index").asLong()).isEqualTo(2);
        assertThat(errors.get(0).get("message").asText()).contains("999999").contains("does not exist");

        assertThat(node.sqlValue("SELECT name || '/' || tier || '/' || score FROM " + t[0] + " WHERE id = " + idA)).isEqualTo("A/gold/7");
        assertThat(node.sqlValue("SELECT COUNT(*) FROM " + t[0] + " WHERE ext_id IS NULL AND name = 'no identifiers'")).isEqualTo("1");
        assertThat(node.sqlValue("SELECT name || '/' || tier FROM " + t[0] + " WHERE ext_id = 'b'")).isEqualTo("B/silver");
        assertThat(node.sqlValue("SELECT COUNT(*) FROM " + t[0] + " WHERE name = 'nobody'")).isEqualTo("0");
    }

    @Test
    void unknownAttributesAreIgnoredWithAWarning() {
        String[] t = types();
        JsonNode p = upserted(t[0], records(
                "{\"identifiers\": {\"ext_id\": \"w\"}, \"attributes\": {\"name\": \"W\", \"colour\": \"red\"}}",
                "{\"identifiers\": {\"ext_id\": \"v\"}, \"attributes\": {\"name\": \"V\"}}"));
        assertThat(p.get("status").asText()).isEqualTo("completed");
        assertThat(p.get("info").get("counts").get("created").asLong()).isEqualTo(2);
        JsonNode warnings = p.get("info").get("warnings");
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).get("index").asLong()).isZero();
        assertThat(warnings.get(0).get("message").asText()).isEqualTo("field colour is not a column of table " + t[0] + "; ignored");
        assertThat(node.sqlValue("SELECT name FROM " + t[0] + " WHERE ext_id = 'w'")).isEqualTo("W");
    }

    @Test
    void aValueThatDoesNotFitFailsItsRecordOnly() {
        String[] t = types();
        JsonNode p = upserted(t[0], records(
                "{\"identifiers\": {\"ext_id\": \"x\"}, \"attributes\": {\"score\": \"many\"}}",
                "{\"identifiers\": {\"ext_id\": \"y\"}, \"attributes\": {\"score\": 3}}"));
        JsonNode errors = p.get("info").get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("index").asLong()).isZero();
        assertThat(errors.get(0).get("message").asText()).contains("score");
        assertThat(node.sqlValue("SELECT score FROM " + t[0] + " WHERE ext_id = 'y'")).isEqualTo("3");
    }

    // ---------------------------------------------------------------- associations

    @Test
    void linksToMissingOrUndeclaredRecordsFailTheirRecordOnlyAndUnlinkRemovesTheRow() {
        String[] t = types();
        String other = unique("supplier");
        node.createTable("{\"name\": \"" + other + "\", \"kind\": \"object\"}");
        upserted(t[1], records("{\"identifiers\": {\"ext_id\": \"acme\"}}", "{\"identifiers\": {\"ext_id\": \"globex\"}}"));
        upserted(other, records("{\"identifiers\": {\"ext_id\": \"s1\"}}"));
        String acme = idOf(t[1], "acme");
        String globex = idOf(t[1], "globex");
        JsonNode p = upserted(t[0], records(
                link("c1", t[1], "link", "{\"ext_id\": \"acme\"}", "{\"id\": " + globex + "}"),
                link("c2", t[1], "link", "{\"ext_id\": \"initech\"}"),
                link("c3", other, "link", "{\"ext_id\": \"s1\"}"),
                link("c4", t[1], "link", "{\"id\": 999999}")));
        JsonNode errors = p.get("info").get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("index").asLong()).isEqualTo(1);
        assertThat(errors.get(0).get("message").asText()).isEqualTo(t[1] + " record with ext_id initech does not exist");
        assertThat(errors.get(1).get("index").asLong()).isEqualTo(2);
        assertThat(errors.get(1).get("message").asText()).startsWith("object type " + t[0] + " has no association with " + other);
        assertThat(errors.get(2).get("index").asLong()).isEqualTo(3);
        assertThat(errors.get(2).get("message").asText()).isEqualTo(t[1] + " record with id 999999 does not exist");
        // the failed records were not written at all
        assertThat(node.sqlValue("SELECT COUNT(*) FROM " + t[0])).isEqualTo("1");
        String c1 = idOf(t[0], "c1");
        assertThat(links(t[0])).containsExactly(c1 + "->" + t[1] + ":" + acme, c1 + "->" + t[1] + ":" + globex);

        // linking again changes nothing; unlink removes the row
        upserted(t[0], records(link("c1", t[1], "link", "{\"ext_id\": \"acme\"}")));
        assertThat(links(t[0])).hasSize(2);
        JsonNode u = upserted(t[0], records(link("c1", t[1], "unlink", "{\"ext_id\": \"acme\"}")));
        assertThat(u.get("info").get("errors")).isEmpty();
        assertThat(links(t[0])).containsExactly(c1 + "->" + t[1] + ":" + globex);
    }

    private static String link(String extId, String type, String action, String... identifiers) {
        List<String> recs = new ArrayList<>();
        for (String i : identifiers) recs.add("{\"identifiers\": " + i + "}");
        return "{\"identifiers\": {\"ext_id\": \"" + extId + "\"}, \"associations\": [{\"object_type\": \"" + type
                + "\", \"action\": \"" + action + "\", \"records\": [" + String.join(", ", recs) + "]}]}";
    }

    // ---------------------------------------------------------------- limits, each at its edge

    @Test
    void aThousandRecordsPassAndOneMoreIsRefused() {
        String[] t = types();
        List<String> recs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) recs.add("{\"identifiers\": {\"ext_id\": \"r" + i + "\"}}");
        JsonNode p = upserted(t[0], records(recs.toArray(String[]::new)));
        assertThat(p.get("info").get("counts").get("created").asLong()).isEqualTo(1000);
        recs.add("{}");
        TestNode.Response r = upsert(t[0], records(recs.toArray(String[]::new)));
        assertError(r, 400, "invalid_parameter", "records cannot be more than 1000 (got 1001)");
        assertError(upsert(t[0], "{\"records\": []}"), 400, "invalid_parameter", "records cannot be empty: give 1 to 1000 records");
    }

    @Test
    void fiveHundredAttributesPassAndOneMoreIsRefused() {
        String[] t = types();
        StringBuilder attrs = new StringBuilder("\"name\": \"many\"");
        for (int i = 1; i < 500; i++) attrs.append(", \"a").append(i).append("\": 1");
        JsonNode p = upserted(t[0], records("{\"identifiers\": {\"ext_id\": \"m\"}, \"attributes\": {" + attrs + "}}"));
        assertThat(p.get("info").get("counts").get("created").asLong()).isEqualTo(1);
        assertThat(p.get("info").get("warnings").get(0).get("message").asText()).contains("a499");
        attrs.append(", \"a500\": 1");
        assertError(upsert(t[0], records("{\"attributes\": {" + attrs + "}}")), 400, "invalid_parameter",
                "records[0].attributes: at most 500 attributes per record (got 501)");
    }

    @Test
    void tenAssociatedRecordsPerTypePassAndOneMoreIsRefused() {
        String[] t = types();
        List<String> companies = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            companies.add("{\"identifiers\": {\"ext_id\": \"co" + i + "\"}}");
            ids.add("{\"ext_id\": \"co" + i + "\"}");
        }
        upserted(t[1], records(companies.toArray(String[]::new)));
        JsonNode p = upserted(t[0], records(link("ten", t[1], "link", ids.subList(0, 10).toArray(String[]::new))));
        assertThat(p.get("info").get("errors")).isEmpty();
        assertThat(links(t[0])).hasSize(10);
        // the limit counts per object type across the record's entries
        String eleven = "{\"identifiers\": {\"ext_id\": \"eleven\"}, \"associations\": ["
                + "{\"object_type\": \"" + t[1] + "\", \"records\": [" + String.join(", ", wrap(ids.subList(0, 6))) + "]},"
                + "{\"object_type\": \"" + t[1] + "\", \"action\": \"unlink\", \"records\": [" + String.join(", ", wrap(ids.subList(6, 11))) + "]}]}";
        assertError(upsert(t[0], records(eleven)), 400, "invalid_parameter",
                "records[0].associations: at most 10 associated records per object type per record (11 of " + t[1] + ")");
    }

    private static List<String> wrap(List<String> identifiers) {
        return identifiers.stream().map(i -> "{\"identifiers\": " + i + "}").toList();
    }

    @Test
    void aBodyOfOneMegabytePassesAndOneByteMoreIs413() {
        String[] t = types();
        String body = records("{\"identifiers\": {\"ext_id\": \"big\"}}");
        int limit = BrevoSettings.DEFAULTS.maxBody() > Integer.MAX_VALUE ? 0 : (int) BrevoSettings.DEFAULTS.maxBody();
        String exact = body.substring(0, body.length() - 1) + " ".repeat(limit - body.length()) + "}";
        assertThat(exact.length()).isEqualTo(1 << 20);
        JsonNode p = upserted(t[0], exact);
        assertThat(p.get("info").get("counts").get("created").asLong()).isEqualTo(1);
        TestNode.Response r = upsert(t[0], exact + " ");
        assertError(r, 413, "payload_too_large", "the request body is larger than the limit of 1048576 bytes (1 MB)");
    }

    // ---------------------------------------------------------------- refusals

    @Test
    void refusalsInBrevosShape() {
        String[] t = types();
        String plain = unique("plain");
        node.createTable("{\"name\": \"" + plain + "\", \"columns\": [{\"name\": \"a\", \"type\": \"text\"}]}");
        String body = records("{}");
        assertError(call("POST", "/v3/objects/" + t[0] + "/batch/upsert", null, body), 401, "unauthorized", "Key not found");
        assertError(call("POST", "/v3/objects/" + t[0] + "/batch/upsert", "nope", body), 401, "unauthorized", "Key not found");
        TestNode.Key reader = node.newKey("default", "read");
        assertError(call("POST", "/v3/objects/" + t[0] + "/batch/upsert", reader.secret(), body), 403, "permission_denied",
                "this API key may only read");
        assertError(upsert("nothing_here", body), 404, "not_found", "invalid object type");
        assertError(upsert(plain, body), 404, "not_found", "invalid object type");
        assertError(upsert("contact", body), 403, "permission_denied",
                "contact is a system object: its records are not upserted as custom object records");
        assertError(upsert("deal", body), 403, "permission_denied",
                "deal is a system object: its records are not upserted as custom object records");
        assertError(upsert("company", body), 403, "permission_denied",
                "company is a system object: its records are not upserted as custom object records");
        assertError(upsert(t[0], "{\"records\": "), 400, "invalid_parameter", null);
        assertError(upsert(t[0], "{}"), 400, "invalid_parameter", "records is required");
        assertError(upsert(t[0], records("{\"identifiers\": {\"email\": \"x\"}}")), 400, "invalid_parameter",
                "records[0].identifiers: unknown identifier 'email'; use ext_id or id");
        assertError(upsert(t[0], records("{\"attributes\": {\"ext_id\": \"x\"}}")), 400, "invalid_parameter",
                "records[0].attributes: 'ext_id' is not an attribute; give it in identifiers");
        assertError(upsert(t[0], records("{\"associations\": [{\"object_type\": \"" + t[1] + "\", \"action\": \"merge\", \"records\": []}]}")),
                400, "invalid_parameter", "records[0].associations[0].action must be link or unlink, got 'merge'");
        assertError(call("GET", "/v3/processes/abc", TestNode.ADMIN_KEY, null), 400, "invalid_parameter",
                "processId must be a whole number, got 'abc'");
        assertError(call("GET", "/v3/processes/987654321", TestNode.ADMIN_KEY, null), 404, "not_found", "Process does not exist");
    }

    @Test
    void aCustomObjectTypeNamedCompanyIsNoSystemObject() {
        TestNode.Key key = node.newKey(unique("ws"), "admin");
        TestNode.Response created = node.postJson("/v1/tables",
                "{\"name\": \"company\", \"kind\": \"object\", \"columns\": [{\"name\": \"name\", \"type\": \"text\"}]}", key.secret());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        TestNode.Response r = call("POST", "/v3/objects/company/batch/upsert", key.secret(),
                records("{\"identifiers\": {\"ext_id\": \"co\"}, \"attributes\": {\"name\": \"Co\"}}"));
        assertThat(r.status()).as("%s", r).isEqualTo(202);
        JsonNode p = awaitProcess(r.json().get("processId").asLong(), key.secret());
        assertThat(p.get("status").asText()).isEqualTo("completed");
        assertThat(p.get("info").get("counts").get("created").asLong()).isEqualTo(1);
    }

    private static void assertError(TestNode.Response r, int status, String code, String message) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode b = r.json();
        assertThat(b.size()).as("%s", r).isEqualTo(2);
        assertThat(b.get("code").asText()).isEqualTo(code);
        if (message != null) assertThat(b.get("message").asText()).isEqualTo(message);
        else assertThat(b.get("message").asText()).isNotEmpty();
    }

    // ---------------------------------------------------------------- processes

    @Test
    void processesArePagedAndSortedWithinTheKeysWorkspace() {
        String ws = unique("ws");
        TestNode.Key writer = node.newKey(ws, "admin");
        TestNode.Response created = node.postJson("/v1/tables", "{\"name\": \"thing\", \"kind\": \"object\"}", writer.secret());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            TestNode.Response r = call("POST", "/v3/objects/thing/batch/upsert", writer.secret(), records("{}"));
            assertThat(r.status()).as("%s", r).isEqualTo(202);
            ids.add(r.json().get("processId").asLong());
        }
        JsonNode first = call("GET", "/v3/processes", writer.secret(), null).json();
        assertThat(first.get("count").asLong()).isEqualTo(12);
        assertThat(numbers(first)).containsExactlyElementsOf(ids.reversed().subList(0, 10));
        JsonNode asc = call("GET", "/v3/processes?sort=asc&offset=10&limit=50", writer.secret(), null).json();
        assertThat(numbers(asc)).containsExactlyElementsOf(ids.subList(10, 12));
        JsonNode one = call("GET", "/v3/processes?limit=1&offset=1", writer.secret(), null).json();
        assertThat(numbers(one)).containsExactly(ids.get(10));
        JsonNode p = one.get("processes").get(0);
        assertThat(p.get("name").asText()).isEqualTo("OBJECT_RECORDS_UPSERT");
        assertThat(List.of("queued", "in_process", "completed")).contains(p.get("status").asText());
        assertThat(p.get("info").has("counts")).isTrue();

        assertError(call("GET", "/v3/processes?limit=51", writer.secret(), null), 400, "invalid_parameter",
                "limit must be between 1 and 50, got 51");
        assertError(call("GET", "/v3/processes?limit=0", writer.secret(), null), 400, "invalid_parameter",
                "limit must be between 1 and 50, got 0");
        assertThat(call("GET", "/v3/processes?limit=50", writer.secret(), null).status()).isEqualTo(200);
        assertError(call("GET", "/v3/processes?offset=-1", writer.secret(), null), 400, "invalid_parameter",
                "offset must be at least 0, got -1");
        assertError(call("GET", "/v3/processes?sort=up", writer.secret(), null), 400, "invalid_parameter", "sort must be asc or desc");
        // another workspace's process does not exist for this key, and is not listed
        assertError(call("GET", "/v3/processes/" + ids.get(0), TestNode.ADMIN_KEY, null), 404, "not_found", "Process does not exist");
        for (JsonNode q : call("GET", "/v3/processes?limit=50", TestNode.ADMIN_KEY, null).json().get("processes")) {
            assertThat(ids).doesNotContain(q.get("id").asLong());
        }
        for (long id : ids) assertThat(awaitProcess(id, writer.secret()).get("status").asText()).isEqualTo("completed");
    }

    private static List<Long> numbers(JsonNode page) {
        List<Long> out = new ArrayList<>();
        page.get("processes").forEach(p -> out.add(p.get("id").asLong()));
        return out;
    }

    // ---------------------------------------------------------------- the same engine from /v1

    @Test
    void theNativeImportCarriesAlternateKeysWarningsAndAssociations() {
        String[] t = types();
        upserted(t[1], records("{\"identifiers\": {\"ext_id\": \"acme\"}}"));
        String body = Json.write(List.of(
                Map.of("ext_id", "n1", "name", "N", "colour", "blue",
                        "@associations", List.of(Map.of("type", t[1], "action", "link", "key", Map.of("ext_id", "acme")))),
                Map.of("ext_id", "n1", "tier", "bronze")));
        JsonNode job = node.importBody(t[0], "alternateKey=ext_id&unknownColumns=warn", "application/json", body);
        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("completed");
        List<JsonNode> results = node.results(job.get("id").asText());
        assertThat(results.get(0).get("outcome").asText()).isEqualTo("inserted");
        assertThat(results.get(0).get("warning").asText()).isEqualTo("field colour is not a column of table " + t[0] + "; ignored");
        assertThat(results.get(1).get("outcome").asText()).isEqualTo("updated");
        assertThat(node.sqlValue("SELECT name || '/' || tier FROM " + t[0] + " WHERE ext_id = 'n1'")).isEqualTo("N/bronze");
        assertThat(links(t[0])).containsExactly(idOf(t[0], "n1") + "->" + t[1] + ":" + idOf(t[1], "acme"));

        TestNode.Response bad = node.post("/v1/tables/" + t[0] + "/imports?alternateKey=name", "application/json", "[{}]", TestNode.ADMIN_KEY);
        assertThat(bad.status()).as("%s", bad).isEqualTo(422);
        assertThat(bad.body()).contains("name is not a unique key of table " + t[0]);
    }
}
