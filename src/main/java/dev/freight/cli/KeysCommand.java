package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.freight.Json;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code freight keys list|create|revoke}: API keys, with an admin key. */
@Command(name = "keys", mixinStandardHelpOptions = true, description = "List, create or revoke API keys (an admin key's commands).",
        subcommands = {KeysCommand.List.class, KeysCommand.Create.class, KeysCommand.Revoke.class})
public final class KeysCommand implements Runnable {
    @Mixin
    ServerOptions server;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code keys list}: the keys in force (GET /v1/keys), never a secret. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the keys in force: of the admin key's workspace (default's admin: of every workspace).")
    static final class List implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        KeysCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() {
            try {
                JsonNode keys = server.client(parent.server).get("/v1/keys");
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(keys.toString());
                    return 0;
                }
                out.println(String.format("%-36s  %-16s  %-5s  %-16s  %-12s  %s", "ID", "WORKSPACE", "ROLE", "NAME", "GROUPS", "LAST USED"));
                for (JsonNode k : keys.get("items")) {
                    java.util.List<String> groups = new java.util.ArrayList<>();
                    k.path("groups").forEach(g -> groups.add(g.asText()));
                    out.println(String.format("%-36s  %-16s  %-5s  %-16s  %-12s  %s", k.get("id").asText(), k.get("workspace").asText(),
                            k.get("role").asText(), k.path("name").asText("-").isEmpty() ? "-" : k.path("name").asText("-"),
                            groups.isEmpty() ? "-" : String.join(",", groups), k.path("lastUsedAt").asText("never")));
                }
                return 0;
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    /** {@code keys create --workspace W --role R [--name N] [--groups a,b]}: the secret is shown once. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key; its secret is printed once. A new workspace is made with its first key.")
    static final class Create implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        KeysCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--workspace", description = "The key's workspace (default: the admin key's own).")
        String workspace;

        @Option(names = "--role", required = true, description = "admin, write or read.")
        String role;

        @Option(names = "--name", description = "A name shown with the key.")
        String name;

        @Option(names = "--groups", paramLabel = "GROUPS", description = "Access groups, comma-separated: the key reads only their rows.")
        String groups;

        @Option(names = "--json", description = "Print the answer as JSON.")
        boolean json;

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("role", role);
            if (workspace != null) body.put("workspace", workspace);
            if (name != null) body.put("name", name);
            if (groups != null) {
                ArrayNode g = body.putArray("groups");
                Arrays.stream(groups.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(g::add);
            }
            try {
                JsonNode key = server.client(parent.server).postJson("/v1/keys", body);
                PrintWriter out = spec.commandLine().getOut();
                if (json) {
                    out.println(key.toString());
                } else {
                    out.println("id: " + key.get("id").asText());
                    out.println("key: " + key.get("key").asText() + "   (shown once: keep it now)");
                    out.println("workspace: " + key.get("workspace").asText() + ", role: " + key.get("role").asText());
                }
                return 0;
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }

    /** {@code keys revoke ID}: refused at once from then on. */
    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by its id: it is refused at once.")
    static final class Revoke implements Callable<Integer> {
        @picocli.CommandLine.ParentCommand
        KeysCommand parent;

        @Mixin
        ServerOptions server;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "The key's id (not its secret).")
        String id;

        @Override
        public Integer call() {
            try {
                server.client(parent.server).delete("/v1/keys/" + id);
                spec.commandLine().getOut().println("key " + id + " revoked");
                return 0;
            } catch (ApiClient.ApiError e) {
                spec.commandLine().getErr().println(e.getMessage());
                return 1;
            }
        }
    }
}
