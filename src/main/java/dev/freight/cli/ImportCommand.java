package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.ingest.Format;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code freight import TABLE FILE}: sends a file, follows the job with its progress on stderr,
 * and ends with the counts, the first failed rows and an exit code a script can act on.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Import a CSV, JSON or NDJSON file (optionally .gz) into a table and follow the job.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the job completed (with --strict: and no row failed)",
                "1:the job failed or was cancelled, or the server refused the import or could not be reached",
                "2:the file is missing or of an unknown kind, or the options do not go together",
                "3:the job completed but rows failed: every row, or with --strict any row"})
public final class ImportCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int ROWS_FAILED = 3;
    private static final int SHOWN_FAILURES = 10;

    @Mixin
    ServerOptions server;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", description = "The table.")
    String table;

    @Parameters(index = "1", description = "The file (.csv, .tsv, .json, .ndjson, .jsonl; .gz for gzip).")
    Path file;

    @Option(names = "--mode", description = "insert, upsert, replace, ignore, update, delete or replace_all.")
    String mode;

    @Option(names = "--key", description = "Match columns (a unique key), comma-separated.")
    String key;

    @Option(names = {"-o", "--option"}, paramLabel = "NAME=VALUE",
            description = "Any other import option, e.g. -o errorThreshold=5%% -o map.email=E-Mail.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Plan every row against the table as the import would, and write nothing: "
            + "the counts and failed rows are what the import would give.")
    boolean dryRun;

    @Option(names = "--failed-out", paramLabel = "FILE",
            description = "Write the failed rows to FILE as CSV: line, index, column, reason, key.")
    Path failedOut;

    @Option(names = "--strict", description = "Exit 3 when any row failed (without it: only when every row failed).")
    boolean strict;

    @Option(names = {"--no-wait", "--no-follow"}, description = "Print the job's id as soon as it is accepted and exit 0.")
    boolean noWait;

    @Option(names = "--json", description = "Print the final job as JSON on stdout instead of the summary.")
    boolean json;

    @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto",
            description = "auto (a bar when stderr is a terminal, else plain lines), bar, plain or none (default: ${DEFAULT-VALUE}).")
    String progressMode;

    @Option(names = "--progress-every", hidden = true, defaultValue = "5000", description = "Milliseconds between plain progress lines.")
    long progressEvery;

    /** Rows the file holds by its line count (a quoted field's line breaks count too), -1 when unknown (gzip, JSON). */
    private long estimatedRows = -1;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Format format = Format.fromFileName(file.getFileName().toString());
        if (format == null) {
            err.println("cannot tell the format of " + file + " from its name: use .csv, .json, .ndjson (or .gz of them)");
            return USAGE;
        }
        Progress.Mode mode;
        try {
            mode = Progress.Mode.valueOf(progressMode.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            err.println("--progress must be auto, bar, plain or none");
            return USAGE;
        }
        if (noWait && (failedOut != null || strict)) {
            err.println("--no-wait does not wait for the job: --failed-out and --strict need it to end");
            return USAGE;
        }
        if (!Files.isRegularFile(file)) {
            err.println("no file " + file);
            return USAGE;
        }
        ApiClient api = server.client();
        Progress progress = Progress.of(noWait ? Progress.Mode.NONE : mode, err, Duration.ofMillis(progressEvery), System::currentTimeMillis);
        JsonNode job;
        try {
            job = upload(api, progress);
        } catch (ApiClient.ApiError e) {
            progress.done();
            err.println("import refused: " + e.getMessage());
            return FAILED;
        } catch (FileNotFoundException e) {
            err.println("no file " + file);
            return USAGE;
        }
        String id = job.get("id").asText();
        if (noWait) {
            out.println(json ? job.toString() : id);
            return OK;
        }
        if (!json) {
            out.println((dryRun ? "dry-run job " : "job ") + id + " (#" + job.get("number").asLong() + ") queued");
            out.flush();
        }
        job = follow(api, job, progress);
        progress.done();
        if (job == null) {
            err.println("lost the job " + id + ": the server does not answer; bin/freight jobs show " + id + " tells how it ends");
            return FAILED;
        }
        long written = failedOut == null ? -1 : FailedRows.write(api, id, failedOut);
        if (json) out.println(job.toString());
        else summary(out, api, job, failedOut);
        if (!json && written >= 0) out.println(Units.count(written, "failed row") + " written to " + failedOut);
        return exitCode(job, strict);
    }

    /** Sends the file, drawing the upload's progress until the server answers with the job; notes {@link #estimatedRows}. */
    private JsonNode upload(ApiClient api, Progress progress) throws IOException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>(options);
        if (mode != null) query.put("mode", mode);
        if (key != null) query.put("key", key);
        if (dryRun) query.put("dryRun", "true");
        Format format = Format.fromFileName(file.getFileName().toString());
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", format.mediaType()));
        if (file.getFileName().toString().endsWith(".gz")) headers.put("Content-Encoding", "gzip");
        CountingBody body = new CountingBody(HttpRequest.BodyPublishers.ofFile(file));
        CompletableFuture<JsonNode> answer = api.postAsync("/v1/tables/" + table + "/imports" + queryString(query), headers, body);
        while (!answer.isDone()) {
            progress.upload(body.sent(), body.contentLength());
            Thread.sleep(200);
        }
        JsonNode job = ApiClient.await(answer);
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv")) estimatedRows = Math.max(0, body.lines() - 1); // the header
        else if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) estimatedRows = body.lines();
        progress.uploaded(body.contentLength(), body.sending());
        return job;
    }

    /** Reads the job until it ends; a server that stops answering for a minute loses it (null). */
    private JsonNode follow(ApiClient api, JsonNode job, Progress progress) throws InterruptedException {
        String id = job.get("id").asText();
        long lastAnswer = System.currentTimeMillis();
        while (!isFinal(job)) {
            progress.job(job, estimatedRows);
            Thread.sleep(250);
            try {
                job = api.get("/v1/jobs/" + id);
                lastAnswer = System.currentTimeMillis();
            } catch (ApiClient.ApiError e) {
                boolean transient_ = e.status == 0 || e.status == 502 || e.status == 503;
                if (!transient_ || System.currentTimeMillis() - lastAnswer > 60_000) return null;
            }
        }
        return job;
    }

    /** The counts, the job's error, and the first failed rows by line and index. */
    private static void summary(PrintWriter out, ApiClient api, JsonNode job, Path failedOut) {
        JsonNode k = job.get("counts");
        boolean dry = job.path("dryRun").asBoolean();
        out.printf("%s%s: %d inserted, %d updated, %d unchanged, %d ignored, %d deleted, %d failed%s%n",
                dry ? "dry run " : "", job.get("state").asText(), k.get("inserted").asLong(), k.get("updated").asLong(), k.get("unchanged").asLong(),
                k.get("ignored").asLong(), k.get("deleted").asLong(), k.get("failed").asLong(), took(job));
        if (!job.get("error").isNull()) out.println("error: " + job.get("error").asText());
        if (dry) out.println("nothing was written to " + job.get("table").asText() + ": a dry run");
        long failed = k.get("failed").asLong();
        if (failed == 0) return;
        String id = job.get("id").asText();
        out.println(Units.count(failed, "row") + " failed" + (failed > SHOWN_FAILURES ? "; the first " + SHOWN_FAILURES : "") + ":");
        for (FailedRows.Row r : FailedRows.first(api, id, SHOWN_FAILURES)) out.println("  " + r.text());
        if (failed > SHOWN_FAILURES && failedOut == null) {
            out.println("  all of them: --failed-out FILE, or GET /v1/jobs/" + id + "/results?outcome=failed");
        }
    }

    /** {@code (3 rows in 0.4 s)}, from the job's own times. */
    private static String took(JsonNode job) {
        try {
            java.time.Instant start = java.time.Instant.parse(job.get("startedAt").asText());
            java.time.Instant end = java.time.Instant.parse(job.get("finishedAt").asText());
            return " (" + Units.count(job.at("/counts/processed").asLong(), "row") + " in " + Units.seconds(Duration.between(start, end)) + ")";
        } catch (RuntimeException e) {
            return ""; // cancelled before it started: no times
        }
    }

    /** 0 completed; 1 failed or cancelled; 3 completed with failed rows: all of them, or with {@code strict} any. */
    static int exitCode(JsonNode job, boolean strict) {
        if (!job.get("state").asText().equals("completed")) return FAILED;
        long failed = job.at("/counts/failed").asLong();
        long processed = job.at("/counts/processed").asLong();
        if (failed > 0 && (strict || failed == processed)) return ROWS_FAILED;
        return OK;
    }

    static boolean isFinal(JsonNode job) {
        return List.of("completed", "failed", "cancelled").contains(job.get("state").asText());
    }

    static String queryString(Map<String, String> q) {
        if (q.isEmpty()) return "";
        StringBuilder sb = new StringBuilder("?");
        q.forEach((k, v) -> sb.append(sb.length() > 1 ? "&" : "").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }
}
