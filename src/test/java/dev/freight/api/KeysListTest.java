package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/keys} (an admin's listing, never a secret) and {@code GET /v1/keys/current} (who am I). */
class KeysListTest extends StoreSuite {

    private static List<JsonNode> items(TestNode.Response r) {
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.json().get("items").forEach(out::add);
        return out;
    }

    private static JsonNode byId(List<JsonNode> keys, String id) {
        return keys.stream().filter(k -> k.get("id").asText().equals(id)).findFirst().orElse(null);
    }

    @Test
    void anAdminListsItsWorkspacesKeysAndDefaultsAdminListsEvery() {
        String ws = unique("keyring");
        TestNode.Key admin = node.newKey(ws, "admin");
        TestNode.Key reader = node.newKey(ws, "read");
        TestNode.Key elsewhere = node.newKey(unique("other"), "write");

        List<JsonNode> all = items(node.get("/v1/keys"));
        assertThat(byId(all, reader.id())).as("default's admin sees every workspace").isNotNull();
        assertThat(byId(all, elsewhere.id())).isNotNull();
        JsonNode r = byId(all, reader.id());
        assertThat(r.get("workspace").asText()).isEqualTo(ws);
        assertThat(r.get("role").asText()).isEqualTo("read");
        assertThat(r.get("name").asText()).isEqualTo("k");
        assertThat(r.get("groups").isArray()).isTrue();
        assertThat(r.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(r.get("lastUsedAt").isNull()).as("never used").isTrue();
        // never a secret or a hash, of any key
        String listing = node.get("/v1/keys").body();
        assertThat(listing).doesNotContain(reader.secret()).doesNotContain(TestNode.ADMIN_KEY).doesNotContain("frt_")
                .doesNotContain("hash");
        for (JsonNode k : all) assertThat(k.has("key")).isFalse();

        // another workspace's admin: its own keys only
        List<JsonNode> own = items(node.get("/v1/keys", admin.secret()));
        assertThat(own).extracting(k -> k.get("workspace").asText()).containsOnly(ws);
        assertThat(own).extracting(k -> k.get("id").asText()).containsExactlyInAnyOrder(admin.id(), reader.id());

        // a revoked key is no longer listed
        assertThat(node.delete("/v1/keys/" + reader.id()).status()).isEqualTo(204);
        assertThat(byId(items(node.get("/v1/keys", admin.secret())), reader.id())).isNull();
    }

    @Test
    void onlyAnAdminLists() {
        TestNode.Key writer = node.newKey("default", "write");
        problem(node.get("/v1/keys", writer.secret()), 403);
        problem(node.get("/v1/keys", null), 401);
    }

    @Test
    void aKeyThatWasUsedShowsWhen() {
        String ws = unique("usage");
        TestNode.Key reader = node.newKey(ws, "read");
        assertThat(node.get("/v1/tables", reader.secret()).status()).isEqualTo(200);
        long deadline = System.currentTimeMillis() + 10_000; // recorded off the request's path
        JsonNode listed = null;
        while (System.currentTimeMillis() < deadline) {
            listed = byId(items(node.get("/v1/keys")), reader.id());
            if (!listed.get("lastUsedAt").isNull()) break;
            sleep(50);
        }
        assertThat(listed.get("lastUsedAt").asText()).as("%s", listed).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(listed.get("lastUsedAt").asText()).isGreaterThanOrEqualTo(listed.get("createdAt").asText());
    }

    @Test
    void anyKeySaysWhoItIs() {
        String ws = unique("whoami");
        TestNode.Key reader = node.newKey(ws, "read");
        JsonNode me = node.get("/v1/keys/current", reader.secret()).json();
        assertThat(me.get("id").asText()).isEqualTo(reader.id());
        assertThat(me.get("workspace").asText()).isEqualTo(ws);
        assertThat(me.get("role").asText()).isEqualTo("read");
        assertThat(me.get("name").asText()).isEqualTo("k");
        assertThat(me.get("groups").size()).isZero();
        assertThat(me.has("key")).isFalse();
        JsonNode admin = node.get("/v1/keys/current").json();
        assertThat(admin.get("workspace").asText()).isEqualTo("default");
        assertThat(admin.get("role").asText()).isEqualTo("admin");
        problem(node.get("/v1/keys/current", "frt_unknown"), 401);
    }
}
