package dev.freight.robust;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Broken and hostile bodies on both stores: a gzip body that ends early or fails its checksum
 * changes nothing (400 before any job); an NDJSON line that is no JSON object fails alone; a row
 * over the field or record limits fails its job with the limit named, and the table's next job runs.
 */
class HostileInputTest extends StoreSuite {
    private static final int ROWS = 50_000;

    private String table() {
        String t = unique("hostile");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],
                 "primaryKey":["id"]}""".formatted(t));
        return t;
    }

    private TestNode.Response post(String table, String contentType, boolean gzip, byte[] body) {
        Map<String, String> headers = gzip ? Map.of("Content-Type", contentType, "Content-Encoding", "gzip")
                : Map.of("Content-Type", contentType);
        return node.send("POST", "/v1/tables/" + table + "/imports?wait=60", TestNode.ADMIN_KEY, headers,
                HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(z)) {
            g.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return z.toByteArray();
    }

    private static byte[] csv(int rows) {
        StringBuilder sb = new StringBuilder("id,name\n");
        for (int i = 0; i < rows; i++) sb.append(i).append(",name-").append(i).append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private long jobs() {
        return node.get("/v1/jobs?limit=1000").json().get("items").size();
    }

    private long storedBodies() {
        return Long.parseLong(node.sqlValue("SELECT COUNT(*) FROM "
                + (kind == dev.freight.store.StoreKind.SQLITE ? "freight_payloads" : "freight.payloads")));
    }

    @Test
    void aTruncatedGzipBodyChangesNothing() {
        String t = table();
        byte[] whole = gzip(csv(ROWS));
        long jobsBefore = jobs();
        long bodiesBefore = storedBodies();
        TestNode.Response half = post(t, "text/csv", true, Arrays.copyOf(whole, whole.length / 2));
        assertThat(half.status()).as("%s", half).isEqualTo(400);
        assertThat(half.json().get("detail").asText()).contains("gzip body cannot be read").contains("truncated")
                .contains("nothing was stored");
        // the whole stream but its trailer: every row decodes, the end is missing
        TestNode.Response noTrailer = post(t, "text/csv", true, Arrays.copyOf(whole, whole.length - 8));
        assertThat(noTrailer.status()).as("%s", noTrailer).isEqualTo(400);
        assertThat(jobs()).isEqualTo(jobsBefore);
        assertThat(storedBodies()).as("nothing half-stored").isEqualTo(bodiesBefore);
        assertThat(node.records(t)).isEmpty();
        // the whole body imports every row
        JsonNode job = node.awaitFinal(post(t, "text/csv", true, whole).json().get("id").asText());
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(ROWS);
    }

    @Test
    void aGzipBodyFailingItsChecksumChangesNothing() {
        String t = table();
        byte[] z = gzip(csv(ROWS));
        z[z.length - 6] ^= 0x5a; // in the CRC-32 of the trailer: the data inflates, the check fails
        TestNode.Response r = post(t, "text/csv", true, z);
        assertThat(r.status()).as("%s", r).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).contains("not valid gzip");
        byte[] size = gzip(csv(100));
        size[size.length - 1] ^= 0x01; // the size in the trailer
        assertThat(post(t, "text/csv", true, size).status()).isEqualTo(400);
        assertThat(post(t, "text/csv", true, "not gzip at all".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(node.records(t)).isEmpty();
    }

    @Test
    void anNdjsonLineThatIsNoObjectFailsThatRowAlone() {
        String t = table();
        int n = 1200; // past two chunks
        int badAt = 700; // 0-based row index
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < n; i++) {
            body.append(i == badAt ? "{\"id\": " + i + ", \"name\": \"broken\"" : "{\"id\":" + i + ",\"name\":\"n" + i + "\"}").append('\n');
        }
        TestNode.Response r = post(t, "application/x-ndjson", false, body.toString().getBytes(StandardCharsets.UTF_8));
        JsonNode job = node.awaitFinal(r.json().get("id").asText());
        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("completed");
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(n - 1);
        assertThat(job.at("/counts/failed").asLong()).isEqualTo(1);
        JsonNode failed = node.get("/v1/jobs/" + job.get("id").asText() + "/results?outcome=failed").json().get("items");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).get("index").asLong()).isEqualTo(badAt);
        assertThat(failed.get(0).get("error").asText()).startsWith("line " + (badAt + 1) + ": invalid JSON");
        assertThat(node.records(t)).hasSize(n - 1);
    }

    @Test
    void aRowOverTheLimitsFailsItsJobAndTheNextJobRuns() {
        String t = table();
        String tooMany = "id,name\n1,a\n" + ",".repeat(5000) + "\n3,c\n";
        JsonNode job = node.awaitFinal(post(t, "text/csv", false, tooMany.getBytes(StandardCharsets.UTF_8)).json().get("id").asText());
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).isEqualTo("malformed input: line 3: the row has more than 4096 fields (the limit)");
        TestNode.Response header = post(t, "text/csv", false, (",".repeat(5000) + "\n1\n").getBytes(StandardCharsets.UTF_8));
        assertThat(header.status()).isEqualTo(400);
        assertThat(header.json().get("detail").asText()).contains("line 1: the header has more than 4096 columns (the limit)");
        String deep = "[{\"id\":1,\"name\":\"a\"},{\"id\":2,\"name\":" + "[".repeat(100) + "]".repeat(100) + "}]";
        JsonNode nested = node.awaitFinal(post(t, "application/json", false, deep.getBytes(StandardCharsets.UTF_8)).json().get("id").asText());
        assertThat(nested.get("error").asText()).contains("nested deeper than 64 levels (the limit)");
        JsonNode next = node.awaitFinal(post(t, "text/csv", false, csv(10)).json().get("id").asText());
        assertThat(next.get("state").asText()).isEqualTo("completed");
    }
}
