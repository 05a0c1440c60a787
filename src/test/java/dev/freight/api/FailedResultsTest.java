package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.engine.ResultChunk;
import dev.freight.job.Outcome;
import dev.freight.testing.StoreSuite;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reading only some outcomes of a long job (e.g. its few failed rows) leaves out the result
 * chunks that hold none of them instead of decoding every chunk, and still finds every such row.
 */
class FailedResultsTest extends StoreSuite {
    @Override
    protected int chunkSize() {
        return 100;
    }

    @Test
    void theFailedRowsOfALongJobComeFromTheChunksThatHoldThemAlone() {
        String t = unique("mostly_fine");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"n\",\"type\":\"integer\"}],"
                + "\"primaryKey\":[\"id\"]}");
        StringBuilder csv = new StringBuilder("id,n\n");
        for (int i = 0; i < 2000; i++) csv.append(i).append(',').append(i == 250 || i == 1730 || i == 1731 ? "bad" : "1").append('\n');
        JsonNode job = node.importCsv(t, "", csv.toString());
        String id = job.get("id").asText();
        assertThat(job.get("counts").get("failed").asInt()).isEqualTo(3);

        // through the API: every failed row, across pages, and nothing else
        List<Integer> failed = new ArrayList<>();
        String path = "/v1/jobs/" + id + "/results?outcome=failed&limit=2";
        while (path != null) {
            JsonNode page = node.get(path).json();
            page.get("items").forEach(r -> {
                assertThat(r.get("outcome").asText()).isEqualTo("failed");
                failed.add(r.get("index").asInt());
            });
            path = page.hasNonNull("next") ? "/v1/jobs/" + id + "/results?outcome=failed&limit=2&after=" + page.get("next").asText() : null;
        }
        assertThat(failed).containsExactly(250, 1730, 1731);

        // in the store: 20 chunks of 100 rows, two of which hold a failed row
        List<ResultChunk> all = node.node().store().results(id, 0, 100);
        List<ResultChunk> withFailures = node.node().store().results(id, 0, 100, EnumSet.of(Outcome.FAILED));
        assertThat(all).hasSize(20);
        assertThat(withFailures).extracting(ResultChunk::firstIndex).containsExactly(200L, 1700L);
        assertThat(node.node().store().results(id, 0, 100, EnumSet.of(Outcome.INSERTED, Outcome.FAILED))).hasSize(20);
        assertThat(node.node().store().results(id, 0, 100, EnumSet.of(Outcome.DELETED))).isEmpty();
    }
}
