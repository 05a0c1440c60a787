package dev.freight.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freight as a separate operating-system process (the same JVM binary and classpath as the
 * tests), for what only a real process shows: kill -9, resident memory, a first start as a user
 * meets it. Its output goes to a log file that tests print when they fail.
 */
public final class ServerProcess implements AutoCloseable {
    static final String ADMIN_KEY = "frt_process_test_admin_key_0123456";
    private static final Pattern READY = Pattern.compile("Freight listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** A server whose admin key is {@link #ADMIN_KEY}. */
    static ServerProcess start(Path dataDir, List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        return start(dataDir, Map.of("FREIGHT_ADMIN_KEY", ADMIN_KEY), jvmArgs, args);
    }

    /**
     * A server on 127.0.0.1, a free port and {@code dataDir}, with {@code env} as its only
     * FREIGHT_* variables (none of the caller's shell leaks in: no FREIGHT_DB, no admin key).
     */
    public static ServerProcess start(Path dataDir, Map<String, String> env, List<String> jvmArgs, String... args)
            throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.freight.Main", "serve",
                "--host", "127.0.0.1", "--port", "0", "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile("freight-process-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(name -> name.startsWith("FREIGHT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
                    Matcher m = READY.matcher(line);
                    if (m.find()) port.complete(Integer.parseInt(m.group(1)));
                }
            } catch (IOException ignored) {
                // the process ended
            }
            port.complete(-1);
        });
        try {
            int found = port.get(60, TimeUnit.SECONDS);
            if (found < 0) throw new IllegalStateException("server exited before it was ready:\n" + Files.readString(log));
            return new ServerProcess(p, log, found);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException("server not ready within 60 s:\n" + Files.readString(log), e);
        }
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Peak resident memory (VmHWM) in bytes, from /proc. */
    long peakRss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
        return -1;
    }

    /** kill -9: no shutdown hook, no last commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code (the shutdown hook lets the running chunk commit). */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new IllegalStateException("no exit within 60 s of SIGTERM");
        return process.exitValue();
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
