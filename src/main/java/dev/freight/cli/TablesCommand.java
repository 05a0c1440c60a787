package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code freight tables}: the workspace's tables with their columns and keys. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "List the workspace's tables.")
public final class TablesCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (JsonNode t : server.client().get("/v1/tables").get("items")) {
                List<String> cols = new ArrayList<>();
                for (JsonNode c : t.get("columns")) cols.add(c.get("name").asText() + " " + c.get("type").asText());
                List<String> pk = new ArrayList<>();
                t.get("primaryKey").forEach(k -> pk.add(k.asText()));
                out.println(t.get("name").asText() + (t.get("discovered").asBoolean() ? " (discovered)" : "")
                        + (pk.isEmpty() ? "" : " key(" + String.join(", ", pk) + ")") + ": " + String.join(", ", cols));
            }
            return 0;
        } catch (ApiClient.ApiError e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }
}
