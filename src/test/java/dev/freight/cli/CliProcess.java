package dev.freight.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code freight ARGS} as its own process (this build's classes), in a directory of the test's,
 * with no FREIGHT_* variable of the caller's: for what only a process shows — its exit code,
 * what goes to stdout and to stderr, picocli's own warnings, the working directory.
 */
record CliProcess(int code, String out, String err) {
    static CliProcess run(Path dir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.freight.Main"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("freight-cli-", ".out");
        Path err = Files.createTempFile("freight-cli-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("FREIGHT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("freight " + String.join(" ", args) + " did not end within 90 s:\n" + Files.readString(err));
        }
        CliProcess r = new CliProcess(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
}
