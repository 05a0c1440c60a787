package dev.freight;

import java.nio.file.Path;
import java.util.List;

/**
 * How a node runs; every field comes from a flag or its FREIGHT_* environment twin.
 *
 * @param dbUrl         JDBC URL; null: the SQLite file in the data directory
 * @param maxBody       largest /v1 import body as sent, in bytes
 * @param callbackAllow CIDR ranges (private or loopback) that callbacks may reach
 * @param adminKey      the admin key to create at first start; null: generate one
 * @param callbackSchedule waits between failed callback deliveries
 */
public record Config(String host, int port, Path dataDir, String dbUrl, long maxBody, int workers, int chunkSize,
                     List<String> callbackAllow, String adminKey, List<java.time.Duration> callbackSchedule) {

    public Config(String host, int port, Path dataDir, String dbUrl, long maxBody, int workers, int chunkSize,
                  List<String> callbackAllow, String adminKey) {
        this(host, port, dataDir, dbUrl, maxBody, workers, chunkSize, callbackAllow, adminKey,
                dev.freight.job.Callbacks.DEFAULT_SCHEDULE);
    }

    public String jdbcUrl() {
        return dbUrl != null && !dbUrl.isBlank() ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("freight.db").toAbsolutePath();
    }
}
