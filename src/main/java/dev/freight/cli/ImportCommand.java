package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.ingest.Format;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freight import TABLE FILE}: sends a file, follows the job with a progress line, summarises it. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a CSV, JSON or NDJSON file (optionally .gz) into a table and follow the job.")
public final class ImportCommand implements Callable<Integer> {
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

    @Option(names = {"-o", "--option"}, description = "Any other import option, e.g. -o errorThreshold=5% -o map.email=E-Mail.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(names = "--no-follow", description = "Print the queued job and return at once.")
    boolean noFollow;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ApiClient api = server.client();
        Format format = Format.fromFileName(file.getFileName().toString());
        if (format == null) {
            err.println("cannot tell the format of " + file + " from its name: use .csv, .json, .ndjson (or .gz of them)");
            return 2;
        }
        Map<String, String> query = new LinkedHashMap<>(options);
        if (mode != null) query.put("mode", mode);
        if (key != null) query.put("key", key);
        Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", format.mediaType()));
        if (file.getFileName().toString().endsWith(".gz")) headers.put("Content-Encoding", "gzip");
        JsonNode job;
        try {
            job = api.post("/v1/tables/" + table + "/imports" + queryString(query), headers, HttpRequest.BodyPublishers.ofFile(file));
        } catch (FileNotFoundException e) {
            err.println("no file " + file);
            return 2;
        } catch (ApiClient.ApiError e) {
            err.println("import refused: " + e.getMessage());
            return 1;
        }
        String id = job.get("id").asText();
        out.println("job " + id + " (#" + job.get("number").asLong() + ") queued");
        if (noFollow) return 0;
        while (!isFinal(job)) {
            Thread.sleep(500);
            job = api.get("/v1/jobs/" + id);
            JsonNode k = job.get("counts");
            out.print("\r" + job.get("state").asText() + ": " + k.get("processed").asLong() + " rows"
                    + (k.get("requested").isNull() ? "" : " of " + k.get("requested").asLong()) + ", "
                    + k.get("failed").asLong() + " failed   ");
            out.flush();
        }
        out.println();
        JsonNode k = job.get("counts");
        out.printf("%s: %d inserted, %d updated, %d unchanged, %d ignored, %d deleted, %d failed%n",
                job.get("state").asText(), k.get("inserted").asLong(), k.get("updated").asLong(), k.get("unchanged").asLong(),
                k.get("ignored").asLong(), k.get("deleted").asLong(), k.get("failed").asLong());
        if (!job.get("error").isNull()) out.println("error: " + job.get("error").asText());
        if (k.get("failed").asLong() > 0) {
            JsonNode failed = api.get("/v1/jobs/" + id + "/results?outcome=failed&limit=10");
            for (JsonNode r : failed.get("items")) out.println("  row " + r.get("index").asLong() + ": " + r.get("error").asText());
            if (k.get("failed").asLong() > 10) out.println("  … all of them: GET /v1/jobs/" + id + "/results?outcome=failed");
        }
        return job.get("state").asText().equals("completed") ? 0 : 1;
    }

    private static boolean isFinal(JsonNode job) {
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
