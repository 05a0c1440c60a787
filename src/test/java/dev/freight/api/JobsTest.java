package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The job lifecycle through HTTP (DESIGN §3, API.md "Jobs"): error thresholds, atomic jobs, order per
 * table, cancel, the job list, the event stream, {@code wait}, and row results as JSON and CSV.
 */
class JobsTest extends StoreSuite {
    private static final int CHUNK = 500; // StoreSuite's chunk size

    private String table() {
        String t = unique("jobs");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"n","type":"integer"},
                 {"name":"note","type":"text"}],"primaryKey":["id"]}""".formatted(t));
        return t;
    }

    /** A CSV of rows 0..count-1 ("id,n"), where {@code n} is given per row. */
    private static String csv(int count, IntFunction<String> n) {
        StringBuilder sb = new StringBuilder(count * 12).append("id,n\n");
        for (int i = 0; i < count; i++) sb.append(i).append(',').append(n.apply(i)).append('\n');
        return sb.toString();
    }

    private TestNode.Response submit(String table, String query, String csv) {
        return node.post("/v1/tables/" + table + "/imports" + (query.isEmpty() ? "" : "?" + query), "text/csv", csv, TestNode.ADMIN_KEY);
    }

    private String submitId(String table, String query, String csv) {
        TestNode.Response r = submit(table, query, csv);
        assertThat(r.status()).as("%s", r).isIn(200, 202);
        return r.json().get("id").asText();
    }

    private JsonNode job(String id) {
        return node.get("/v1/jobs/" + id).json();
    }

    private static Instant time(JsonNode job, String field) {
        return Instant.parse(job.get(field).asText());
    }

    // ---------------------------------------------------------------- thresholds

    @Test
    void errorThresholdByCountStopsTheJobAndKeepsCommittedChunks() {
        String t = table();
        // chunk 1 clean, chunk 2 has 10 bad rows, chunk 3 clean
        String body = csv(3 * CHUNK, i -> i >= CHUNK && i < 2 * CHUNK && i % 50 == 0 ? "abc" : Integer.toString(i));
        JsonNode job = node.importCsv(t, "errorThreshold=5", body);
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).startsWith("error threshold exceeded");
        assertThat(job.at("/counts/failed").asLong()).isEqualTo(10);
        assertThat(job.at("/counts/processed").asLong()).isEqualTo(2 * CHUNK);
        assertThat(node.records(t)).hasSize(2 * CHUNK - 10);
        assertThat(node.results(job.get("id").asText())).hasSize(2 * CHUNK);
        assertThat(job.get("events").get(job.get("events").size() - 1).get("state").asText()).isEqualTo("failed");

        // exactly at the threshold is not over it
        String t2 = table();
        JsonNode ok = node.importCsv(t2, "errorThreshold=10", body);
        assertThat(ok.get("state").asText()).isEqualTo("completed");
        assertThat(node.records(t2)).hasSize(3 * CHUNK - 10);
    }

    /** The last chunk commits and ends the job in one transaction: over the threshold, it ends failed. */
    @Test
    void errorThresholdCrossedByTheLastChunk() {
        String t = table();
        String body = csv(2 * CHUNK + 20, i -> i >= 2 * CHUNK && i % 2 == 0 ? "bad" : Integer.toString(i));
        JsonNode job = node.importCsv(t, "errorThreshold=5", body);
        assertThat(job.get("state").asText()).as("%s", job).isEqualTo("failed");
        assertThat(job.get("error").asText()).isEqualTo("error threshold exceeded: 10 rows failed (threshold 5)");
        assertThat(job.at("/counts/processed").asLong()).isEqualTo(2 * CHUNK + 20);
        assertThat(job.at("/counts/requested").asLong()).isEqualTo(2 * CHUNK + 20);
        assertThat(node.records(t)).hasSize(2 * CHUNK + 10);
        JsonNode events = job.get("events");
        assertThat(events.get(events.size() - 1).get("state").asText()).isEqualTo("failed");
        assertThat(job.get("finishedAt").isNull()).isFalse();

        String t2 = table();
        JsonNode ok = node.importCsv(t2, "errorThreshold=10", body);
        assertThat(ok.get("state").asText()).isEqualTo("completed");
        assertThat(ok.get("events").get(ok.get("events").size() - 1).get("message").asText())
                .isEqualTo("completed: " + (2 * CHUNK + 20) + " rows: " + (2 * CHUNK + 10)
                        + " inserted, 0 updated, 0 unchanged, 0 ignored, 0 deleted, 10 failed");
    }

    @Test
    void errorThresholdByPercentage() {
        String t = table();
        // 100 bad rows in chunk 2: 10% of the rows read by then
        String body = csv(3 * CHUNK, i -> i >= CHUNK && i < 2 * CHUNK && i % 5 == 0 ? "x" + i : Integer.toString(i));
        JsonNode job = node.importCsv(t, "errorThreshold=5%25", body);
        assertThat(job.get("state").asText()).isEqualTo("failed");
        assertThat(job.get("error").asText()).startsWith("error threshold exceeded");
        assertThat(node.records(t)).hasSize(2 * CHUNK - 100);

        // 100 of 1500 is 6.7%: under a 10% threshold the job completes
        String t2 = table();
        JsonNode ok = node.importCsv(t2, "errorThreshold=10%25", body);
        assertThat(ok.get("state").asText()).isEqualTo("completed");
        assertThat(ok.at("/counts/failed").asLong()).isEqualTo(100);
        assertThat(node.records(t2)).hasSize(3 * CHUNK - 100);
    }

    // ---------------------------------------------------------------- atomic

    @Test
    void anAtomicJobWithOneBadRowAppliesNothingAndEveryRowHasAResult() {
        String t = table();
        node.importCsv(t, "", "id,n\n0,100\n1,101\n");
        int rows = 3 * CHUNK;
        int bad = CHUNK + 200;
        String body = csv(rows, i -> i == bad ? "abc" : Integer.toString(i));
        JsonNode job = node.importCsv(t, "atomic=true", body);
        assertThat(job.get("state").asText()).isEqualTo("failed");
        // the row named as docs/api.md#row-numbers names it: its line (the header is line 1) and its index
        assertThat(job.get("error").asText()).contains("atomic").contains("the row at line " + (bad + 2) + " (index " + bad + ")");
        // nothing applied: the two rows from before are untouched
        assertThat(node.records(t)).extracting(r -> r.get("id").asInt() + ":" + r.get("n").asInt()).containsExactly("0:100", "1:101");
        List<JsonNode> results = node.results(job.get("id").asText());
        assertThat(results).hasSize(rows);
        for (int i = 0; i < rows; i++) assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        assertThat(results).allSatisfy(r -> assertThat(r.get("outcome").asText()).isEqualTo("failed"));
        assertThat(results.get(bad).get("error").asText()).isEqualTo("column n: 'abc' is not an integer");
        assertThat(results.get(0).get("error").asText()).contains("rolled back").contains("line " + (bad + 2) + " (index " + bad + ")");
        // every result carries its line, the rows past the failed one's too
        for (int i = 0; i < rows; i++) assertThat(results.get(i).get("line").asInt()).as("line of %d", i).isEqualTo(i + 2);
        assertThat(results.get(rows - 1).get("error").asText()).contains("rolled back");
        assertThat(job.at("/counts/failed").asLong()).isEqualTo(rows);
        assertThat(job.at("/counts/requested").asLong()).isEqualTo(rows);

        JsonNode ok = node.importCsv(t, "atomic=true", csv(rows, Integer::toString));
        assertThat(ok.get("state").asText()).isEqualTo("completed");
        assertThat(node.records(t)).hasSize(rows);
    }

    // ---------------------------------------------------------------- order and parallelism

    @Test
    void jobsOnOneTableRunOneAtATimeInSubmissionOrder() throws Exception {
        String t = table();
        int threads = 4;
        int perThread = 3;
        Map<String, int[]> submitted = new ConcurrentHashMap<>(); // job id -> {tag, rows}
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int th = 0; th < threads; th++) {
                int thread = th;
                fs.add(pool.submit(() -> {
                    for (int k = 0; k < perThread; k++) {
                        int tag = thread * 100 + k;
                        // sizes differ, so a later small job would finish first if order were not kept
                        int rows = thread % 2 == 0 ? 3 * CHUNK : 60;
                        StringBuilder sb = new StringBuilder("id,n,note\n");
                        for (int i = 0; i < rows; i++) sb.append(i).append(',').append(tag).append(",job").append(tag).append('\n');
                        submitted.put(submitId(t, "", sb.toString()), new int[] {tag, rows});
                    }
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        List<JsonNode> jobs = new ArrayList<>();
        for (String id : submitted.keySet()) jobs.add(node.awaitFinal(id));
        jobs.sort(Comparator.comparingLong(j -> j.get("number").asLong()));
        for (int i = 0; i < jobs.size(); i++) {
            assertThat(jobs.get(i).get("state").asText()).isEqualTo("completed");
            if (i > 0) {
                assertThat(time(jobs.get(i), "startedAt")).as("job %d starts after job %d ended", i, i - 1)
                        .isAfterOrEqualTo(time(jobs.get(i - 1), "finishedAt"));
            }
        }
        // the table equals the jobs applied one after another in submission (number) order
        Map<Integer, Integer> expected = new TreeMap<>();
        for (JsonNode j : jobs) {
            int[] tr = submitted.get(j.get("id").asText());
            for (int i = 0; i < tr[1]; i++) expected.put(i, tr[0]);
        }
        int lastTag = submitted.get(jobs.get(jobs.size() - 1).get("id").asText())[0];
        List<JsonNode> recs = node.records(t);
        assertThat(recs).hasSize(expected.size());
        for (JsonNode r : recs) {
            int id = r.get("id").asInt();
            assertThat(r.get("n").asInt()).as("row %d", id).isEqualTo(expected.get(id));
            assertThat(r.get("note").asText()).isEqualTo("job" + expected.get(id));
        }
        assertThat(recs.get(0).get("n").asInt()).as("row 0 is the last-submitted job's").isEqualTo(lastTag);
    }

    @Test
    void jobsOnDifferentTablesRunInParallel() {
        String a = table();
        String b = table();
        // a long job on a, then a one-row job on b: b need not wait for a
        String ja = submitId(a, "", csv(120 * CHUNK, Integer::toString));
        String jb = submitId(b, "", "id,n\n1,1\n");
        JsonNode y = node.awaitFinal(jb);
        JsonNode x = node.awaitFinal(ja);
        assertThat(x.get("state").asText()).isEqualTo("completed");
        assertThat(y.get("state").asText()).isEqualTo("completed");
        assertThat(time(y, "startedAt")).as("b starts before a ends").isBefore(time(x, "finishedAt"));
        assertThat(time(y, "finishedAt")).as("b ends before a ends").isBefore(time(x, "finishedAt"));
        assertThat(x.at("/counts/inserted").asLong()).isEqualTo(120 * CHUNK);
    }

    // ---------------------------------------------------------------- cancel and wait

    @Test
    void cancelAQueuedJobAndARunningJob() throws Exception {
        String t = table();
        int total = 200_000;
        String big = csv(total, i -> Integer.toString(i % 1000));
        String running = submitId(t, "name=big", big);
        // queued behind it: one running job per table
        TestNode.Response queuedResp = submit(t, "", "id,n\n-1,-1\n");
        assertThat(queuedResp.status()).as("%s", queuedResp).isEqualTo(202);
        assertThat(queuedResp.json().get("state").asText()).isEqualTo("queued");
        String queued = queuedResp.json().get("id").asText();

        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode j = job(running);
        while (j.at("/counts/processed").asLong() < CHUNK && !j.get("state").asText().equals("completed") && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
            j = job(running);
        }
        assertThat(j.get("state").asText()).as("the large job is still running").isEqualTo("running");

        TestNode.Response c1 = node.send("POST", "/v1/jobs/" + queued + "/cancel", TestNode.ADMIN_KEY, Map.of(), null);
        assertThat(c1.status()).as("%s", c1).isEqualTo(200);
        assertThat(c1.json().get("state").asText()).isEqualTo("cancelled");

        TestNode.Response c2 = node.send("POST", "/v1/jobs/" + running + "/cancel", TestNode.ADMIN_KEY, Map.of(), null);
        assertThat(c2.status()).as("%s", c2).isEqualTo(200);
        JsonNode cancelled = node.awaitFinal(running);
        assertThat(cancelled.get("state").asText()).isEqualTo("cancelled");
        long processed = cancelled.at("/counts/processed").asLong();
        assertThat(processed).isGreaterThanOrEqualTo(CHUNK).isLessThan(total);
        assertThat(processed % CHUNK).isZero();
        // committed chunks stay, and only they
        List<JsonNode> recs = node.records(t);
        assertThat(recs).hasSize((int) processed);
        assertThat(recs).noneMatch(r -> r.get("id").asInt() == -1);
        assertThat(node.results(running)).hasSize((int) processed);
        JsonNode q = job(queued);
        assertThat(q.get("state").asText()).isEqualTo("cancelled");
        assertThat(q.at("/counts/processed").asLong()).isZero();
        assertThat(q.get("startedAt").isNull()).isTrue();
        // a cancelled job cannot be cancelled again, and the table takes new jobs
        assertThat(node.send("POST", "/v1/jobs/" + running + "/cancel", TestNode.ADMIN_KEY, Map.of(), null).status()).isEqualTo(409);
        assertThat(node.importCsv(t, "", "id,n\n-2,-2\n").get("state").asText()).isEqualTo("completed");
    }

    @Test
    void waitAnswers200WithTheFinalJobAndWithoutWait202WithLocation() {
        String t = table();
        TestNode.Response done = submit(t, "wait=30&name=nightly&ref=crm-42", "id,n\n1,1\n2,2\n");
        assertThat(done.status()).as("%s", done).isEqualTo(200);
        JsonNode j = done.json();
        assertThat(j.get("state").asText()).isEqualTo("completed");
        assertThat(j.get("name").asText()).isEqualTo("nightly");
        assertThat(j.get("ref").asText()).isEqualTo("crm-42");
        assertThat(j.get("table").asText()).isEqualTo(t);
        assertThat(j.get("mode").asText()).isEqualTo("upsert");
        assertThat(j.get("number").asLong()).isPositive();
        assertThat(j.at("/counts/requested").asLong()).isEqualTo(2);
        assertThat(j.at("/counts/inserted").asLong()).isEqualTo(2);
        assertThat(j.get("finishedAt").isNull()).isFalse();
        assertThat(j.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(j.get("events")).extracting(e -> e.get("state").asText()).containsSubsequence("queued", "running", "completed");
        assertThat(done.header("Location")).isEqualTo("/v1/jobs/" + j.get("id").asText());

        TestNode.Response accepted = submit(t, "", "id,n\n3,3\n");
        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.json().get("id").asText();
        assertThat(accepted.header("Location")).isEqualTo("/v1/jobs/" + id);
        assertThat(accepted.json().get("state").asText()).isIn("queued", "running", "completed");
        assertThat(node.awaitFinal(id).get("state").asText()).isEqualTo("completed");
    }

    // ---------------------------------------------------------------- list

    @Test
    void theJobListFiltersByTableAndStateAndPagesNewestFirst() {
        String t = table();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(node.importCsv(t, "", "id,n\n" + i + "," + i + "\n").get("id").asText());
        JsonNode failed = node.importCsv(t, "errorThreshold=1", "id,n\n5,a\n6,b\n");
        assertThat(failed.get("state").asText()).isEqualTo("failed");
        ids.add(failed.get("id").asText());
        node.importCsv(table(), "", "id,n\n1,1\n"); // another table's job

        JsonNode page1 = node.get("/v1/jobs?table=" + t + "&limit=2").json();
        assertThat(page1.get("items")).extracting(j -> j.get("id").asText()).containsExactly(ids.get(3), ids.get(2));
        assertThat(page1.get("next").isNull()).isFalse();
        JsonNode page2 = node.get("/v1/jobs?table=" + t + "&limit=2&after=" + page1.get("next").asText()).json();
        assertThat(page2.get("items")).extracting(j -> j.get("id").asText()).containsExactly(ids.get(1), ids.get(0));
        assertThat(page2.get("next").isNull()).isTrue();

        assertThat(node.get("/v1/jobs?table=" + t + "&state=failed").json().get("items"))
                .extracting(j -> j.get("id").asText()).containsExactly(ids.get(3));
        assertThat(node.get("/v1/jobs?table=" + t + "&state=completed").json().get("items")).hasSize(3);
        assertThat(node.get("/v1/jobs?table=" + t + "&state=running").json().get("items")).isEmpty();
        JsonNode all = node.get("/v1/jobs?limit=1000").json().get("items");
        assertThat(all.size()).isGreaterThanOrEqualTo(5);
        for (int i = 1; i < all.size(); i++) {
            assertThat(all.get(i).get("number").asLong()).isLessThan(all.get(i - 1).get("number").asLong());
        }
    }

    // ---------------------------------------------------------------- events

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
    void theEventStreamGivesStateAndProgressAndEndsWhenTheJobIsFinal() {
        String t = table();
        String id = submitId(t, "", csv(10 * CHUNK, Integer::toString));
        TestNode.Response r = node.get("/v1/jobs/" + id + "/events");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("text/event-stream");
        List<String[]> events = sse(r.body());
        assertThat(events).extracting(e -> e[0]).containsOnly("state", "progress").contains("state", "progress");
        List<String> states = events.stream().filter(e -> e[0].equals("state"))
                .map(e -> Json.read(e[1], JsonNode.class).get("state").asText()).toList();
        assertThat(states).last().isEqualTo("completed");
        assertThat(states).doesNotHaveDuplicates();
        JsonNode lastProgress = events.stream().filter(e -> e[0].equals("progress")).map(e -> Json.read(e[1], JsonNode.class))
                .reduce((p, q) -> q).orElseThrow();
        assertThat(lastProgress.get("processed").asLong()).isEqualTo(10 * CHUNK);
        assertThat(lastProgress.get("inserted").asLong()).isEqualTo(10 * CHUNK);

        // a finished job's stream answers at once with its final counts, then its final state
        List<String[]> again = sse(node.get("/v1/jobs/" + id + "/events").body());
        assertThat(again).extracting(e -> e[0]).containsExactly("progress", "state");
        assertThat(Json.read(again.get(1)[1], JsonNode.class).get("state").asText()).isEqualTo("completed");
    }

    // ---------------------------------------------------------------- results

    private String mixedJob(String t) {
        node.importCsv(t, "", "id,n\n1,1\n2,2\n");
        // 0 updated, 1 unchanged, 2 failed, 3 inserted, 4 inserted, 5 failed, 6 updated, 7 failed, 8 inserted
        JsonNode job = node.importCsv(t, "", "id,n,note\n1,10,\n2,2,\n3,x,\"a, \"\"quoted\"\" note\"\n4,4,\n5,5,\n6,y,\n5,50,\n7,z,\n8,8,\n");
        return job.get("id").asText();
    }

    @Test
    void resultsPageInIndexOrderFilteredByOutcome() {
        String t = table();
        String id = mixedJob(t);
        assertThat(node.results(id)).extracting(r -> r.get("outcome").asText()).containsExactly(
                "updated", "unchanged", "failed", "inserted", "inserted", "failed", "updated", "failed", "inserted");

        JsonNode p1 = node.get("/v1/jobs/" + id + "/results?outcome=failed&limit=2").json();
        assertThat(p1.get("items")).extracting(r -> r.get("index").asInt()).containsExactly(2, 5);
        assertThat(p1.get("items").get(0).get("error").asText()).isEqualTo("column n: 'x' is not an integer");
        assertThat(p1.get("next").asText()).isEqualTo("5");
        JsonNode p2 = node.get("/v1/jobs/" + id + "/results?outcome=failed&limit=2&after=" + p1.get("next").asText()).json();
        assertThat(p2.get("items")).extracting(r -> r.get("index").asInt()).containsExactly(7);
        assertThat(p2.get("next").isNull()).isTrue();

        JsonNode both = node.get("/v1/jobs/" + id + "/results?outcome=inserted,unchanged").json();
        assertThat(both.get("items")).extracting(r -> r.get("index").asInt() + r.get("outcome").asText())
                .containsExactly("1unchanged", "3inserted", "4inserted", "8inserted");
        JsonNode after = node.get("/v1/jobs/" + id + "/results?after=6&limit=100").json();
        assertThat(after.get("items")).extracting(r -> r.get("index").asInt()).containsExactly(7, 8);
        JsonNode first = node.get("/v1/jobs/" + id + "/results?limit=1").json().get("items").get(0);
        assertThat(first.get("key").toString()).isEqualTo("{\"id\":\"1\"}");
        assertThat(first.get("time").asText()).endsWith("Z");
        assertThat(first.has("error")).isFalse();
    }

    @Test
    void resultsAsCsvCarryTheOriginalFieldsAndIndexOutcomeError() {
        String t = table();
        String id = mixedJob(t);
        String csv = node.send("GET", "/v1/jobs/" + id + "/results", TestNode.ADMIN_KEY, Map.of("Accept", "text/csv"), null).body();
        List<String> lines = csv.lines().toList();
        assertThat(lines).containsExactly(
                "id,n,note,_line,_index,_outcome,_error",
                "1,10,,2,0,updated,",
                "2,2,,3,1,unchanged,",
                "3,x,\"a, \"\"quoted\"\" note\",4,2,failed,column n: 'x' is not an integer",
                "4,4,,5,3,inserted,",
                "5,5,,6,4,inserted,",
                "6,y,,7,5,failed,column n: 'y' is not an integer",
                "5,50,,8,6,updated,",
                "7,z,,9,7,failed,column n: 'z' is not an integer",
                "8,8,,10,8,inserted,");
        String failedOnly = node.send("GET", "/v1/jobs/" + id + "/results?outcome=failed", TestNode.ADMIN_KEY,
                Map.of("Accept", "text/csv"), null).body();
        assertThat(failedOnly.lines().toList()).extracting(l -> l.split(",")[0]).containsExactly("id", "3", "6", "7");
    }
}
