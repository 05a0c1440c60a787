package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.Json;
import dev.freight.ingest.Format;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

    /**
     * {@code tables create NAME --columns … [--key …] [--unique …]}: POST /v1/tables; or
     * {@code --from FILE}: the columns the server proposes for the file's first rows (POST /v1/tables/infer).
     */
    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a table from a column list, or from a file's first rows.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:created", "1:the server refused it or could not be reached",
                    "2:the options do not go together, or the file is missing or of an unknown kind"})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TablesCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The table's name.")
        String name;

        @Option(names = "--columns", paramLabel = "COLUMNS",
                description = "NAME:TYPE, comma-separated; types text, integer, decimal(P,S), boolean, date, timestamp,"
                        + " timestamptz, uuid, json; 'not null' after a type, e.g. 'id:integer, email:text not null'.")
        String columns;

        @Option(names = "--from", paramLabel = "FILE",
                description = "Propose the columns from FILE's first rows (.csv, .tsv, .json, .ndjson, .jsonl; .gz): types, "
                        + "nullability and a likely key, as the server infers them.")
        Path from;

        @Option(names = "--key", paramLabel = "COLUMNS",
                description = "The primary key's columns, comma-separated (with --from: instead of the proposed key; 'none' for none).")
        String key;

        @Option(names = "--unique", paramLabel = "COLUMNS", description = "A unique key's columns, comma-separated (repeatable).")
        List<String> unique = new ArrayList<>();

        @Option(names = "--json", description = "Print the created table as JSON.")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            if ((columns == null) == (from == null)) {
                err.println("give the columns (--columns 'id:integer, …') or a file to propose them from (--from FILE), not both");
                return 2;
            }
            ObjectNode body;
            try {
                body = from != null ? proposal(err) : Json.MAPPER.createObjectNode().put("name", name);
            } catch (UsageError e) {
                err.println(e.getMessage());
                return 2;
            } catch (ApiClient.ApiError e) {
                err.println("no proposal for " + from + ": " + e.getMessage());
                return 1;
            }
            if (body.get("columns") == null) body.set("columns", ColumnList.parse(columns));
            if (key != null) body.set("primaryKey", key.equalsIgnoreCase("none") ? Json.MAPPER.createArrayNode() : names(key));
            if (!unique.isEmpty()) {
                ArrayNode keys = body.putArray("uniqueKeys");
                unique.forEach(u -> keys.add(names(u)));
            }
            try {
                JsonNode table = server.client(parent.server).postJson("/v1/tables", body);
                PrintWriter out = spec.commandLine().getOut();
                out.println(json ? table.toString() : "created " + describe(table));
                if (from != null && !json) importHints(out, body, table);
                return 0;
            } catch (ApiClient.ApiError e) {
                err.println(e.getMessage());
                return 1;
            }
        }

        /** The server's proposal for the first rows of {@link #from}, named {@link #name}. */
        private ObjectNode proposal(PrintWriter err) {
            Format format = Format.fromFileName(from.getFileName().toString());
            if (format == null) throw new UsageError("cannot tell the format of " + from + " from its name: use .csv, .json, .ndjson (or .gz of them)");
            if (!Files.isRegularFile(from)) throw new UsageError("no file " + from);
            byte[] sample;
            try {
                sample = Sample.of(from, format);
            } catch (IOException e) {
                throw new UsageError("cannot read " + from + ": " + e.getMessage());
            }
            JsonNode p = server.client(parent.server).post("/v1/tables/infer?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8),
                    Map.of("Content-Type", format.mediaType()), HttpRequest.BodyPublishers.ofByteArray(sample));
            return (ObjectNode) p;
        }

        /** What an import of the file into the new table needs beyond the defaults: renamed fields, date formats. */
        private void importHints(PrintWriter out, JsonNode proposal, JsonNode table) {
            List<String> options = new ArrayList<>();
            for (JsonNode c : proposal.get("columns")) {
                String field = c.path("field").asText(c.get("name").asText());
                if (!field.equals(c.get("name").asText())) options.add("-o 'map." + c.get("name").asText() + "=" + field + "'");
                if (c.hasNonNull("format")) options.add("-o 'dateTimeFormat=" + c.get("format").asText() + "'");
            }
            if (!options.isEmpty()) {
                out.println("to import " + from.getFileName() + ": bin/freight import " + table.get("name").asText() + " "
                        + from.getFileName() + " " + String.join(" ", options.stream().distinct().toList()));
            }
        }

        private static final class UsageError extends RuntimeException {
            UsageError(String message) {
                super(message);
            }
        }

        private static ArrayNode names(String list) {
            ArrayNode a = Json.MAPPER.createArrayNode();
            Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(a::add);
            return a;
        }
    }
}
