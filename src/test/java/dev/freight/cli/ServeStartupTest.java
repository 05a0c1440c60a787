package dev.freight.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.freight.process.ServerProcess;
import dev.freight.store.StoreKind;
import dev.freight.testing.PgServer;
import dev.freight.testing.TestNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's start as a user meets it: which store it uses, where its key is, and one clear line when it cannot start. */
class ServeStartupTest {

    @Test
    void aSecondNodeInTheSameDirectoryKeepsTheFirstOnesAdminKey(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("freight-data");
        String database = "freight_cli_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + database);
        }
        try (ServerProcess sqlite = ServerProcess.start(data, Map.of(), List.of())) {
            assertThat(sqlite.log()).as(sqlite.log())
                    .contains("Freight store: SQLite " + data.resolve("freight.db"))
                    .contains("Admin API key (shown once, also in " + data.resolve("admin.key") + "): frt_");
            Path keyFile = data.resolve("admin.key");
            String first = Files.readString(keyFile).trim();
            assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            String url = PgServer.urlFor(database) + (PgServer.urlFor(database).contains("?") ? "&" : "?") + "password=not-to-be-shown";
            try (ServerProcess pg = ServerProcess.start(data, Map.of(), List.of(), "--db", url)) {
                String host = URI.create(url.substring("jdbc:".length())).getHost();
                assertThat(pg.log()).as(pg.log()).contains("Freight store: PostgreSQL " + host + ":")
                        .contains("/" + database).doesNotContain("not-to-be-shown");
                assertThat(Files.readString(keyFile).trim()).as("the first node's key stays in admin.key").isEqualTo(first);
                Path own;
                try (Stream<Path> files = Files.list(data)) {
                    own = files.filter(f -> f.getFileName().toString().matches("admin-postgresql-.*\\.key")).findFirst().orElseThrow();
                }
                String second = Files.readString(own).trim();
                assertThat(second).startsWith("frt_").isNotEqualTo(first);
                assertThat(pg.log()).contains("also in " + own).contains(keyFile + " is another store's key and stays as it was");
                assertThat(status(sqlite.base(), first)).as("the first node still takes its key").isEqualTo(200);
                assertThat(status(pg.base(), second)).isEqualTo(200);
            }
        } finally {
            try (Connection c = DriverManager.getConnection(PgServer.url()); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void theHeapDecidesTheDefaultChunkAndAGivenSizeWins(@TempDir Path dir) throws Exception {
        try (ServerProcess small = ServerProcess.start(dir.resolve("small"), Map.of(), List.of("-Xmx256m"));
             ServerProcess large = ServerProcess.start(dir.resolve("large"), Map.of(), List.of("-Xmx1g"));
             ServerProcess given = ServerProcess.start(dir.resolve("given"), Map.of(), List.of("-Xmx1g"), "--chunk-size", "750")) {
            assertThat(small.log()).as(small.log()).contains("takes jobs: ").contains(", chunks of 5000 rows,");
            assertThat(large.log()).as(large.log()).contains(", chunks of 10000 rows,");
            assertThat(given.log()).as(given.log()).contains(", chunks of 750 rows,");
        }
        CliProcess negative = CliProcess.run(dir, Map.of(), "serve", "--port", "0", "--data-dir", "data", "--chunk-size", "-1");
        assertThat(negative.code()).as(negative.toString()).isEqualTo(2);
        assertThat(negative.err()).as(negative.toString()).contains("--chunk-size must be at least 1");
    }

    @Test
    void anEmptyDbIsRefusedNotTakenForSqlite(@TempDir Path dir) throws Exception {
        CliProcess flag = CliProcess.run(dir, Map.of(), "serve", "--port", "0", "--data-dir", "data", "--db", "");
        assertThat(flag.code()).as(flag.toString()).isEqualTo(2);
        assertThat(flag.err()).as(flag.toString()).contains("freight: --db (or FREIGHT_DB) is empty").doesNotContain("\tat ");
        CliProcess env = CliProcess.run(dir, Map.of("FREIGHT_DB", ""), "serve", "--port", "0", "--data-dir", "data");
        assertThat(env.code()).as(env.toString()).isEqualTo(2);
        assertThat(dir.resolve("data/freight.db")).as("no SQLite file made").doesNotExist();
    }

    @Test
    void aPortInUseIsOneLineAndExitCodeOne(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            CliProcess r = CliProcess.run(dir, Map.of(), "serve", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()), "--data-dir", "data");
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString())
                    .contains("freight: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use")
                    .doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(dir.resolve("data/freight.db")).as("nothing opened before the port was found taken").doesNotExist();
        }
    }

    @Test
    void theClientSaysWhereItLookedForAKey(@TempDir Path dir) throws Exception {
        try (TestNode node = TestNode.start(StoreKind.SQLITE)) {
            CliProcess r = CliProcess.run(dir, Map.of(), "tables", "--url", node.base());
            assertThat(r.code()).as(r.toString()).isEqualTo(1);
            assertThat(r.err()).as(r.toString()).contains("401").contains("no key given: pass --api-key or set FREIGHT_API_KEY")
                    .contains("freight-data/admin.key is not in " + dir.toRealPath());

            Files.createDirectories(dir.resolve("freight-data"));
            Files.writeString(dir.resolve("freight-data/admin.key"), "frt_not_this_servers_key\n");
            CliProcess stale = CliProcess.run(dir, Map.of(), "tables", "--url", node.base());
            assertThat(stale.code()).isEqualTo(1);
            assertThat(stale.err()).as(stale.toString()).contains("the key in").contains("was refused");

            CliProcess given = CliProcess.run(dir, Map.of("FREIGHT_API_KEY", TestNode.ADMIN_KEY), "tables", "--url", node.base());
            assertThat(given.code()).as(given.toString()).isZero();
        }
    }

    @Test
    void helpHasNoWarningsAndTheHelpCommandWorks(@TempDir Path dir) throws Exception {
        CliProcess importHelp = CliProcess.run(dir, Map.of(), "import", "--help");
        assertThat(importHelp.code()).as(importHelp.toString()).isZero();
        assertThat(importHelp.out()).contains("errorThreshold=5%").contains("--failed-out").contains("Exit codes:");
        assertThat(importHelp.err()).as(importHelp.toString()).isEmpty();
        CliProcess help = CliProcess.run(dir, Map.of(), "help");
        assertThat(help.code()).as(help.toString()).isZero();
        assertThat(help.out()).contains("Commands:").contains("import").contains("keys");
        CliProcess helpJobs = CliProcess.run(dir, Map.of(), "help", "jobs");
        assertThat(helpJobs.out()).as(helpJobs.toString()).contains("show").contains("cancel");
    }

    private static int status(String base, String key) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/tables"))
                .header("Authorization", "Bearer " + key).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode();
    }
}
