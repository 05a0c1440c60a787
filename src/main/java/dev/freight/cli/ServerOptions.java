package dev.freight.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the client commands find the server and their key. */
public final class ServerOptions {
    @Option(names = "--url", defaultValue = "${env:FREIGHT_URL:-http://localhost:8080}", description = "Freight's base URL (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-key", defaultValue = "${env:FREIGHT_API_KEY}", description = "API key (env FREIGHT_API_KEY; default: the admin key in ./freight-data/admin.key).")
    String apiKey;

    ApiClient client() {
        String key = apiKey;
        if (key == null || key.isBlank()) {
            Path file = Path.of("freight-data", "admin.key");
            try {
                if (Files.isReadable(file)) key = Files.readString(file).trim();
            } catch (IOException ignored) {
                // no local key: the server will answer 401 with a clear message
            }
        }
        return new ApiClient(url.endsWith("/") ? url.substring(0, url.length() - 1) : url, key);
    }
}
