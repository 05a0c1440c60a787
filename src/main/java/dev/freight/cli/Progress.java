package dev.freight.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How {@code import} shows its progress, on stderr (stdout keeps the result, for scripts): a bar
 * redrawn in place on a terminal, plain lines now and then when stderr is a file or a pipe (no
 * {@code \r} in a log), or nothing.
 */
interface Progress {
    /** {@code bar}, {@code plain}, {@code none}, or {@code auto}: a bar when stderr is a terminal, else plain lines. */
    enum Mode { AUTO, BAR, PLAIN, NONE }

    /** While the body is sent: {@code sent} of {@code total} bytes (-1: unknown). */
    void upload(long sent, long total);

    /** The body is sent (and the job accepted). */
    void uploaded(long bytes, Duration took);

    /** The job as last read, while it runs; {@code estimatedRows} stands for {@code requested} until the server knows it (-1: no estimate). */
    void job(JsonNode job, long estimatedRows);

    /** The job ended: leaves the terminal's line clean for the result. */
    void done();

    /**
     * The progress for {@code mode}. Whether stderr is a terminal, and its width, come from
     * bin/freight ({@code -Dfreight.stderr.tty}, {@code -Dfreight.columns}): Java itself cannot
     * tell stderr from stdout.
     */
    static Progress of(Mode mode, PrintWriter err, Duration every, LongSupplier clock) {
        Mode m = mode != Mode.AUTO ? mode : Boolean.getBoolean("freight.stderr.tty") ? Mode.BAR : Mode.PLAIN;
        return switch (m) {
            case BAR -> new ProgressBar(err, Integer.getInteger("freight.columns", 80), clock);
            case PLAIN -> new ProgressLines(err, every, clock);
            default -> new Progress() {
                public void upload(long sent, long total) {}

                public void uploaded(long bytes, Duration took) {}

                public void job(JsonNode job, long estimatedRows) {}

                public void done() {}
            };
        };
    }

    /**
     * The job's counts that progress shows: processed of requested, or of an estimate ({@code
     * estimated}) until the server has read the body through (the API's {@code requested} is null
     * until then); failed.
     */
    record Rows(String state, long processed, long requested, boolean estimated, long failed) {
        static Rows of(JsonNode job, long estimatedRows) {
            JsonNode k = job.get("counts");
            JsonNode requested = k.get("requested");
            boolean known = requested != null && !requested.isNull();
            long processed = k.get("processed").asLong();
            long total = known ? requested.asLong() : estimatedRows < 0 ? -1 : Math.max(estimatedRows, processed);
            return new Rows(job.get("state").asText(), processed, total, !known && total >= 0, k.get("failed").asLong());
        }

        /** {@code 4,500 of 20,000 rows}, {@code 4,500 of ~20,000 rows}, {@code 4,500 rows}. */
        String amount() {
            return Units.count(processed) + (requested >= 0 ? " of " + (estimated ? "~" : "") + Units.count(requested) : "") + " rows";
        }

        String percent() {
            return requested > 0 ? " (" + Math.min(100, processed * 100 / requested) + "%)" : "";
        }
    }
}
