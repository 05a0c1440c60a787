package dev.freight.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The console's files as HTTP serves them from the jar: no key, their types, their policy, nothing from elsewhere. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleFilesTest {
    private static final Pattern IMPORT = Pattern.compile("(?:import|export)\\s[^'\"]*?from\\s+'([^']+)'|import\\('([^']+)'\\)");
    private static final Pattern OFF_SITE = Pattern.compile("(?:src|href)=\"(?:https?:)?//|from\\s+'(?:https?:)?//|url\\((?:https?:)?//");

    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start(StoreKind.SQLITE);
    }

    @AfterAll
    void stop() {
        node.close();
    }

    @Test
    void theConsoleIsServedAtTheRootWithoutAKey() {
        TestNode.Response page = node.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/main.js\"></script>", "<meta charset=\"utf-8\">");
        // the pages may load only their own files and talk only to this server
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'", "form-action 'none'");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(node.get("/console.css", null).header("Content-Type")).startsWith("text/css");
        assertThat(node.get("/favicon.svg", null).header("Content-Type")).startsWith("image/svg+xml");
    }

    @Test
    void everyModuleTheConsoleImportsIsServedAsJavaScriptAndNothingComesFromElsewhere() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add("/js/main.js");
        while (!todo.isEmpty()) {
            String path = todo.poll();
            if (!seen.add(path)) continue;
            TestNode.Response module = node.get(path, null);
            assertThat(module.status()).as(path).isEqualTo(200);
            assertThat(module.header("Content-Type")).as(path).startsWith("text/javascript");
            assertThat(OFF_SITE.matcher(module.body()).find()).as(path + " loads nothing from another origin").isFalse();
            Matcher m = IMPORT.matcher(module.body());
            while (m.find()) {
                String target = m.group(1) != null ? m.group(1) : m.group(2);
                todo.add(java.net.URI.create("http://x" + path).resolve(target).getPath());
            }
        }
        assertThat(seen).contains("/js/api.js", "/js/events.js", "/js/screens/job.js", "/js/screens/import.js", "/js/screens/keys.js");
        for (String file : new String[] {"/", "/console.css"}) {
            assertThat(OFF_SITE.matcher(node.get(file, null).body()).find()).as(file + " loads nothing from another origin").isFalse();
        }
    }

    @Test
    void theApiAndUnknownPathsAnswerAsBefore() {
        assertThat(node.get("/v1/tables", null).status()).isEqualTo(401);
        TestNode.Response missing = node.get("/js/no-such-module.js", null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
        assertThat(node.get("/../pom.xml", null).status()).isIn(400, 404);
    }
}
