package dev.freight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The floor plan, read from the source: which package of {@code src/main/java} uses which, by its
 * {@code import dev.freight.…} lines and by names it writes out in full. A package is the first
 * name under {@code dev.freight} ({@code compat.dengage} counts as {@code compat},
 * {@code store.postgres} as {@code store}); the root ({@code Json}, {@code Config}, {@code Sizes},
 * and the wiring in {@code Freight} and {@code Main}) stands outside the graph, but nothing may
 * import the wiring. Requests go down: http, compat → imports → worker, callback → store → engine
 * → job, ingest, auth, schema.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/freight");
    private static final Pattern USE = Pattern.compile("\\bdev\\.freight\\.([a-z]\\w*)\\.|\\bdev\\.freight\\.(Freight|Main)\\b");

    /** Packages each package must never use. */
    private static final Map<String, Set<String>> FORBIDDEN = Map.of(
            "http", Set.of("store"),
            "compat", Set.of("store"),
            "store", Set.of("worker", "callback", "imports", "http", "compat", "cli"),
            "engine", Set.of("store", "worker", "callback", "imports", "http", "compat", "cli"));

    /** Packages that may use only these (besides the root's utilities). */
    private static final Map<String, Set<String>> ONLY = Map.of(
            "job", Set.of("schema", "ingest"),
            "auth", Set.of("schema"),
            "schema", Set.of());

    /** One use of a package: where, and the line that says it. */
    record Use(String from, String to, String where) {}

    @Test
    void theSourceFollowsTheFloorPlan() {
        List<Use> uses = scan(SOURCES);
        assertThat(uses).as("the scan reads the source").isNotEmpty();
        assertSoftly(soft -> {
            soft.assertThat(violations(uses)).as("imports against the floor plan").isEmpty();
            soft.assertThat(cycle(uses)).as("a package loop").isEmpty();
        });
    }

    /** The checks themselves find what they look for: a loop (shown with the lines that make it) and a forbidden use. */
    @Test
    void theChecksFindALoopAndAForbiddenImport() {
        List<Use> uses = List.of(
                new Use("imports", "worker", "imports/Jobs.java:5"),
                new Use("worker", "store", "worker/JobRunner.java:9"),
                new Use("store", "imports", "store/Store.java:3"),
                new Use("compat", "store", "compat/dengage/Pacer.java:3"),
                new Use("job", "worker", "job/Job.java:4"),
                new Use("engine", "store", "engine/ChunkPlanner.java:7"),
                new Use("http", "Freight", "http/Server.java:2"));
        assertThat(cycle(uses)).containsExactlyInAnyOrder("imports -> worker (imports/Jobs.java:5)",
                "worker -> store (worker/JobRunner.java:9)", "store -> imports (store/Store.java:3)");
        assertThat(violations(uses)).containsExactly(
                "compat must not use store: compat/dengage/Pacer.java:3",
                "engine must not use store: engine/ChunkPlanner.java:7",
                "http must not use the wiring (Freight): http/Server.java:2",
                "job may use only [ingest, schema], not worker: job/Job.java:4",
                "store must not use imports: store/Store.java:3");
        assertThat(cycle(uses.subList(0, 2))).isEmpty();
    }

    static List<Use> scan(Path root) {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                String from = rel.contains("/") ? rel.substring(0, rel.indexOf('/')) : null;
                if (from == null) continue; // the root: utilities and wiring
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = USE.matcher(code(lines.get(i)));
                    while (m.find()) {
                        String to = m.group(1) != null ? m.group(1) : m.group(2);
                        if (!to.equals(from)) uses.add(new Use(from, to, rel + ":" + (i + 1)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    /** A line without its comment and string literals (javadoc may name any class; a string is no use). */
    private static String code(String line) {
        String t = line.strip();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//")) return "";
        t = t.replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
        int comment = t.indexOf("//");
        return comment >= 0 ? t.substring(0, comment) : t;
    }

    static List<String> violations(List<Use> uses) {
        Set<String> out = new TreeSet<>();
        for (Use u : uses) {
            if (u.to().equals("Freight") || u.to().equals("Main")) {
                out.add(u.from() + " must not use the wiring (" + u.to() + "): " + u.where());
            } else if (FORBIDDEN.getOrDefault(u.from(), Set.of()).contains(u.to())) {
                out.add(u.from() + " must not use " + u.to() + ": " + u.where());
            } else if (ONLY.containsKey(u.from()) && !ONLY.get(u.from()).contains(u.to())) {
                out.add(u.from() + " may use only " + new TreeSet<>(ONLY.get(u.from())) + ", not " + u.to() + ": " + u.where());
            }
        }
        return List.copyOf(out);
    }

    /** A loop among the packages, as its edges with one line that makes each; empty when there is none. */
    static List<String> cycle(List<Use> uses) {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        for (Use u : uses) {
            if (u.to().equals("Freight") || u.to().equals("Main")) continue;
            edges.computeIfAbsent(u.from(), k -> new TreeMap<>()).putIfAbsent(u.to(), u.where());
        }
        Map<String, Integer> state = new LinkedHashMap<>(); // 1: on the path, 2: done
        for (String start : edges.keySet()) {
            List<String> path = new ArrayList<>();
            List<String> found = visit(start, edges, state, path);
            if (!found.isEmpty()) return found;
        }
        return List.of();
    }

    private static List<String> visit(String node, Map<String, Map<String, String>> edges, Map<String, Integer> state,
                                      List<String> path) {
        Integer s = state.get(node);
        if (s != null && s == 2) return List.of();
        if (s != null && s == 1) {
            List<String> loop = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
            loop.add(node);
            List<String> out = new ArrayList<>();
            for (int i = 0; i + 1 < loop.size(); i++) {
                out.add(loop.get(i) + " -> " + loop.get(i + 1) + " (" + edges.get(loop.get(i)).get(loop.get(i + 1)) + ")");
            }
            return out;
        }
        state.put(node, 1);
        path.add(node);
        for (String next : edges.getOrDefault(node, Map.of()).keySet()) {
            List<String> found = visit(next, edges, state, path);
            if (!found.isEmpty()) return found;
        }
        path.remove(path.size() - 1);
        state.put(node, 2);
        return List.of();
    }
}
