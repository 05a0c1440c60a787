package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** CSV pages of records carry their next cursor; a table shows its row count; the event stream ends with progress, then state. */
class RecordsAndEventsTest extends StoreSuite {
    private static final Pattern NEXT = Pattern.compile("^<(/v1/tables/[^>]+)>; rel=\"next\"$");

    private String table(int rows) {
        String t = unique("paged");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"team\",\"type\":\"text\",\"role\":\"group\"}],"
                + "\"primaryKey\":[\"id\"]}");
        // an import names only groups that exist (a 409 when an earlier test made them already is fine)
        node.postJson("/v1/groups", "{\"name\":\"north\"}");
        node.postJson("/v1/groups", "{\"name\":\"south\"}");
        StringBuilder csv = new StringBuilder("id,team\n");
        for (int i = 1; i <= rows; i++) csv.append(i).append(',').append(i % 5 == 0 ? "north" : "").append('\n');
        node.importCsv(t, "", csv.toString());
        return t;
    }

    @Test
    void csvPagesCarryTheNextCursorToTheEnd() {
        String t = table(25);
        List<String> ids = new ArrayList<>();
        String path = "/v1/tables/" + t + "/records?limit=10";
        int pages = 0;
        while (path != null) {
            TestNode.Response r = node.send("GET", path, TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            List<String> lines = r.body().lines().toList();
            assertThat(lines.get(0)).isEqualTo("id,team");
            lines.stream().skip(1).forEach(l -> ids.add(l.split(",", -1)[0]));
            pages++;
            String link = r.header("Link");
            String after = r.header("Freight-Next-After");
            if (link == null) {
                assertThat(after).as("no cursor on the last page").isNull();
                path = null;
            } else {
                Matcher m = NEXT.matcher(link);
                assertThat(m.matches()).as(link).isTrue();
                assertThat(link).contains("after=" + after); // a URL-safe cursor
                path = m.group(1);
            }
        }
        assertThat(pages).isEqualTo(3);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 25; i++) expected.add(Integer.toString(i));
        assertThat(ids).isEqualTo(expected);
        // the JSON pages' cursor and the CSV's are the same
        String jsonNext = node.get("/v1/tables/" + t + "/records?limit=10").json().get("next").asText();
        assertThat(node.send("GET", "/v1/tables/" + t + "/records?limit=10", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null)
                .header("Freight-Next-After")).isEqualTo(jsonNext);
    }

    @Test
    void aTableShowsHowManyRowsTheKeyReads() {
        String t = table(25);
        assertThat(node.get("/v1/tables/" + t).json().get("rowCount").asLong()).isEqualTo(25);
        node.postJson("/v1/groups", "{\"name\":\"north\"}");
        TestNode.Key north = node.newKey("default", "read", "north");
        // a key limited to a group counts only the rows it reads: its group's (5) and those of none (20)
        assertThat(node.get("/v1/tables/" + t, north.secret()).json().get("rowCount").asLong()).isEqualTo(25);
        node.importCsv(t, "", "id,team\n1,south\n2,south\n");
        assertThat(node.get("/v1/tables/" + t).json().get("rowCount").asLong()).isEqualTo(25);
        assertThat(node.get("/v1/tables/" + t, north.secret()).json().get("rowCount").asLong()).isEqualTo(23);
    }

    /** The (event, data) pairs of an SSE body. */
    private static List<String[]> sse(String body) {
        List<String[]> out = new ArrayList<>();
        String event = null;
        for (String line : body.split("\n", -1)) {
            if (line.startsWith("event: ")) event = line.substring(7);
            else if (line.startsWith("data: ")) out.add(new String[] {event, line.substring(6)});
        }
        return out;
    }

    @Test
    void theFinalProgressComesBeforeTheFinalState() {
        String t = table(0);
        StringBuilder csv = new StringBuilder("id,team\n");
        for (int i = 1; i <= 3000; i++) csv.append(i).append(",\n");
        String id = node.post("/v1/tables/" + t + "/imports", "text/csv", csv.toString(), TestNode.ADMIN_KEY).json().get("id").asText();
        for (String when : new String[] {"while it runs", "after it ended"}) {
            List<String[]> events = sse(node.get("/v1/jobs/" + id + "/events").body());
            assertThat(events.size()).as(when).isGreaterThanOrEqualTo(2);
            String[] last = events.get(events.size() - 1);
            String[] before = events.get(events.size() - 2);
            assertThat(last[0]).as(when).isEqualTo("state");
            assertThat(Json.read(last[1], JsonNode.class).get("state").asText()).as(when).isEqualTo("completed");
            assertThat(before[0]).as(when).isEqualTo("progress");
            JsonNode counts = Json.read(before[1], JsonNode.class);
            assertThat(counts.get("processed").asLong()).as(when).isEqualTo(3000);
            assertThat(counts.get("inserted").asLong()).as(when).isEqualTo(3000);
            assertThat(events.stream().filter(e -> e[0].equals("state")).map(e -> Json.read(e[1], JsonNode.class).get("state").asText()))
                    .as(when).doesNotHaveDuplicates();
        }
    }
}
