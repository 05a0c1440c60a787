package dev.freight.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Chunks of two rows, so that every key below crosses a chunk boundary: chunk N+1 is planned
 * while chunk N is still being written, and must see the rows N leaves, exactly as if the
 * chunks had run one after the other.
 */
class PlanAheadTest extends StoreSuite {

    @Override
    protected int chunkSize() {
        return 2;
    }

    private String table() {
        String t = unique("ahead");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"},
                 {"name":"score","type":"integer","default":7}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    private List<String> outcomes(JsonNode job) {
        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("completed");
        return node.results(job.get("id").asText()).stream().map(r -> r.get("outcome").asText()).toList();
    }

    private String rows(String table) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : node.records(table)) {
            sb.append(r.get("id")).append(':').append(r.get("name").asText()).append(':').append(r.get("score")).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void aKeyInsertedInOneChunkIsUpdatedInTheNextAndTheOneAfter() {
        String t = table();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name\n1,a\n2,b\n1,c\n3,d\n1,e\n");
        assertThat(outcomes(job)).containsExactly("inserted", "inserted", "updated", "inserted", "updated");
        assertThat(rows(t)).isEqualTo("1:e:7 2:b:7 3:d:7");
    }

    @Test
    void theSameValuesInTheNextChunkAreUnchanged() {
        String t = table();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name,score\n5,x,1\n6,y,2\n5,x,1\n6,z,2\n");
        assertThat(outcomes(job)).containsExactly("inserted", "inserted", "unchanged", "updated");
    }

    /** Chunk 2 is planned on what chunk 1 leaves: the defaults its inserts take, not "no value". */
    @Test
    void theDefaultOfAColumnAnInsertLeftOutIsSeenByTheNextChunk() {
        String t = table();
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name,score\n1,a,\n2,b,\n1,a,7\n2,b,8\n");
        assertThat(outcomes(job)).containsExactly("inserted", "inserted", "unchanged", "updated");
        JsonNode replaced = node.importCsv(t, "mode=replace", "id,name\n3,c\n4,d\n3,c\n");
        assertThat(outcomes(replaced)).containsExactly("inserted", "inserted", "unchanged");
    }

    @Test
    void aKeyDeletedInOneChunkIsNewInTheNext() {
        String t = table();
        node.importCsv(t, "mode=insert", "id,name\n1,a\n2,b\n");
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name,_delete_\n1,,true\n9,z,\n1,again,\n2,,true\n2,,true\n");
        assertThat(outcomes(job)).containsExactly("deleted", "inserted", "inserted", "deleted", "ignored");
        assertThat(rows(t)).isEqualTo("1:again:7 9:z:7");
    }

    @Test
    void insertModeFailsAKeyTheChunkBeforeInserted() {
        String t = table();
        JsonNode job = node.importCsv(t, "mode=insert", "id,name\n1,a\n2,b\n2,again\n3,c\n");
        assertThat(outcomes(job)).containsExactly("inserted", "inserted", "failed", "inserted");
    }

    /**
     * On PostgreSQL an insert-only chunk is planned without reading stored rows, its keys assumed
     * new; a stored key shows when the chunk is written, and the chunk is planned again with them.
     */
    @Test
    void insertModeFindsStoredKeysInEveryChunk() {
        String t = table();
        node.importCsv(t, "mode=insert", "id,name\n1,a\n2,b\n");
        JsonNode job = node.importCsv(t, "mode=insert", "id,name\n1,x\n5,y\n1,z\n6,w\n7,v\n2,u\n");
        assertThat(outcomes(job)).containsExactly("failed", "inserted", "failed", "inserted", "inserted", "failed");
        List<JsonNode> results = node.results(job.get("id").asText());
        assertThat(results.get(0).get("error").asText()).as("%s", results.get(0)).contains("duplicate key (id)=(1)");
        assertThat(results.get(5).get("error").asText()).contains("duplicate key (id)=(2)");
        assertThat(rows(t)).isEqualTo("1:a:7 2:b:7 5:y:7 6:w:7 7:v:7");
    }

    /**
     * A unique index the planner knows nothing of rejects key 2 in the first chunk; the second
     * chunk was planned as if 2 existed, so it is planned again: 2 is new there, not updated.
     */
    @Test
    void aChangeTheDatabaseRejectedIsNotAssumedByTheNextChunk() {
        String t = table();
        node.sql("CREATE UNIQUE INDEX " + t + "_name ON " + t + " (name)");
        JsonNode job = node.importCsv(t, "mode=upsert", "id,name\n1,a\n2,a\n2,b\n3,c\n");
        List<String> outcomes = outcomes(job);
        assertThat(outcomes).containsExactly("inserted", "failed", "inserted", "inserted");
        assertThat(rows(t)).isEqualTo("1:a:7 2:b:7 3:c:7");
    }
}
