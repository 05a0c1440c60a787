package dev.freight.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document describes exactly the routes the router has, no more, no less: the native
 * and operations routes, and every vendor dialect's (a dialect added without its paths fails here).
 */
class OpenApiTest {

    /** "METHOD /path" for every operation under {@code paths:} of the document. */
    static Set<String> documented(String yaml) {
        Set<String> out = new TreeSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : yaml.split("\n")) {
            if (line.equals("paths:")) {
                inPaths = true;
                continue;
            }
            if (!inPaths) continue;
            if (!line.isEmpty() && !line.startsWith(" ")) break; // next top-level section
            if (line.startsWith("  /") && line.endsWith(":")) {
                path = line.trim().substring(0, line.trim().length() - 1);
            } else if (path != null && line.matches("    (get|head|post|put|patch|delete):.*")) {
                out.add(line.trim().substring(0, line.trim().indexOf(':')).toUpperCase() + " " + path);
            }
        }
        return out;
    }

    static boolean isDialect(String path) {
        return path.startsWith("/rest/") || path.startsWith("/v2/") || path.startsWith("/api/v0/") || path.startsWith("/v3/")
                || path.regionMatches(true, 0, "/CSSAPI/", 0, 8);
    }

    @Test
    void documentMatchesTheRouter() {
        try (TestNode node = TestNode.start(StoreKind.SQLITE)) {
            TestNode.Response doc = node.get("/openapi.yaml", null);
            assertThat(doc.status()).isEqualTo(200);
            assertThat(doc.body()).startsWith("openapi: 3.1.0");
            Set<String> routed = new TreeSet<>();
            for (RouteTable.Route r : node.node().server().routes()) routed.add(r.method() + " " + r.path());
            assertThat(routed).as("the dialects' routes are registered too").contains("POST /rest/dataspace/async/upsert",
                    "GET /v2/tickets/{id}");
            assertThat(documented(doc.body())).isEqualTo(routed);
        }
    }
}
