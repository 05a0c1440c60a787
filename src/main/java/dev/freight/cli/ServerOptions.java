package dev.freight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the client commands find the server and their key: the flag, else its FREIGHT_*
 * environment twin, else the default. A subcommand ({@code jobs show}) takes what its parent
 * command was given ({@code jobs --url … show}).
 */
public final class ServerOptions {
    static final String DEFAULT_URL = "http://localhost:8080";
    static final Path KEY_FILE = Path.of("freight-data", "admin.key");

    @Option(names = "--url", description = "Freight's base URL (env FREIGHT_URL; default: " + DEFAULT_URL + ").")
    String url;

    @Option(names = "--api-key", description = "API key (env FREIGHT_API_KEY; default: the admin key in ./freight-data/admin.key).")
    String apiKey;

    ApiClient client() {
        return client(null);
    }

    /** The client, with what this command was not given taken from {@code parent}'s options. */
    ApiClient client(ServerOptions parent) {
        String u = first(url, parent == null ? null : parent.url, System.getenv("FREIGHT_URL"), DEFAULT_URL);
        String key = first(apiKey, parent == null ? null : parent.apiKey, System.getenv("FREIGHT_API_KEY"));
        String hint;
        if (key != null) {
            hint = "the key given by --api-key or FREIGHT_API_KEY was refused";
        } else if (Files.isReadable(KEY_FILE)) {
            key = read(KEY_FILE);
            hint = "the key in " + KEY_FILE.toAbsolutePath() + " was refused: it may be another store's admin key;"
                    + " pass --api-key or set FREIGHT_API_KEY";
        } else {
            hint = "no key given: pass --api-key or set FREIGHT_API_KEY; the admin key's file " + KEY_FILE
                    + " is not in " + Path.of("").toAbsolutePath() + " (run from the directory the server was started in)";
        }
        return new ApiClient(u.endsWith("/") ? u.substring(0, u.length() - 1) : u, key, hint);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return null;
        }
    }

    private static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v.trim();
        return null;
    }
}
