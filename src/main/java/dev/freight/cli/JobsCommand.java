package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code freight jobs}: the newest jobs, one line each; {@code jobs show ID} and {@code jobs cancel ID}. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List jobs, newest first; show or cancel one.",
        subcommands = {JobsCommand.Show.class, JobsCommand.Cancel.class})
public final class JobsCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--table", description = "Only this table's jobs.")
    String table;

    @Option(names = "--state", description = "queued, running, completed, failed or cancelled.")
    String state;

    @Option(names = "--limit", defaultValue = "20", description = "How many (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> q = new LinkedHashMap<>();
        if (table != null) q.put("table", table);
        if (state != null) q.put("state", state);
        q.put("limit", Integer.toString(limit));
        try {
            JsonNode page = server.client().get("/v1/jobs" + ImportCommand.queryString(q));
            out.printf("%-8s %-36s %-20s %-10s %10s %10s %s%n", "NUMBER", "ID", "TABLE", "STATE", "PROCESSED", "FAILED", "CREATED");
            for (JsonNode j : page.get("items")) {
                out.printf("%-8d %-36s %-20s %-10s %10d %10d %s%n", j.get("number").asLong(), j.get("id").asText(),
                        j.get("table").asText(), j.get("state").asText(), j.at("/counts/processed").asLong(),
                        j.at("/counts/failed").asLong(), j.get("createdAt").asText());
            }
            return 0;
        } catch (ApiClient.ApiError e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }

    /** {@code jobs show ID}: the job's state, counts, times, error and events. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one job: state, counts, times, error and events.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The job's id.")
        String id;

        @Option(names = "--json", description = "Print the job as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                JsonNode job = server.client(parent.server).get("/v1/jobs/" + id);
                if (json) out.println(job.toString());
                else print(out, job);
                return 0;
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }

        private static void print(PrintWriter out, JsonNode job) {
            out.printf("job %s (#%d): %s%n", job.get("id").asText(), job.get("number").asLong(), job.get("state").asText());
            out.printf("  table %s, mode %s%s%s%n", job.get("table").asText(), job.get("mode").asText(),
                    text(job, "name").isEmpty() ? "" : ", name " + text(job, "name"), text(job, "ref").isEmpty() ? "" : ", ref " + text(job, "ref"));
            JsonNode k = job.get("counts");
            StringBuilder counts = new StringBuilder("  rows:");
            for (String c : new String[] {"requested", "processed", "inserted", "updated", "unchanged", "ignored", "deleted", "failed"}) {
                counts.append(' ').append(k.get(c).isNull() ? "?" : Units.count(k.get(c).asLong())).append(' ').append(c).append(',');
            }
            out.println(counts.substring(0, counts.length() - 1));
            out.printf("  created %s, started %s, finished %s%n", orDash(job, "createdAt"), orDash(job, "startedAt"), orDash(job, "finishedAt"));
            if (!text(job, "error").isEmpty()) out.println("  error: " + text(job, "error"));
            for (JsonNode e : job.path("events")) {
                out.printf("  %s  %-10s %s%n", e.path("time").asText(), e.path("state").asText(), e.path("message").asText(""));
            }
        }

        private static String text(JsonNode job, String field) {
            JsonNode v = job.get(field);
            return v == null || v.isNull() ? "" : v.asText();
        }

        private static String orDash(JsonNode job, String field) {
            return text(job, field).isEmpty() ? "-" : text(job, field);
        }
    }

    /** {@code jobs cancel ID}: ends a queued or running job; committed chunks stay. */
    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a queued or running job (the chunks committed before stay).")
    static final class Cancel implements Callable<Integer> {
        @ParentCommand
        JobsCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The job's id.")
        String id;

        @Override
        public Integer call() {
            try {
                JsonNode job = server.client(parent.server).post("/v1/jobs/" + id + "/cancel", Map.of(),
                        java.net.http.HttpRequest.BodyPublishers.noBody());
                String state = job.get("state").asText();
                spec.commandLine().getOut().println("job " + id + ": " + state
                        + (state.equals("cancelled") ? "" : " (cancel requested: it stops at the end of its current chunk)"));
                return 0;
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }
}
