package dev.freight;

import dev.freight.callback.Callbacks;
import dev.freight.compat.dengage.DengageSettings;
import dev.freight.compat.hexabase.HexabaseSettings;
import dev.freight.compat.yesmail.YesmailSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a node runs; every field comes from a flag or its FREIGHT_* environment twin.
 *
 * @param dbUrl         JDBC URL; null: the SQLite file in the data directory
 * @param maxBody       largest /v1 import body as sent, in bytes
 * @param callbackAllow CIDR ranges (private or loopback) that callbacks may reach
 * @param adminKey      the admin key to create at first start; null: generate one
 * @param callbackSchedule waits between failed callback deliveries
 * @param dengage        the D·engage dialect's settings (its pacing and body limit)
 * @param yesmail        the Yesmail dialect's settings (its body limit)
 * @param hexabase       the Hexabase dialect's settings (its body limit and the rows of a no_queue import)
 * @param lease          how long a claimed job stays this node's without a heartbeat
 * @param callbackTimeout how long one callback delivery may take, from connecting to the answer's status line
 * @param maxCrashes     a job whose node stopped under it this many times fails (a poison job) instead of resuming
 */
public record Config(String host, int port, Path dataDir, String dbUrl, long maxBody, int workers, int chunkSize,
                     List<String> callbackAllow, String adminKey, List<Duration> callbackSchedule,
                     DengageSettings dengage, YesmailSettings yesmail, Duration lease,
                     Duration callbackTimeout, int maxCrashes, HexabaseSettings hexabase) {
    public static final Duration LEASE = Duration.ofSeconds(30);
    public static final int MAX_CRASHES = 3;
    /** Rows per chunk by default, on a heap of at least {@link #LARGE_HEAP_BYTES}, and below it. */
    private static final int LARGE_HEAP_CHUNK = 10_000;
    private static final int SMALL_HEAP_CHUNK = 5_000;
    /** About 1 GiB: the JVM reports a little less than -Xmx1g as its most memory with some collectors. */
    private static final long LARGE_HEAP_BYTES = 960L << 20;

    /**
     * Rows per chunk when none is given, by the heap. Each chunk pays a transaction (on PostgreSQL
     * some round trips) whatever its size, so larger chunks are faster, but its rows are in memory a
     * few times over (read ahead, planned, being written): on a small heap (256 MiB) 10,000-row
     * chunks cost more in garbage collection than they save in commits (measured: 1M-row upserts
     * 15 % slower), on 1 GiB they are 10–20 % faster on both stores.
     */
    public static int defaultChunkSize(long maxHeapBytes) {
        return maxHeapBytes >= LARGE_HEAP_BYTES ? LARGE_HEAP_CHUNK : SMALL_HEAP_CHUNK;
    }

    public Config(String host, int port, Path dataDir, String dbUrl, long maxBody, int workers, int chunkSize,
                  List<String> callbackAllow, String adminKey) {
        this(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                Callbacks.DEFAULT_SCHEDULE);
    }

    public Config(String host, int port, Path dataDir, String dbUrl, long maxBody, int workers, int chunkSize,
                  List<String> callbackAllow, String adminKey, List<Duration> callbackSchedule) {
        this(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey, callbackSchedule,
                DengageSettings.DEFAULTS, YesmailSettings.DEFAULTS, LEASE, Callbacks.DEFAULT_TIMEOUT, MAX_CRASHES,
                HexabaseSettings.DEFAULTS);
    }

    public Config {
        if (dbUrl != null && dbUrl.isBlank()) {
            // `--db "$FREIGHT_DB"` with the variable unset must not quietly start a node on SQLite
            throw new IllegalArgumentException("--db (or FREIGHT_DB) is empty: give a PostgreSQL JDBC URL such as"
                    + " jdbc:postgresql://127.0.0.1:5432/freight?user=freight, or leave --db out for SQLite in the data directory");
        }
        if (lease.toMillis() < 600) throw new IllegalArgumentException("--lease must be at least 1s");
        if (callbackTimeout.toMillis() < 100) throw new IllegalArgumentException("--callback-timeout must be at least 100ms");
        if (maxCrashes < 1) throw new IllegalArgumentException("--max-crashes must be at least 1");
    }

    /** The same node with other D·engage settings (tests use a short pacing and small bodies). */
    public Config withDengage(DengageSettings d) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, d, yesmail, lease, callbackTimeout, maxCrashes, hexabase);
    }

    public Config withYesmail(YesmailSettings y) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, dengage, y, lease, callbackTimeout, maxCrashes, hexabase);
    }

    public Config withHexabase(HexabaseSettings h) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, dengage, yesmail, lease, callbackTimeout, maxCrashes, h);
    }

    public Config withCallbackSchedule(List<Duration> schedule) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                schedule, dengage, yesmail, lease, callbackTimeout, maxCrashes, hexabase);
    }

    public Config withLease(Duration l) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, dengage, yesmail, l, callbackTimeout, maxCrashes, hexabase);
    }

    /** The same node on another database URL (tests add SQLite URL parameters such as busy_timeout). */
    public Config withDbUrl(String url) {
        return new Config(host, port, dataDir, url, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, dengage, yesmail, lease, callbackTimeout, maxCrashes, hexabase);
    }

    public Config withCallbackTimeout(Duration timeout) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, dengage, yesmail, lease, timeout, maxCrashes, hexabase);
    }

    public Config withMaxCrashes(int n) {
        return new Config(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                callbackSchedule, dengage, yesmail, lease, callbackTimeout, n, hexabase);
    }

    public String jdbcUrl() {
        return dbUrl != null && !dbUrl.isBlank() ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("freight.db").toAbsolutePath();
    }
}
