package dev.freight.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;

/**
 * Connections to the one database that holds users' tables and Freight's metadata.
 * {@link #write} runs a transaction; {@link #read} runs on an autocommit connection.
 * On SQLite every write transaction also holds one fair in-process lock: SQLite allows a
 * single writer, and a JVM lock queues writers fairly where SQLite's busy handler only polls.
 */
public final class Database implements AutoCloseable {
    private final StoreKind kind;
    private final HikariDataSource pool;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final String url;

    public Database(String jdbcUrl, int poolSize) {
        this.url = jdbcUrl;
        this.kind = StoreKind.ofUrl(jdbcUrl);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(jdbcUrl);
        cfg.setPoolName("freight-db");
        cfg.setMaximumPoolSize(poolSize);
        cfg.setAutoCommit(true);
        if (kind == StoreKind.SQLITE) {
            // FULL: a commit (an accepted body, a chunk) survives a crash of the machine too.
            // How long a writer waits for another process holding the file (in-process writers
            // queue on writeLock); a busy_timeout given in the URL wins.
            String busy = jdbcUrl.contains("busy_timeout=") ? "" : "PRAGMA busy_timeout=30000; ";
            cfg.setConnectionInitSql(busy + "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON");
            // Freight never asks for generated keys; fetching them costs a query per INSERT
            cfg.addDataSourceProperty("jdbc.get_generated_keys", "false");
        }
        this.pool = new HikariDataSource(cfg);
        if (kind == StoreKind.SQLITE) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
            } catch (SQLException e) {
                throw new StoreException("cannot open " + jdbcUrl + ": " + e.getMessage(), e);
            }
        }
    }

    public StoreKind kind() {
        return kind;
    }

    public String url() {
        return url;
    }

    /** Creates or evolves Freight's own tables. */
    public void migrate() {
        Flyway.configure()
                .dataSource(pool)
                .locations("classpath:db/migration/" + (kind == StoreKind.SQLITE ? "sqlite" : "postgresql"))
                .schemas(kind == StoreKind.POSTGRESQL ? new String[] {"freight"} : new String[0])
                .table(kind == StoreKind.SQLITE ? "freight_schema_history" : "schema_history")
                .load()
                .migrate();
    }

    /** Runs {@code work} in one transaction: committed (and on disk) when it returns, rolled back when it throws. */
    public <T> T write(SqlWork<T> work) {
        return write(work, true);
    }

    /**
     * The same, but the commit returns without waiting for the disk: a crash of the machine (or,
     * on PostgreSQL, of the database server) can lose such a commit, whole and never in part, as
     * well as those after it; the log is sequential, so the next commit that does wait for the
     * disk makes it durable too. For steps whose loss a later durable commit would notice: a
     * job's chunks before its last, the pieces of a body before the job that holds them exists.
     */
    public <T> T writeUnflushed(SqlWork<T> work) {
        return write(work, false);
    }

    private <T> T write(SqlWork<T> work, boolean flushed) {
        boolean locked = kind == StoreKind.SQLITE;
        if (locked) writeLock.lock();
        try (Connection c = pool.getConnection()) {
            // SQLite: the setting is the connection's and cannot change inside a transaction
            boolean relaxed = !flushed && kind == StoreKind.SQLITE && pragma(c, "PRAGMA synchronous=NORMAL");
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                if (!flushed && kind == StoreKind.POSTGRESQL) commitUnflushed(c);
                else c.commit();
                return result;
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // the original failure matters more than the rollback's
                }
                throw t;
            } finally {
                restoreAutoCommit(c);
                // a connection that cannot be put back to FULL must not serve a durable write: the pool drops it
                if (relaxed && !pragma(c, "PRAGMA synchronous=FULL")) pool.evictConnection(c);
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        } finally {
            if (locked) writeLock.unlock();
        }
    }

    /**
     * Commits a PostgreSQL transaction without waiting for the disk. The setting is this
     * transaction's only, and is read at its commit: sent with the COMMIT, both take one round
     * trip (a job's chunk pays several already). The driver sees the transaction ended and sends
     * no COMMIT of its own.
     */
    private static void commitUnflushed(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SET LOCAL synchronous_commit TO OFF; COMMIT")) {
            s.execute(); // prepared: the driver parses it once per connection
        }
        c.commit(); // nothing to send: the transaction has ended
    }

    /** Runs a PRAGMA; false when the connection refused it. */
    private static boolean pragma(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** A broken connection must not hide the error that broke it: Hikari discards it anyway. */
    private static void restoreAutoCommit(Connection c) {
        try {
            c.setAutoCommit(true);
        } catch (SQLException ignored) {
            // the pool evicts a connection that cannot be reset
        }
    }

    /**
     * Runs reads that must agree with each other (a job row and its events) on one snapshot,
     * without the SQLite write lock: a deferred SQLite transaction, a PostgreSQL repeatable-read one.
     */
    public <T> T snapshot(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            if (kind == StoreKind.POSTGRESQL) c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                try {
                    c.rollback();
                } catch (SQLException ignored) {
                    // nothing was written
                }
                restoreAutoCommit(c);
                if (kind == StoreKind.POSTGRESQL) c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            }
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /** Runs {@code work} on an autocommit connection (reads, or single statements). */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw StoreException.of(e);
        }
    }

    /**
     * True when the database answers within {@link #PING_TIMEOUT_MILLIS}: a pool waiting for a
     * connection to a database that is gone must not hold {@code /health} for its whole timeout.
     */
    public boolean ping() {
        java.util.concurrent.CompletableFuture<Boolean> answer = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("freight-ping").start(() -> {
            try (Connection c = pool.getConnection()) {
                answer.complete(c.isValid(2));
            } catch (SQLException | RuntimeException e) {
                answer.complete(false);
            }
        });
        try {
            return answer.get(PING_TIMEOUT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static final long PING_TIMEOUT_MILLIS = 3000;

    @Override
    public void close() {
        pool.close();
    }
}
