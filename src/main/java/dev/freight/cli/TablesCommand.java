package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code freight tables}: the workspace's tables with their columns and keys; {@code tables create}. */
@Command(name = "tables", mixinStandardHelpOptions = true, description = "List the workspace's tables; create one.",
        subcommands = TablesCommand.Create.class)
public final class TablesCommand implements Callable<Integer> {
    @Mixin
    ServerOptions server;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            for (JsonNode t : server.client().get("/v1/tables").get("items")) out.println(describe(t));
            return 0;
        } catch (ApiClient.ApiError e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
    }

    /** {@code customers key(id): id integer, email text}. */
    static String describe(JsonNode t) {
        List<String> cols = new ArrayList<>();
        for (JsonNode c : t.get("columns")) cols.add(c.get("name").asText() + " " + c.get("type").asText());
        List<String> pk = new ArrayList<>();
        t.path("primaryKey").forEach(k -> pk.add(k.asText()));
        return t.get("name").asText() + (t.path("discovered").asBoolean() ? " (discovered)" : "")
                + (pk.isEmpty() ? "" : " key(" + String.join(", ", pk) + ")") + ": " + String.join(", ", cols);
    }

    /** {@code tables create NAME --columns … [--key …] [--unique …]}: POST /v1/tables. */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a table.")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TablesCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The table's name.")
        String name;

        @Option(names = "--columns", required = true, paramLabel = "COLUMNS",
                description = "NAME:TYPE, comma-separated; types text, integer, decimal(P,S), boolean, date, timestamp,"
                        + " timestamptz, uuid, json; 'not null' after a type, e.g. 'id:integer, email:text not null'.")
        String columns;

        @Option(names = "--key", paramLabel = "COLUMNS", description = "The primary key's columns, comma-separated.")
        String key;

        @Option(names = "--unique", paramLabel = "COLUMNS", description = "A unique key's columns, comma-separated (repeatable).")
        List<String> unique = new ArrayList<>();

        @Option(names = "--json", description = "Print the created table as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
            body.set("columns", ColumnList.parse(columns));
            if (key != null) body.set("primaryKey", names(key));
            if (!unique.isEmpty()) {
                ArrayNode keys = body.putArray("uniqueKeys");
                unique.forEach(u -> keys.add(names(u)));
            }
            try {
                JsonNode table = server.client(parent.server).postJson("/v1/tables", body);
                spec.commandLine().getOut().println(json ? table.toString() : "created " + describe(table));
                return 0;
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }

        private static ArrayNode names(String list) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(a::add);
            return a;
        }
    }
}
