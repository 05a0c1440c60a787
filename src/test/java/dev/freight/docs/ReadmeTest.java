package dev.freight.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.freight.docs.Markdown.Block;
import dev.freight.process.ServerProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Tag;

/**
 * Runs the shell examples of README.md, then those of docs/, verbatim and in order, against a
 * fresh server, so that the documentation cannot rot: a user who follows it meets no error it
 * does not predict.
 *
 * <p>The convention, for every fenced block of {@link #FILES}:
 * <ul>
 * <li>A block fenced {@code ```sh} (or {@code bash}, {@code shell}) runs. All of them run in one
 *     bash session with {@code set -euo pipefail}, so variables ({@code KEY}, {@code API},
 *     {@code JOB}, …) and files carry from one block to the next, across files too. The session
 *     runs in a fresh directory beside the server's data directory {@code ./freight-data} (a real
 *     server process on SQLite, a free port, its admin key made at its first start), where
 *     {@code bin/freight} runs this build's client. {@code localhost:8080} in a block stands for
 *     that server; {@code FREIGHT_URL} points the client there.</li>
 * <li>Every command must exit 0, and every {@code curl} must be answered below 400. A curl command
 *     that ends in a comment {@code # → 409} (any status; on the curl's line, or on the last line
 *     of a command continued with a backslash) predicts that answer, and must get exactly that
 *     status. A comment line of its own ({@code # → 202 …}) only shows an answer.</li>
 * <li>{@code ```sh skip-test}: a block that is shown, never run. Only for what cannot run here:
 *     starting servers ({@code bin/freight serve}, PostgreSQL, several nodes), the test suite, the
 *     benchmarks. Keep them few.</li>
 * <li>Any other block names its language ({@code text}, {@code json}, {@code python}, …) and
 *     does not run; a block with no language fails this test, so that no shell block goes
 *     unchecked by accident.</li>
 * </ul>
 *
 * <p>{@link #KNOWN_FAILURES} lists the blocks that fail today because the code is wrong, not the
 * text: each runs in a subshell of its own (its variables do not carry over), must still fail,
 * and must leave the list when the code is fixed.
 */
@Tag("slow")
class ReadmeTest {
    /** The files whose examples run, in this order (docs/ continues the README's session). */
    static final List<String> FILES = List.of("README.md", "docs/api.md", "docs/dialects.md", "docs/operations.md",
            "docs/benchmark.md");

    /** Blocks that fail because of a bug in the code (issue 14), by a line of theirs: that line → why. */
    static final Map<String, String> KNOWN_FAILURES = Map.of();

    private static final Pattern EXPECT = Pattern.compile("\\s#\\s*→\\s*(\\d{3})\\b");
    private static final Pattern CURL = Pattern.compile("(^|[\\s(|;&])curl\\s");
    private static final Pattern MARK = Pattern.compile("^@@(block|known|done) ?(\\d*) ?(\\d*)$");
    private static final long TIMEOUT_SECONDS = 180;

    /** Where a curl's answer is checked: its status from the headers it dumps, against the text's prediction. */
    private static final String PRELUDE = """
            set -euo pipefail
            curl() {
              local head status url= arg rc=0
              for arg in "$@"; do case $arg in http://*|https://*) url=$arg ;; esac; done
              head=$(mktemp)
              command curl --dump-header "$head" "$@" || rc=$?
              status=$(awk '/^HTTP\\//{s=$2} END{print s}' "$head")
              rm -f "$head"
              if [ "$rc" -ne 0 ]; then echo "readme-test: curl $url exited $rc" >&2; return "$rc"; fi
              if [ -z "$status" ]; then echo "readme-test: curl $url: no HTTP answer seen (is -D used?)" >&2; return 1; fi
              if [ -n "${README_EXPECT_STATUS:-}" ]; then
                if [ "$status" != "$README_EXPECT_STATUS" ]; then
                  echo "readme-test: $url answered HTTP $status, where the text predicts $README_EXPECT_STATUS" >&2; return 1
                fi
              elif [ "$status" -ge 400 ]; then
                echo "readme-test: $url answered HTTP $status, and the text predicts no error (end the line with # → $status if it should)" >&2
                return 1
              fi
            }
            """;

    @Test
    void documentationRunsAsWritten(@TempDir Path dir) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        List<Block> blocks = new ArrayList<>();
        for (String file : FILES) blocks.addAll(Markdown.read(root, file).blocks);
        for (Block b : blocks) {
            assertThat(b.language()).as("%s: give the block a language (sh, sh %s, text, json, …)", b.where(), Markdown.SKIP)
                    .isNotEmpty();
        }
        List<Block> runs = blocks.stream().filter(b -> b.isShell() && !b.skipped()).toList();
        Map<Block, String> known = known(runs);
        assertThat(runs.size()).as("runnable blocks found").isGreaterThanOrEqualTo(10);

        try (ServerProcess server = ServerProcess.start(dir.resolve("freight-data"), Map.of(), List.of())) {
            writeClient(dir.resolve("bin/freight"));
            Path script = dir.resolve("readme-test.sh");
            Files.writeString(script, script(runs, known.keySet(), server.base()));
            ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile()).redirectErrorStream(true);
            pb.environment().keySet().removeIf(name -> name.startsWith("FREIGHT_"));
            pb.environment().put("FREIGHT_URL", server.base());
            Process bash = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread reader = Thread.ofPlatform().daemon().start(() -> copy(bash.getInputStream(), out));
            boolean ended = bash.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!ended) bash.destroyForcibly().waitFor();
            reader.join(5_000);
            String transcript = out.toString(StandardCharsets.UTF_8);
            System.out.println(transcript);
            Run run = Run.parse(transcript);

            String failure = !ended ? "the examples did not end within " + TIMEOUT_SECONDS + " s"
                    : bash.exitValue() != 0 ? "a step exited " + bash.exitValue() : !run.done ? "the examples stopped early" : null;
            if (failure != null) {
                Block at = run.last < 0 ? null : runs.get(run.last);
                throw new AssertionError(failure + (at == null ? "" : " in the block at " + at.where() + ":\n" + at.text()
                        + "\n--- its output ---\n" + run.outputs.getOrDefault(run.last, ""))
                        + "\n--- the server's log (last lines) ---\n" + tail(server.log(), 40));
            }
            for (Map.Entry<Block, String> k : known.entrySet()) {
                int index = runs.indexOf(k.getKey());
                assertThat(run.knownExit.get(index))
                        .as("%s passes now: remove it from KNOWN_FAILURES (%s)", k.getKey().where(), k.getValue())
                        .isNotNull().isNotZero();
                System.out.printf("known failure at %s (%s):%n%s%n", k.getKey().where(), k.getValue(), run.outputs.get(index));
            }
        }
    }

    @Test
    void predictedStatusesGoToTheirCurl() {
        Block oneLine = new Block("x.md", 1, "sh", "X=$(curl -s $API/a)   # → 409: taken\n");
        Block continued = new Block("x.md", 1, "sh", "curl -s \\\n  $API/b   # → 400\necho ok   # → 200\n");
        Block quoted = new Block("x.md", 1, "sh", "curl -s -d '{\n}' $API/c   # → 422\n");
        assertThat(expectations(oneLine)).isEqualTo("X=$(README_EXPECT_STATUS=409 curl -s $API/a)   # → 409: taken\n");
        assertThatThrownBy(() -> expectations(continued)).hasMessageContaining("echo ok");
        assertThat(expectations(new Block("x.md", 1, "sh", "curl -s \\\n  $API/b   # → 400\n")))
                .isEqualTo("README_EXPECT_STATUS=400 curl -s \\\n  $API/b   # → 400\n");
        assertThatThrownBy(() -> expectations(quoted)).hasMessageContaining("does not begin with a curl");
    }

    /** Each entry of {@link #KNOWN_FAILURES} names exactly one block that runs. */
    private static Map<Block, String> known(List<Block> runs) {
        Map<Block, String> out = new LinkedHashMap<>();
        KNOWN_FAILURES.forEach((line, why) -> {
            List<Block> found = runs.stream().filter(b -> b.text().contains(line)).toList();
            assertThat(found).as("KNOWN_FAILURES entry '%s' names one runnable block", line).hasSize(1);
            out.put(found.get(0), why);
        });
        return out;
    }

    /** The session: the prelude, then each block after a marker line; a known failure in a subshell that may fail. */
    static String script(List<Block> runs, java.util.Set<Block> known, String base) {
        StringBuilder s = new StringBuilder(PRELUDE);
        for (int i = 0; i < runs.size(); i++) {
            Block b = runs.get(i);
            String text = expectations(b).replace("localhost:8080", base.replaceFirst("^http://", ""));
            s.append("printf '\\n@@block ").append(i).append("\\n'\n");
            if (known.contains(b)) {
                s.append("set +e\n(\nset -e\n").append(text).append(")\n");
                s.append("__rc=$?\nset -e\nprintf '\\n@@known ").append(i).append(" %d\\n' \"$__rc\"\n");
            } else {
                s.append(text);
            }
        }
        return s.append("printf '\\n@@done\\n'\n").toString();
    }

    /**
     * A command ending in {@code # → NNN} gets {@code README_EXPECT_STATUS=NNN} before its curl: the
     * comment stands on the curl's line, or on the last line of a command continued with a backslash.
     */
    static String expectations(Block b) {
        List<String> lines = new ArrayList<>(List.of(b.text().split("\n", -1)));
        int start = 0; // the first line of the command the current line belongs to
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0 && !lines.get(i - 1).endsWith("\\")) start = i;
            Matcher m = EXPECT.matcher(lines.get(i));
            if (lines.get(i).stripLeading().startsWith("#") || !m.find()) continue;
            int at = curlAt(lines.get(start), start == i ? m.start() : Integer.MAX_VALUE);
            if (at < 0) {
                throw new AssertionError(b.where() + ": '# → " + m.group(1) + "' ends a command that does not begin with a"
                        + " curl (put it on the curl's line, or continue the curl's line with \\): " + lines.get(i));
            }
            String first = lines.get(start);
            lines.set(start, first.substring(0, at) + "README_EXPECT_STATUS=" + m.group(1) + " " + first.substring(at));
        }
        return String.join("\n", lines);
    }

    /** Where the word curl begins in {@code line} before {@code limit}, or -1. */
    private static int curlAt(String line, int limit) {
        Matcher curl = CURL.matcher(line);
        if (!curl.find() || curl.end() > limit) return -1;
        return curl.end() - "curl ".length();
    }

    /** {@code bin/freight} of the session: this build's client, as the real launcher would run it. */
    private static void writeClient(Path launcher) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("java.class.path");
        assertThat(java + classpath).as("paths the launcher quotes").doesNotContain("'");
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, "#!/usr/bin/env bash\nexec '" + java + "' -cp '" + classpath + "' dev.freight.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What the session printed, by block. */
    private record Run(Map<Integer, String> outputs, Map<Integer, Integer> knownExit, int last, boolean done) {
        static Run parse(String transcript) {
            Map<Integer, StringBuilder> outputs = new LinkedHashMap<>();
            Map<Integer, Integer> knownExit = new LinkedHashMap<>();
            int current = -1;
            boolean done = false;
            for (String line : transcript.split("\n", -1)) {
                Matcher m = MARK.matcher(line);
                if (m.matches() && m.group(1).equals("block")) {
                    current = Integer.parseInt(m.group(2));
                    outputs.put(current, new StringBuilder());
                } else if (m.matches() && m.group(1).equals("known")) {
                    knownExit.put(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                } else if (m.matches()) {
                    done = true;
                } else if (current >= 0) {
                    outputs.get(current).append(line).append('\n');
                }
            }
            Map<Integer, String> text = new LinkedHashMap<>();
            outputs.forEach((k, v) -> text.put(k, v.toString()));
            return new Run(text, knownExit, current, done);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
    }
}
