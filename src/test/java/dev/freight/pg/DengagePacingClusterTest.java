package dev.freight.pg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.compat.dengage.DengageSettings;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * D·engage's one async upsert per table per minute holds for the cluster: two nodes on one
 * PostgreSQL database accept one call between them, even when calls race on both at once.
 */
class DengagePacingClusterTest {
    private static final String ASYNC = "/rest/dataspace/async/upsert";

    @Test
    void oneAsyncCallPerTablePerMinuteAcrossNodes() throws Exception {
        try (TestNode a = TestNode.start(StoreKind.POSTGRESQL, 1, 500,
                c -> c.withDengage(new DengageSettings(Duration.ofSeconds(60), DengageSettings.MAX_BODY)));
             TestNode b = TestNode.join(a, 1, 500)) {
            for (String t : List.of("paced", "raced")) {
                a.createTable("""
                        {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"v","type":"text"}],"primaryKey":["id"]}"""
                        .formatted(t));
            }
            assertThat(upsert(a, "paced").status()).isEqualTo(202);
            TestNode.Response other = upsert(b, "paced");
            assertThat(other.status()).as("the other node: %s", other).isEqualTo(429);
            assertThat(Long.parseLong(other.header("Retry-After"))).isBetween(1L, 60L);

            // eight calls at once, four on each node: one is accepted
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> calls = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    TestNode n = i % 2 == 0 ? a : b;
                    calls.add(pool.submit(() -> upsert(n, "raced").status()));
                }
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> f : calls) statuses.add(f.get());
                assertThat(statuses).as("%s", statuses).containsOnlyOnce(202).containsOnly(202, 429);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static TestNode.Response upsert(TestNode node, String table) {
        String body = "{\"tableName\":\"" + table + "\",\"fileContent\":\""
                + Base64.getEncoder().encodeToString("id,v\n1,x\n".getBytes(StandardCharsets.UTF_8)) + "\"}";
        return node.send("POST", ASYNC, null, Map.of("Content-Type", "application/json", "Authorization", "Bearer " + TestNode.ADMIN_KEY),
                HttpRequest.BodyPublishers.ofString(body));
    }
}
