package dev.freight;

import dev.freight.compat.dengage.DengageSettings;
import dev.freight.compat.hexabase.HexabaseSettings;
import dev.freight.compat.yesmail.YesmailSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: {@code freight serve}, and the client commands import, jobs, tables, keys. Flags have FREIGHT_* environment twins. */
@Command(name = "freight", mixinStandardHelpOptions = true, version = "freight 0.1.0",
        description = "Asynchronous bulk import and upsert service.", subcommands = {Main.Serve.class, dev.freight.cli.ImportCommand.class, dev.freight.cli.JobsCommand.class,
                dev.freight.cli.TablesCommand.class, dev.freight.cli.KeysCommand.class, Train.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        if (code != 0) System.exit(code);
    }

    /**
     * The command line, with a bad value given to a command (a flag that is not a duration, an
     * empty --db) said in one line and exit code 2 instead of a stack trace.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (!(e instanceof IllegalArgumentException)) throw e;
            command.getErr().println("freight: " + e.getMessage());
            command.getErr().flush();
            return 2;
        });
        return cli;
    }

    /** {@code 60s}, {@code 2m}, {@code 500ms}, or ISO-8601 ({@code PT1M}). */
    static java.time.Duration duration(String flag, String v) {
        String t = v.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) return java.time.Duration.parse(t);
            if (t.endsWith("ms")) return java.time.Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
            if (t.endsWith("s")) return java.time.Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            if (t.endsWith("m")) return java.time.Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1).trim()));
            return java.time.Duration.ofSeconds(Long.parseLong(t));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(flag + ": '" + v + "' is not a duration such as 60s, 2m or 500ms");
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run a Freight node.")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "${env:FREIGHT_HOST:-0.0.0.0}", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "${env:FREIGHT_PORT:-8080}", description = "Port (0: any free port; default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--data-dir", defaultValue = "${env:FREIGHT_DATA_DIR:-./freight-data}", description = "Data directory (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--db", defaultValue = "${env:FREIGHT_DB}", description = "JDBC URL of PostgreSQL; default: SQLite in the data directory.")
        String db;

        @Option(names = "--max-body", defaultValue = "${env:FREIGHT_MAX_BODY:-1GiB}", description = "Largest import body (default: ${DEFAULT-VALUE}).")
        String maxBody;

        @Option(names = "--workers", defaultValue = "${env:FREIGHT_WORKERS:-0}", description = "Jobs running at once (default: cores).")
        int workers;

        @Option(names = "--chunk-size", defaultValue = "${env:FREIGHT_CHUNK_SIZE:-0}", description = "Rows per committed chunk (default: 10000 on a heap of 1 GiB or more, else 5000).")
        int chunkSize;

        @Option(names = "--callback-allow", defaultValue = "${env:FREIGHT_CALLBACK_ALLOW:-}", description = "CIDR ranges callbacks may reach besides public addresses.")
        String callbackAllow;

        @Option(names = "--callback-timeout", defaultValue = "${env:FREIGHT_CALLBACK_TIMEOUT:-10s}", description = "How long one callback delivery may take, from connecting to the answer's status line (default: ${DEFAULT-VALUE}).")
        String callbackTimeout;

        @Option(names = "--lease", defaultValue = "${env:FREIGHT_LEASE:-30s}", description = "How long a running job stays this node's without a heartbeat; after that another node resumes it (default: ${DEFAULT-VALUE}).")
        String lease;

        @Option(names = "--max-crashes", defaultValue = "${env:FREIGHT_MAX_CRASHES:-3}", description = "A job whose node stopped under it this many times (kill, crash, lapsed lease) fails instead of resuming (default: ${DEFAULT-VALUE}).")
        int maxCrashes;

        @Option(names = "--dengage-pacing", defaultValue = "${env:FREIGHT_DENGAGE_PACING:-60s}", description = "Least time between two D·engage async upserts on one table (default: ${DEFAULT-VALUE}).")
        String dengagePacing;

        @Option(names = "--dengage-max-body", defaultValue = "${env:FREIGHT_DENGAGE_MAX_BODY:-50MB}", description = "Largest D·engage request body (default: ${DEFAULT-VALUE}).")
        String dengageMaxBody;

        @Option(names = "--yesmail-max-body", defaultValue = "${env:FREIGHT_YESMAIL_MAX_BODY:-2MB}", description = "Largest Yesmail import body (default: ${DEFAULT-VALUE}).")
        String yesmailMaxBody;

        @Option(names = "--hexabase-max-body", defaultValue = "${env:FREIGHT_HEXABASE_MAX_BODY:-100MB}", description = "Largest Hexabase ImportItems request (default: ${DEFAULT-VALUE}; --max-body bounds it too).")
        String hexabaseMaxBody;

        @Option(names = "--hexabase-sync-max-rows", defaultValue = "${env:FREIGHT_HEXABASE_SYNC_MAX_ROWS:-100}", description = "Most items of a Hexabase no_queue import (default: ${DEFAULT-VALUE}).")
        int hexabaseSyncMaxRows;

        @Override
        public Integer call() throws InterruptedException {
            int w = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
            if (chunkSize < 0) throw new CommandLine.ParameterException(new CommandLine(this), "--chunk-size must be at least 1 (or 0: the default for the heap)");
            int chunk = chunkSize > 0 ? chunkSize : Config.defaultChunkSize(Runtime.getRuntime().maxMemory());
            List<String> allow = callbackAllow == null || callbackAllow.isBlank() ? List.of()
                    : Arrays.stream(callbackAllow.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            Config config = new Config(host, port, dataDir, db, Sizes.parse(maxBody), w, chunk, allow,
                    System.getenv("FREIGHT_ADMIN_KEY"))
                    .withDengage(new DengageSettings(duration("--dengage-pacing", dengagePacing), Sizes.parse(dengageMaxBody)))
                    .withYesmail(new YesmailSettings(Sizes.parse(yesmailMaxBody)))
                    .withHexabase(new HexabaseSettings(Sizes.parse(hexabaseMaxBody), hexabaseSyncMaxRows))
                    .withLease(duration("--lease", lease))
                    .withCallbackTimeout(duration("--callback-timeout", callbackTimeout))
                    .withMaxCrashes(maxCrashes);
            String taken = Listening.taken(host, port);
            if (taken != null) {
                System.err.println("freight: " + taken);
                return 1;
            }
            Freight node;
            try {
                node = Freight.start(config);
            } catch (RuntimeException e) {
                taken = Listening.bindFailure(e, host, port);
                if (taken == null) throw e;
                System.err.println("freight: " + taken); // another process took the port since the check
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                node.close();
                stopped.countDown();
            }, "freight-shutdown"));
            stopped.await();
            return 0;
        }
    }
}
