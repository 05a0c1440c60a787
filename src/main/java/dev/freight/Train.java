package dev.freight;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code freight train}: a short import workload on a node of its own, so that a JVM recording
 * an ahead-of-time cache ({@code -XX:AOTCacheOutput}, JDK 25) sees the classes and the hot
 * methods of a real import. A server started with that cache runs its first big job with the
 * classes linked and the profiles known, instead of spending its first seconds learning them.
 * bin/freight runs it once per build. The node lives in a temporary data directory (SQLite),
 * and with {@code --db} also on that PostgreSQL database, in a table of its own that it drops.
 */
@Command(name = "train", hidden = true, mixinStandardHelpOptions = true,
        description = "Run a short import workload on a node of its own (for the JVM's ahead-of-time cache).")
final class Train implements Callable<Integer> {
    private static final String COLUMNS = "[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"email\",\"type\":\"text\",\"nullable\":false},"
            + "{\"name\":\"name\",\"type\":\"text\"},{\"name\":\"country\",\"type\":\"text\"},{\"name\":\"score\",\"type\":\"integer\"},"
            + "{\"name\":\"balance\",\"type\":\"decimal\",\"precision\":12,\"scale\":2},{\"name\":\"active\",\"type\":\"boolean\"},"
            + "{\"name\":\"created_at\",\"type\":\"timestamp\"},{\"name\":\"notes\",\"type\":\"text\"}]";
    private static final String[] COUNTRIES = {"DE", "FR", "JP", "US", "BR", "IN"};

    @Option(names = "--rows", defaultValue = "200000", description = "Rows of each import (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--db", description = "JDBC URL of a PostgreSQL database to train on as well (a table of its own, dropped after).")
    String db;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Override
    public Integer call() throws Exception {
        String key = "frt_train_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        String table = "aot_training_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        Path dir = Files.createTempDirectory("freight-train");
        try {
            train(new Config("127.0.0.1", 0, dir, null, 1L << 30, 2, 5000, List.of(), key), key, table);
            if (db != null && !db.isBlank()) train(new Config("127.0.0.1", 0, dir.resolve("pg"), db, 1L << 30, 2, 5000, List.of(), key), key, table);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        return 0;
    }

    /** Insert, upsert (half new, half changed), the same again unchanged, then the results read back. */
    private void train(Config config, String key, String table) throws IOException, InterruptedException {
        try (Freight node = Freight.start(config)) {
            String base = "http://127.0.0.1:" + node.port();
            send(base, key, "POST", "/v1/tables", "application/json", "{\"name\":\"" + table + "\",\"columns\":" + COLUMNS + ",\"primaryKey\":[\"id\"]}");
            try {
                String first = csv(0, rows, 1);
                String delta = csv(rows / 2, rows, 2);
                await(base, key, send(base, key, "POST", "/v1/tables/" + table + "/imports?mode=insert", "text/csv", first));
                await(base, key, send(base, key, "POST", "/v1/tables/" + table + "/imports?mode=upsert", "text/csv", delta));
                String job = await(base, key, send(base, key, "POST", "/v1/tables/" + table + "/imports?mode=upsert", "text/csv", delta));
                send(base, key, "GET", "/v1/jobs/" + job + "/results?limit=1000", null, null);
                send(base, key, "GET", "/v1/jobs/" + job + "/results?format=csv", null, null);
            } finally {
                String etag = header(base, key, "/v1/tables/" + table, "ETag");
                HttpRequest.Builder drop = request(base, key, "/v1/tables/" + table).DELETE();
                if (etag != null) drop.header("If-Match", etag);
                http.send(drop.build(), HttpResponse.BodyHandlers.discarding());
            }
        }
    }

    /** Rows {@code from} to {@code from + n}; {@code version} changes every value but the key. */
    private static String csv(int from, int n, int version) {
        StringBuilder sb = new StringBuilder(n * 100).append("id,email,name,country,score,balance,active,created_at,notes\n");
        for (int i = from; i < from + n; i++) {
            sb.append(i).append(",user").append(i).append('.').append(version).append("@example.com,Name ").append(i % 1000)
                    .append(',').append(COUNTRIES[(i + version) % COUNTRIES.length]).append(',').append((i * 7 + version) % 1000)
                    .append(',').append(i % 100000).append('.').append(String.format("%02d", (i + version) % 100))
                    .append(',').append((i + version) % 2 == 0).append(",2026-0").append(1 + i % 9).append("-1").append(i % 10)
                    .append(" 10:").append(10 + i % 50).append(":00,").append(i % 3 == 0 ? "\"a note, quoted\"" : "").append('\n');
        }
        return sb.toString();
    }

    /** Polls the job until it completes; returns its id. */
    private String await(String base, String key, String accepted) throws IOException, InterruptedException {
        String id = String.valueOf(Json.read(accepted, Map.class).get("id"));
        for (int i = 0; i < 6000; i++) {
            String job = send(base, key, "GET", "/v1/jobs/" + id, null, null);
            Object state = Json.read(job, Map.class).get("state");
            if ("completed".equals(state)) return id;
            if ("failed".equals(state) || "cancelled".equals(state)) throw new IllegalStateException("training job ended: " + job);
            Thread.sleep(100);
        }
        throw new IllegalStateException("training job " + id + " did not end in 10 minutes");
    }

    private String send(String base, String key, String method, String path, String type, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(base, key, path);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) b.header("Content-Type", type);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        return r.body();
    }

    private String header(String base, String key, String path, String name) throws IOException, InterruptedException {
        return http.send(request(base, key, path).GET().build(), HttpResponse.BodyHandlers.discarding())
                .headers().firstValue(name).orElse(null);
    }

    private static HttpRequest.Builder request(String base, String key, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key).timeout(Duration.ofMinutes(5));
    }
}
