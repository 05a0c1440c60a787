package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/** The terminal's progress: one line redrawn in place, the upload's bytes, then the job's rows, rate and ETA. */
final class ProgressBar implements Progress {
    private static final String CLEAR_LINE = "\r\033[K";

    private final PrintWriter err;
    private final int width;
    private final LongSupplier clock;
    private Rate rate = new Rate(10_000);
    private boolean drawn;
    private boolean rows;

    ProgressBar(PrintWriter err, int width, LongSupplier clock) {
        this.err = err;
        this.width = Math.max(40, width);
        this.clock = clock;
    }

    @Override
    public void upload(long sent, long total) {
        rate.add(clock.getAsLong(), sent);
        if (total >= 0 && sent >= total) { // all handed over: the server reads it into its spool before it answers
            draw(render("upload", sent, total, Units.bytes(total) + " sent, the server stores it", "", null, "", width));
            return;
        }
        double r = rate.perSecond();
        draw(render("upload", sent, total, Units.bytes(sent) + (total >= 0 ? " of " + Units.bytes(total) : ""),
                r < 0 ? "" : Units.bytes((long) r) + "/s", total >= 0 ? rate.eta(total - sent) : null, "", width));
    }

    @Override
    public void uploaded(long bytes, Duration took) {
        done();
    }

    @Override
    public void job(JsonNode job, long estimatedRows) {
        if (!rows) {
            rate = new Rate(10_000);
            rows = true;
        }
        Rows k = Rows.of(job, estimatedRows);
        if (k.state().equals("queued")) {
            draw("queued    waiting for a worker and for this table's earlier jobs");
            return;
        }
        rate.add(clock.getAsLong(), k.processed());
        double r = rate.perSecond();
        draw(render(k.state(), k.processed(), k.requested(), k.amount(), r < 0 ? "" : Units.count(Math.round(r)) + " rows/s",
                k.requested() >= 0 ? rate.eta(k.requested() - k.processed()) : null,
                k.failed() > 0 ? "  " + Units.count(k.failed()) + " failed" : "", width));
    }

    @Override
    public void done() {
        if (!drawn) return;
        err.print(CLEAR_LINE);
        err.flush();
        drawn = false;
    }

    private void draw(String line) {
        err.print(CLEAR_LINE + (line.length() < width ? line : line.substring(0, width - 1)));
        err.flush();
        drawn = true;
    }

    /**
     * One line of at most {@code width - 1} characters (the last column would wrap on some
     * terminals): {@code running [=====>    ]  45%  450,000 of 1,000,000 rows  84,000 rows/s  ETA 7 s}.
     */
    static String render(String label, long done, long total, String amount, String rate, Duration eta, String extra, int width) {
        StringBuilder text = new StringBuilder();
        if (total > 0) text.append(String.format(Locale.ROOT, " %3d%%", Math.min(100, done * 100 / total)));
        text.append("  ").append(amount);
        if (!rate.isEmpty()) text.append("  ").append(rate);
        if (eta != null) text.append("  ETA ").append(Units.duration(eta));
        text.append(extra);
        String head = String.format(Locale.ROOT, "%-9s ", label);
        int barWidth = Math.min(40, width - 1 - head.length() - text.length() - 2);
        StringBuilder line = new StringBuilder(head);
        if (total > 0 && barWidth >= 10) {
            int filled = (int) Math.min(barWidth, done * barWidth / total);
            line.append('[').append("=".repeat(filled));
            if (filled < barWidth) line.append('>').append(" ".repeat(barWidth - filled - 1));
            line.append(']');
        }
        line.append(text);
        return line.length() < width ? line.toString() : line.substring(0, width - 1);
    }
}
