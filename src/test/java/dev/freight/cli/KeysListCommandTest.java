package dev.freight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.Main;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code freight keys list}: the keys in force as GET /v1/keys lists them, never a secret. */
class KeysListCommandTest {
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(StoreKind.SQLITE);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--url", node.base())).toArray(String[]::new);
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listsTheKeysWithoutSecrets() throws Exception {
        TestNode.Key reader = node.newKey("cli_list", "read");
        Run list = run("keys", "list", "--api-key=" + TestNode.ADMIN_KEY);
        assertThat(list.code()).as(list.err()).isZero();
        String[] lines = list.out().split("\n");
        assertThat(lines[0]).startsWith("ID").contains("WORKSPACE").contains("ROLE").contains("NAME").contains("LAST USED");
        assertThat(list.out()).contains(reader.id()).doesNotContain(reader.secret()).doesNotContain(TestNode.ADMIN_KEY);
        String row = java.util.Arrays.stream(lines).filter(l -> l.startsWith(reader.id())).findFirst().orElseThrow();
        assertThat(row.split("\\s+")).containsExactly(reader.id(), "cli_list", "read", "k", "-", "never");

        Run json = run("keys", "list", "--json", "--api-key=" + TestNode.ADMIN_KEY);
        JsonNode items = Json.MAPPER.readTree(json.out()).get("items");
        assertThat(items.findValuesAsText("id")).contains(reader.id());

        Run refused = run("keys", "list", "--api-key=" + reader.secret());
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("403");
    }
}
