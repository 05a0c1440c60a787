import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 6 of bench/run (docs/benchmark.md): many small jobs from concurrent clients.
 * Creates TABLES tables (PREFIX00 .., default load_00 ..), then CLIENTS threads submit JOBS upsert jobs of ROWS rows,
 * job i going to table i % TABLES, and follow each from the first byte of its POST until the job is
 * completed (the POST uses wait= so the server answers when the job ends; if it answers 202 the job is
 * polled). Prints one line: {@code LOAD jobs=.. seconds=.. jobs_per_s=.. p50_ms=.. p99_ms=.. max_ms=.. failed=..}.
 *
 * <pre>java bench/load/JobLoad.java --api http://127.0.0.1:18183 --key KEY [--jobs 2000] [--rows 1000]
 *      [--tables 20] [--clients 16] [--timeout-s 600] [--prefix load_]</pre>
 * Only loopback URLs are accepted: this is a benchmark client, not a load tool for other hosts.
 */
public class JobLoad {
    static final Pattern STATE = Pattern.compile("\"state\":\"([a-z]+)\"");
    static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String api = null, key = null;
        int jobs = 2000, rows = 1000, tables = 20, clients = 16;
        String prefix = "load_";
        long timeoutS = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--api" -> api = args[++i];
                case "--key" -> key = args[++i];
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--rows" -> rows = Integer.parseInt(args[++i]);
                case "--tables" -> tables = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Integer.parseInt(args[++i]);
                case "--timeout-s" -> timeoutS = Long.parseLong(args[++i]);
                case "--prefix" -> prefix = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (api == null || key == null) throw new IllegalArgumentException("--api and --key are required");
        String host = URI.create(api).getHost();
        if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
            throw new IllegalArgumentException("--api must be on 127.0.0.1, not " + host);
        }
        new JobLoad(api, key, rows, tables, prefix).run(jobs, clients, timeoutS);
    }

    final String api, auth, prefix;
    final int rows, tables;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    volatile long deadlineNanos;

    JobLoad(String api, String key, int rows, int tables, String prefix) {
        this.api = api;
        this.prefix = prefix;
        this.auth = "Bearer " + key;
        this.rows = rows;
        this.tables = tables;
    }

    HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(URI.create(api + path)).header("Authorization", auth).timeout(Duration.ofSeconds(330));
    }

    void prepareTables() throws Exception {
        for (int t = 0; t < tables; t++) {
            String body = """
                {"name":"%s","columns":[{"name":"id","type":"integer"},{"name":"email","type":"text","nullable":false},
                 {"name":"score","type":"integer"},{"name":"balance","type":"decimal","precision":12,"scale":2},
                 {"name":"updated_at","type":"timestamp"}],"primaryKey":["id"]}""".formatted(table(t));
            HttpResponse<String> r = http.send(req("/v1/tables").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException("creating " + table(t) + ": " + r.statusCode() + " " + r.body());
        }
    }

    String table(int t) { return prefix + "%02d".formatted(t); }

    /** Job i: ROWS rows with ids overlapping the previous job on the same table by half (updates and inserts). */
    String csv(int job) {
        int round = job / tables;
        long first = (long) round * rows / 2 + 1;
        Random rnd = new Random(job);
        StringBuilder sb = new StringBuilder(rows * 48).append("id,email,score,balance,updated_at\n");
        for (int r = 0; r < rows; r++) {
            long id = first + r;
            sb.append(id).append(",u").append(id).append("@example.com,").append(rnd.nextInt(1000)).append(',')
              .append(rnd.nextInt(100000)).append('.').append(rnd.nextInt(10)).append(rnd.nextInt(10))
              .append(",2026-11-").append(10 + rnd.nextInt(18)).append(" 12:").append(10 + rnd.nextInt(50)).append(":00\n");
        }
        return sb.toString();
    }

    /** Milliseconds from the first byte of the POST to the job seen completed; negative if it ended otherwise. */
    double oneJob(int job) throws Exception {
        String body = csv(job);   // built before the clock starts: the client's own work is not Freight's
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(req("/v1/tables/" + table(job % tables) + "/imports?mode=upsert&wait=300")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && r.statusCode() != 202) throw new IllegalStateException("job " + job + ": " + r.statusCode() + " " + r.body());
        String state = first(STATE, r.body());
        String location = r.headers().firstValue("Location").orElseGet(() -> "/v1/jobs/" + first(ID, r.body()));
        // 202 after wait: the job is still queued behind others; poll, bounded by the run's deadline
        while (!isFinal(state)) {
            if (System.nanoTime() > deadlineNanos) throw new IllegalStateException("job " + job + " not final by the deadline");
            Thread.sleep(5);
            state = first(STATE, http.send(req(location).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        return state.equals("completed") ? ms : -ms;
    }

    static boolean isFinal(String s) { return s.equals("completed") || s.equals("failed") || s.equals("cancelled"); }

    static String first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        if (!m.find()) throw new IllegalStateException("no " + p + " in " + s);
        return m.group(1);
    }

    void run(int jobs, int clients, long timeoutS) throws Exception {
        prepareTables();
        double[] lat = new double[jobs];
        AtomicInteger next = new AtomicInteger();
        deadlineNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            fs.add(pool.submit(() -> {
                // each client takes the next job number until all are taken: JOBS is the bound
                for (int j; (j = next.getAndIncrement()) < jobs; ) {
                    lat[j] = oneJob(j);
                }
                return null;
            }));
        }
        pool.shutdown();
        if (!pool.awaitTermination(timeoutS, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new IllegalStateException("load did not finish within " + timeoutS + " s");
        }
        for (Future<?> f : fs) f.get();
        double secs = (System.nanoTime() - t0) / 1e9;
        long failed = Arrays.stream(lat).filter(x -> x < 0).count();
        double[] sorted = Arrays.stream(lat).map(Math::abs).sorted().toArray();
        System.out.printf("LOAD jobs=%d rows=%d tables=%d clients=%d seconds=%.2f jobs_per_s=%.1f p50_ms=%.0f p99_ms=%.0f max_ms=%.0f failed=%d%n",
                jobs, rows, tables, clients, secs, jobs / secs, pct(sorted, 50), pct(sorted, 99), sorted[sorted.length - 1], failed);
    }

    /** Nearest-rank percentile. */
    static double pct(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
