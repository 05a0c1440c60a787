package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.auth.KeySecrets;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Freight's own tables (freight_* on SQLite, schema freight on PostgreSQL) are out of reach of
 * every key through every route of every dialect: 404 as if they did not exist, and no table
 * can be created under a name reserved for them.
 */
class OwnTablesTest extends StoreSuite {

    /** Freight's tables as a route would name them, with case variants the database folds together. */
    private List<String> ownNames() {
        List<String> names = new ArrayList<>();
        if (kind == StoreKind.SQLITE) {
            try (Connection c = DriverManager.getConnection(node.jdbcUrl()); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'freight%'")) {
                while (rs.next()) names.add(rs.getString(1));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            assertThat(names).contains("freight_keys", "freight_jobs", "freight_workspaces", "freight_payloads");
        } else {
            names.addAll(List.of("freight_keys", "freight_jobs", "freight_workspaces", "freight_payloads"));
        }
        names.addAll(List.of("FREIGHT_KEYS", "Freight_Jobs"));
        return names;
    }

    private long keyCount() {
        return Long.parseLong(node.sqlValue("SELECT COUNT(*) FROM " + (kind == StoreKind.SQLITE ? "freight_keys" : "freight.keys")));
    }

    @Test
    void everyNativeRouteAnswers404ForFreightsOwnTablesWhateverTheKey() {
        TestNode.Key read = node.newKey("default", "read");
        TestNode.Key write = node.newKey("default", "write");
        long keys = keyCount();
        List<String> tables = new ArrayList<>();
        node.get("/v1/tables").json().get("items").forEach(t -> tables.add(t.get("name").asText()));
        for (String name : ownNames()) {
            for (String key : List.of(read.secret(), write.secret(), TestNode.ADMIN_KEY)) {
                problem(node.get("/v1/tables/" + name, key), 404);
                problem(node.get("/v1/tables/" + name + "/records", key), 404);
                problem(node.send("GET", "/v1/tables/" + name + "/records", key, Map.of("Accept", "text/csv"), null), 404);
            }
            problem(node.post("/v1/tables/" + name + "/imports?mode=insert", "text/csv", "id,workspace\nx,default\n", write.secret()), 404);
            problem(node.post("/v1/tables/" + name + "/imports", "application/json", "[{\"id\":\"x\"}]", TestNode.ADMIN_KEY), 404);
            problem(node.send("DELETE", "/v1/tables/" + name, TestNode.ADMIN_KEY, Map.of("If-Match", "*"), null), 404);
        }
        List<String> after = new ArrayList<>();
        node.get("/v1/tables").json().get("items").forEach(t -> after.add(t.get("name").asText()));
        assertThat(after).containsExactlyInAnyOrderElementsOf(tables).noneMatch(n -> n.toLowerCase().startsWith("freight_"));
        assertThat(keyCount()).isEqualTo(keys);
        assertThat(node.get("/v1/jobs").status()).isEqualTo(200); // freight_jobs still there
    }

    @Test
    void aWriteKeyCannotMakeItselfAnAdminThroughFreightKeys() {
        TestNode.Key write = node.newKey("default", "write");
        String chosen = "frt_chosen_by_the_attacker_000000000";
        String row = "id,workspace,role,name,hash,groups,created_at\nevil,default,admin,evil," + KeySecrets.hash(chosen)
                + ",[],2026-01-01T00:00:00.000Z\n";
        for (String name : List.of("freight_keys", "FREIGHT_KEYS")) {
            problem(node.post("/v1/tables/" + name + "/imports?wait=5", "text/csv", row, write.secret()), 404);
        }
        problem(node.get("/v1/tables", chosen), 401);
        problem(node.postJson("/v1/keys", "{\"workspace\":\"default\",\"role\":\"admin\"}", chosen), 401);
    }

    @Test
    void everyDialectAnswers404ForFreightsOwnTables() {
        String csv = Base64.getEncoder().encodeToString("id;workspace\nx;default\n".getBytes(StandardCharsets.UTF_8));
        for (String name : ownNames()) {
            TestNode.Response async = node.send("POST", "/rest/dataspace/async/upsert", TestNode.ADMIN_KEY,
                    Map.of("Content-Type", "application/json"),
                    HttpRequest.BodyPublishers.ofString("{\"tableName\":" + Json.write(name) + ",\"fileContent\":\"" + csv + "\"}"));
            assertThat(async.status()).as("%s", async).isEqualTo(404);
            assertThat(async.json().get("message").asText()).contains("does not exist");
            TestNode.Response sync = node.send("POST", "/rest/dataspace/sync/upsert", TestNode.ADMIN_KEY,
                    Map.of("Content-Type", "application/json"),
                    HttpRequest.BodyPublishers.ofString("{\"tableName\":" + Json.write(name) + ",\"columns\":[\"id\"],\"rows\":[[\"x\"]]}"));
            assertThat(sync.status()).as("%s", sync).isEqualTo(404);
            TestNode.Response yesmail = node.send("POST", "/v2/reference-data/" + name + "/records/import", null,
                    Map.of("Content-Type", "application/json", "Api-User", "default", "Api-Key", TestNode.ADMIN_KEY),
                    HttpRequest.BodyPublishers.ofString("{\"importType\":\"update\",\"records\":[{\"id\":\"x\"}]}"));
            assertThat(yesmail.status()).as("%s", yesmail).isEqualTo(404);
            assertThat(yesmail.json().get("message").asText()).contains("does not exist");
        }
        assertThat(node.get("/v1/jobs").json().get("items")).noneMatch(j -> j.get("table").asText().toLowerCase().startsWith("freight_"));
    }

    @Test
    void noTableCanBeCreatedUnderAReservedName() {
        List<String> reserved = new ArrayList<>(List.of("freight_keys", "freight_mine", "FREIGHT_Mine", "Freight_x"));
        if (kind == StoreKind.SQLITE) reserved.add("sqlite_mine"); // SQLite keeps sqlite_* for itself
        for (String name : reserved) {
            TestNode.Response r = node.postJson("/v1/tables", "{\"name\":" + Json.write(name)
                    + ",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}");
            JsonNode p = problem(r, 400, "name");
            assertThat(p.get("detail").asText()).as(name).contains("reserved");
            problem(node.get("/v1/tables/" + name), 404);
        }
        // a name that merely contains the word is anyone's
        assertThat(node.postJson("/v1/tables", "{\"name\":\"my_freight_x\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}").status())
                .isEqualTo(201);
    }
}
