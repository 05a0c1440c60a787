package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/** Progress for a log: a line when the job's state changes and then every so often, never a {@code \r}. */
final class ProgressLines implements Progress {
    private final PrintWriter err;
    private final long everyMillis;
    private final LongSupplier clock;
    private final Rate rate = new Rate(30_000);
    private long lastLine = Long.MIN_VALUE / 2;
    private String lastState;

    ProgressLines(PrintWriter err, Duration every, LongSupplier clock) {
        this.err = err;
        this.everyMillis = every.toMillis();
        this.clock = clock;
    }

    @Override
    public void upload(long sent, long total) {
        long now = clock.getAsLong();
        if (now - lastLine < everyMillis) return;
        if (lastLine > Long.MIN_VALUE / 2) { // not at once: a small file is sent before a line would help
            err.println("uploading: " + Units.bytes(sent) + (total >= 0 ? " of " + Units.bytes(total)
                    + " (" + (total == 0 ? 100 : sent * 100 / total) + "%)" : ""));
            err.flush();
        }
        lastLine = now;
    }

    @Override
    public void uploaded(long bytes, Duration took) {
        err.println("uploaded " + Units.bytes(bytes) + " in " + Units.seconds(took));
        err.flush();
        lastLine = Long.MIN_VALUE / 2;
    }

    @Override
    public void job(JsonNode job, long estimatedRows) {
        long now = clock.getAsLong();
        Rows k = Rows.of(job, estimatedRows);
        rate.add(now, k.processed());
        if (k.state().equals("queued") && lastState == null) return; // the summary's first line says so already
        if (k.state().equals(lastState) && now - lastLine < everyMillis) return;
        lastState = k.state();
        lastLine = now;
        err.println(line(k, rate.perSecond(), k.requested() >= 0 ? rate.eta(k.requested() - k.processed()) : null));
        err.flush();
    }

    /** {@code running: 4,500 of 20,000 rows (22%), 9,000 rows/s, ETA 2 s, 12 failed}. */
    static String line(Rows k, double perSecond, Duration eta) {
        if (k.state().equals("queued")) return "queued";
        StringBuilder s = new StringBuilder(k.state()).append(": ").append(k.amount()).append(k.percent());
        if (perSecond >= 0) s.append(", ").append(Units.count(Math.round(perSecond))).append(" rows/s");
        if (eta != null) s.append(", ETA ").append(Units.duration(eta));
        if (k.failed() > 0) s.append(", ").append(Units.count(k.failed())).append(" failed");
        return s.toString();
    }

    @Override
    public void done() {
        err.flush();
    }
}
