package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A failure that is not the client's is a 500 whose text says so and gives an error id for the
 * server log, through the error mapping of /v1 and of every dialect: never SQL, a driver's or a
 * library's words, or a Java class name.
 */
class InternalErrorsTest extends StoreSuite {
    private static final Pattern ERROR_ID = Pattern.compile("error id [0-9a-f]{12}");
    private static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|jakarta|com|org|io|dev)\\.[a-z]+\\.");

    /** Asserts that an answer carries nothing of Freight's insides. */
    static void noInternals(String body) {
        assertThat(body).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("sqlite")
                .doesNotContainIgnoringCase("jackson").doesNotContain("SQL").doesNotContain("PSQL").doesNotContain("Jetty")
                .doesNotContain("CREATE TABLE").doesNotContain("SELECT ").doesNotContain("StreamReadConstraints")
                .doesNotContain("[Source:");
        assertThat(CLASS_NAME.matcher(body).find()).as("a class name in %s", body).isFalse();
    }

    private static void internal(TestNode.Response r, String text) {
        assertThat(r.status()).as("%s", r).isEqualTo(500);
        assertThat(ERROR_ID.matcher(text).find()).as("an error id in %s", text).isTrue();
        noInternals(r.body());
    }

    @Test
    void aJobTheStoreCannotReadIsA500WithAnErrorIdOnEveryApi() {
        String ws = unique("broken");
        TestNode.Key key = node.newKey(ws, "admin");
        String t = unique("t");
        assertThat(node.postJson("/v1/tables", "{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}",
                key.secret()).status()).isEqualTo(201);
        String job = node.post("/v1/tables/" + t + "/imports?wait=30", "text/csv", "id\n1\n", key.secret()).json().get("id").asText();
        node.sql("UPDATE " + (kind == StoreKind.SQLITE ? "freight_jobs" : "freight.jobs") + " SET spec = '{not json' WHERE id = '" + job + "'");

        TestNode.Response native_ = node.get("/v1/jobs/" + job, key.secret());
        internal(native_, problem(native_, 500).get("detail").asText());
        TestNode.Response list = node.get("/v1/jobs", key.secret());
        internal(list, problem(list, 500).get("detail").asText());
        TestNode.Response dengage = node.get("/rest/dataspace/async/upsert/" + job, key.secret());
        internal(dengage, dengage.json().get("message").asText());
        TestNode.Response yesmail = node.send("GET", "/v2/tickets/" + job, null, Map.of("Api-User", ws, "Api-Key", key.secret()), null);
        internal(yesmail, yesmail.json().get("message").asText());
    }
}
