package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A route that exists with another method is 405 with Allow; a route that does not exist is 404; both in each API's error shape. */
class RoutingErrorsTest extends StoreSuite {

    private TestNode.Response call(String method, String path) {
        return node.send(method, path, TestNode.ADMIN_KEY, Map.of(), method.equals("GET") || method.equals("DELETE") ? null
                : HttpRequest.BodyPublishers.ofString("{}"));
    }

    private void methodNotAllowed(String method, String path, String allow) {
        TestNode.Response r = call(method, path);
        JsonNode p = problem(r, 405);
        assertThat(r.header("Allow")).as("%s %s", method, path).isEqualTo(allow);
        assertThat(p.get("detail").asText()).contains(method).contains(allow);
    }

    @Test
    void aWrongMethodUnderV1Is405WithAllowAsProblemJson() {
        String t = unique("routes");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        String job = node.importCsv(t, "", "id\n1\n").get("id").asText();
        methodNotAllowed("PUT", "/v1/tables", "GET, POST");
        methodNotAllowed("DELETE", "/v1/jobs/" + job, "GET");
        methodNotAllowed("GET", "/v1/tables/" + t + "/imports", "POST");
        methodNotAllowed("PATCH", "/v1/tables/" + t, "GET, DELETE, HEAD");
        methodNotAllowed("GET", "/v1/jobs/" + job + "/cancel", "POST");
        methodNotAllowed("POST", "/v1/jobs/" + job + "/results", "GET");
        methodNotAllowed("PUT", "/v1/keys", "GET, POST");
        // nothing happened on the way
        assertThat(node.get("/v1/jobs/" + job).json().get("state").asText()).isEqualTo("completed");
        // the key check still comes first
        problem(node.send("PUT", "/v1/tables", null, Map.of(), HttpRequest.BodyPublishers.ofString("{}")), 401);
    }

    @Test
    void anUnknownRouteUnderV1Is404AsProblemJson() {
        for (String path : new String[] {"/v1/nothing", "/v1/tables/x/y/z", "/v1/jobs/x/results/y", "/v1"}) {
            JsonNode p = problem(call("GET", path), 404);
            assertThat(p.get("detail").asText()).contains(path);
        }
        problem(call("POST", "/v1/nothing"), 404);
    }

    @Test
    void anUnknownRouteOutsideV1Is404AsProblemJsonAndTheConsoleStaysAtTheRoot() {
        for (String[] c : new String[][] {{"GET", "/nope"}, {"GET", "/nope/deeper"}, {"POST", "/"}, {"DELETE", "/"}, {"PUT", "/nope"}}) {
            JsonNode p = problem(node.send(c[0], c[1], null, Map.of("Accept", "text/html"), null), 404);
            assertThat(p.get("detail").asText()).contains(c[0] + " " + c[1]);
        }
        TestNode.Response console = node.send("GET", "/", null, Map.of(), null);
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.header("Content-Type")).startsWith("text/html");
    }

    @Test
    void dialectsAnswerAWrongMethodInTheirOwnShape() {
        TestNode.Response rest = call("GET", "/rest/dataspace/sync/upsert");
        assertThat(rest.status()).as("%s", rest).isEqualTo(405);
        assertThat(rest.header("Allow")).isEqualTo("POST");
        assertThat(rest.header("Content-Type")).startsWith("application/json");
        assertThat(rest.json().get("message").asText()).contains("GET").contains("POST");

        TestNode.Response v2 = node.send("DELETE", "/v2/tickets/x", null, Map.of("Api-User", "default", "Api-Key", TestNode.ADMIN_KEY), null);
        assertThat(v2.status()).as("%s", v2).isEqualTo(405);
        assertThat(v2.header("Allow")).isEqualTo("GET");
        assertThat(v2.json().get("status").asInt()).isEqualTo(405);
        assertThat(v2.json().get("message").asText()).contains("DELETE");

        TestNode.Response unknown = call("GET", "/rest/nothing");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("message").asText()).contains("/rest/nothing");
    }
}
