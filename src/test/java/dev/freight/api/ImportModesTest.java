package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every mode × new key, existing key, same key twice, absent columns (DESIGN §3), through HTTP. */
class ImportModesTest extends StoreSuite {

    /** A fresh table with rows 1 (a, 10) and 2 (b, 20). */
    private String seeded() {
        String t = unique("people");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"score","type":"integer","default":7}],"primaryKey":["id"]}""".formatted(t));
        JsonNode job = node.importCsv(t, "mode=insert", "id,name,score\n1,a,10\n2,b,20\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        return t;
    }

    private static List<String> outcomes(TestNode node, JsonNode job) {
        return node.results(job.get("id").asText()).stream().map(r -> r.get("outcome").asText()).toList();
    }

    private String rows(String table) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : node.records(table)) sb.append(r.get("id")).append(':').append(r.get("name").asText()).append(':').append(r.get("score")).append(' ');
        return sb.toString().trim();
    }

    @Test
    void upsertInsertsNewUpdatesExistingAndKeepsAbsentColumns() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name\n1,A\n3,c\n");
        assertThat(outcomes(node, job)).containsExactly("updated", "inserted");
        assertThat(rows(t)).isEqualTo("1:A:10 2:b:20 3:c:7");
    }

    @Test
    void sameKeyTwiceInOneFileIsInsertedThenUpdated() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name,score\n5,x,1\n5,y,2\n");
        assertThat(outcomes(node, job)).containsExactly("inserted", "updated");
        assertThat(rows(t)).endsWith("5:y:2");
    }

    @Test
    void upsertOfEqualValuesIsUnchanged() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "", "id,name,score\n1,a,10\n");
        assertThat(outcomes(node, job)).containsExactly("unchanged");
        assertThat(job.at("/counts/unchanged").asLong()).isEqualTo(1);
    }

    @Test
    void insertFailsOnDuplicateKeyAndOnSecondOccurrence() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=insert", "id,name\n1,z\n7,q\n7,r\n");
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(res).extracting(r -> r.get("outcome").asText()).containsExactly("failed", "inserted", "failed");
        assertThat(res.get(0).get("error").asText()).contains("duplicate key").contains("(id)=(1)");
        assertThat(rows(t)).isEqualTo("1:a:10 2:b:20 7:q:7");
    }

    @Test
    void replaceSetsAbsentColumnsToTheirDefault() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=replace", "id,name\n1,A\n9,n\n");
        assertThat(outcomes(node, job)).containsExactly("updated", "inserted");
        assertThat(rows(t)).isEqualTo("1:A:7 2:b:20 9:n:7");
    }

    @Test
    void ignoreLeavesExistingRows() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=ignore", "id,name\n1,A\n4,d\n");
        assertThat(outcomes(node, job)).containsExactly("ignored", "inserted");
        assertThat(rows(t)).isEqualTo("1:a:10 2:b:20 4:d:7");
    }

    @Test
    void updateIgnoresUnknownKeys() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=update", "id,score\n2,21\n8,80\n");
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(res).extracting(r -> r.get("outcome").asText()).containsExactly("updated", "ignored");
        assertThat(res.get(1).get("warning").asText()).isEqualTo("not found");
        assertThat(rows(t)).isEqualTo("1:a:10 2:b:21");
    }

    @Test
    void deleteRemovesMatchingRows() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=delete", "id\n2\n2\n6\n");
        assertThat(outcomes(node, job)).containsExactly("deleted", "ignored", "ignored");
        assertThat(rows(t)).isEqualTo("1:a:10");
    }

    @Test
    void deleteMarkerDeletesInAnyMode() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name,_delete_\n1,,true\n2,B,0\n");
        assertThat(outcomes(node, job)).containsExactly("deleted", "updated");
        assertThat(rows(t)).isEqualTo("2:B:20");
    }

    @Test
    void aRowDeletedAndInsertedAgainInOneFileTakesTheDefaultOfAnAbsentColumn() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name,_delete_\n1,,true\n1,again,\n");
        assertThat(outcomes(node, job)).containsExactly("deleted", "inserted");
        assertThat(rows(t)).isEqualTo("1:again:7 2:b:20");
    }

    @Test
    void replaceAllReplacesTheWholeTable() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "mode=replace_all", "id,name,score\n2,bb,2\n3,cc,3\n");
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(outcomes(node, job)).containsExactly("inserted", "inserted");
        assertThat(rows(t)).isEqualTo("2:bb:2 3:cc:3");
    }

    @Test
    void aRowWithABadValueFailsAloneAndItsResultNamesItsKey() {
        String t = seeded();
        JsonNode job = node.importCsv(t, "", "id,name,score\n17,q,abc\n18,r,5\n");
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(res.get(0).get("outcome").asText()).isEqualTo("failed");
        assertThat(res.get(0).get("error").asText()).isEqualTo("column score: 'abc' is not an integer");
        assertThat(res.get(0).get("key").get("id").asText()).isEqualTo("17");
        assertThat(res.get(1).get("outcome").asText()).isEqualTo("inserted");
        assertThat(rows(t)).isEqualTo("1:a:10 2:b:20 18:r:5");
    }

    @Test
    void drawnAutonumberKeysNeverTakeAnExplicitKeyOfTheSameChunk() {
        String t = unique("numbered");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer","autonumber":true},{"name":"name","type":"text"}],
                 "primaryKey":["id"]}""".formatted(t));
        // the table is empty, so the first drawn number would be 1: the explicit 1 and 2 must survive
        JsonNode job = node.importBody(t, "", "application/json", "[{\"name\":\"drawn\"},{\"id\":1,\"name\":\"one\"},{\"id\":2,\"name\":\"two\"}]");
        assertThat(outcomes(node, job)).containsExactly("inserted", "inserted", "inserted");
        List<String> names = node.records(t).stream().map(r -> r.get("id") + ":" + r.get("name").asText()).toList();
        assertThat(names).containsExactly("1:one", "2:two", "3:drawn");
    }

    @Test
    void emptyFieldKeepsUnlessEmptyOverwrites() {
        String t = seeded();
        node.importCsv(t, "", "id,name,score\n1,,\n");
        assertThat(rows(t)).startsWith("1:a:10");
        node.importCsv(t, "emptyOverwrites=true", "id,name,score\n1,,\n");
        JsonNode r = node.records(t).get(0);
        assertThat(r.get("name").asText()).isEmpty();
        assertThat(r.get("score").isNull()).isTrue();
    }
}
