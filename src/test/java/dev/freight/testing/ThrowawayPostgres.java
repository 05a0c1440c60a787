package dev.freight.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL cluster of a test's own (initdb, pg_ctl) on a free port, which the test may stop
 * and start: the shared server of the other tests is never touched. As root it runs as user
 * {@code postgres}. {@link #binaries()} is empty where the machine has no PostgreSQL binaries.
 */
public final class ThrowawayPostgres implements AutoCloseable {
    private final Path bin;
    private final Path data;
    private final int port;
    private final boolean root;

    private ThrowawayPostgres(Path bin, Path data, int port, boolean root) {
        this.bin = bin;
        this.data = data;
        this.port = port;
        this.root = root;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} that has initdb and pg_ctl. */
    public static Optional<Path> binaries() {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) return Optional.empty();
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("\\D.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** initdb and start; creates database {@code freight}. */
    public static ThrowawayPostgres start(Path bin) throws IOException, InterruptedException {
        Path data = Files.createTempDirectory("freight-pg-");
        boolean root = "root".equals(System.getProperty("user.name"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ThrowawayPostgres pg = new ThrowawayPostgres(bin, data, port, root);
        if (root) pg.run(List.of("chown", "-R", "postgres", data.toString()), false);
        pg.run(List.of(bin.resolve("initdb").toString(), "-D", data.resolve("db").toString(), "-U", "postgres", "-A", "trust"), true);
        pg.start();
        try (Connection c = DriverManager.getConnection(pg.url("postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE freight");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return pg;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=postgres";
    }

    public void start() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-t", "60", "-l",
                data.resolve("log").toString(), "-o", "-p " + port + " -k /tmp -c listen_addresses=127.0.0.1", "start"), true);
    }

    /** A fast shutdown: connections are ended, as in a restart of the database. */
    public void stop() throws IOException, InterruptedException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.resolve("db").toString(), "-w", "-m", "fast", "stop"), true);
    }

    /** Runs a command (as postgres when root); its failure is an exception with its output. */
    public void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (root && asPostgres) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
    }

    public Path dataDir() {
        return data;
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } catch (RuntimeException e) {
            // already stopped
        }
        run(List.of("rm", "-rf", data.toString()), false);
    }
}
