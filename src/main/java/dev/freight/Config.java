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
 */
public record Config(String host, int port, Path dataDir, String dbUrl, long maxBody, int workers, int chunkSize,
                     List<String> callbackAllow, String adminKey) {

    public String jdbcUrl() {
        return dbUrl != null && !dbUrl.isBlank() ? dbUrl : "jdbc:sqlite:" + dataDir.resolve("freight.db").toAbsolutePath();
    }
}
