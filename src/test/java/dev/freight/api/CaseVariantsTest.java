package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.auth.KeySecrets;
import dev.freight.store.StoreKind;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Names that differ only in case are one name (SQLite folds them; Freight keeps the rule on every
 * store): a second table or workspace of such a name is refused as taken, 409 with a clear
 * message, never a 500 carrying SQL.
 */
class CaseVariantsTest extends StoreSuite {
    private static final String TABLE = "{\"name\":\"%s\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}";

    @Test
    void aTableNameThatDiffersOnlyInCaseIsTaken() {
        String t = unique("customers");
        node.createTable(TABLE.formatted(t));
        for (String variant : new String[] {t.toUpperCase(Locale.ROOT), "Customers" + t.substring("customers".length())}) {
            JsonNode p = problem(node.postJson("/v1/tables", TABLE.formatted(variant)), 409);
            assertThat(p.get("detail").asText()).isEqualTo("table " + variant + " cannot be created: " + t
                    + " already exists, and names that differ only in case are one name");
            InternalErrorsTest.noInternals(p.toString());
            problem(node.get("/v1/tables/" + variant), 404);
        }
        JsonNode p = problem(node.postJson("/v1/tables", TABLE.formatted(t)), 409);
        assertThat(p.get("detail").asText()).isEqualTo("table " + t + " already exists");
        assertThat(node.get("/v1/tables").json().findValuesAsText("name")).filteredOn(n -> n.equalsIgnoreCase(t)).containsExactly(t);
    }

    @Test
    void aWorkspaceNameThatDiffersOnlyInCaseIsTaken() {
        String ws = unique("acme");
        node.newKey(ws, "admin");
        for (String variant : new String[] {ws.toUpperCase(Locale.ROOT), "Acme" + ws.substring(4)}) {
            JsonNode p = problem(node.postJson("/v1/keys", "{\"workspace\":\"" + variant + "\",\"role\":\"admin\"}"), 409);
            assertThat(p.get("detail").asText()).isEqualTo("workspace " + variant + " cannot be created: workspace " + ws
                    + " exists, and names that differ only in case are one name");
        }
        problem(node.postJson("/v1/keys", "{\"workspace\":\"DEFAULT\",\"role\":\"read\"}"), 409);
        assertThat(node.newKey(ws, "read").secret()).startsWith("frt_"); // the workspace itself still takes keys
    }

    /**
     * Two workspaces whose names differ only in case, made before the rule existed: a table one of
     * them creates must not fold into the other's (one SQLite file holds both), and the refusal
     * names neither the other workspace nor SQL.
     */
    @Test
    void workspacesMadeBeforeTheRuleCannotReachEachOthersTables() {
        String ws = unique("legacy");
        String upper = ws.toUpperCase(Locale.ROOT);
        TestNode.Key lower = node.newKey(ws, "admin");
        String secret = "frt_legacy_upper_case_workspace_" + ws;
        boolean sqlite = kind == StoreKind.SQLITE;
        node.sql("INSERT INTO " + (sqlite ? "freight_workspaces" : "freight.workspaces") + " (name, created_at) VALUES ('" + upper
                        + "', '2026-01-01T00:00:00.000Z')",
                "INSERT INTO " + (sqlite ? "freight_keys" : "freight.keys") + " (id, workspace, role, name, hash, groups, created_at) VALUES ('"
                        + ws + "', '" + upper + "', 'admin', 'legacy', '" + KeySecrets.hash(secret) + "', '[]', '2026-01-01T00:00:00.000Z')");
        assertThat(node.postJson("/v1/tables", TABLE.formatted("orders"), lower.secret()).status()).isEqualTo(201);
        node.post("/v1/tables/orders/imports?wait=30", "text/csv", "id\n1\n", lower.secret());
        TestNode.Response r = node.postJson("/v1/tables", TABLE.formatted("orders"), secret);
        if (sqlite) {
            JsonNode p = problem(r, 409);
            assertThat(p.get("detail").asText()).contains("orders").contains("case").doesNotContain(ws);
            InternalErrorsTest.noInternals(p.toString());
        } else {
            assertThat(r.status()).as("%s", r).isEqualTo(201); // PostgreSQL keeps them in two schemas
        }
        assertThat(node.get("/v1/tables/orders/records", lower.secret()).json().get("items")).hasSize(1);
        assertThat(node.get("/v1/tables/orders/records", secret).json().path("items").size()).isZero();
    }
}
