package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code freight jobs}: the newest jobs, one line each. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "List jobs, newest first.")
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
            out.printf("%-8s %-36s %-20s %-10s %10s %10s %10s%n", "NUMBER", "ID", "TABLE", "STATE", "PROCESSED", "FAILED", "CREATED");
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
}
