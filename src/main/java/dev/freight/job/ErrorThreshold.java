package dev.freight.job;

/**
 * When a job gives up: after more than {@code count} failed rows, or when failed rows pass
 * {@code percent} of the requested rows. Both null: never.
 */
public record ErrorThreshold(Long count, Double percent) {
    public static final ErrorThreshold NONE = new ErrorThreshold(null, null);

    /** Parses {@code 100} or {@code 5%}; 0 means none. Throws IllegalArgumentException with the reason. */
    public static ErrorThreshold parse(String s) {
        if (s == null || s.isBlank()) return NONE;
        String t = s.trim();
        try {
            if (t.endsWith("%")) {
                double p = Double.parseDouble(t.substring(0, t.length() - 1).trim());
                if (!(p > 0 && p < 100)) throw new IllegalArgumentException("a percentage must be between 0% and 100% (exclusive)");
                return new ErrorThreshold(null, p);
            }
            long n = Long.parseLong(t);
            if (n < 0) throw new IllegalArgumentException("must not be negative");
            return n == 0 ? NONE : new ErrorThreshold(n, null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + s + "' is neither a count (100) nor a percentage (5%)");
        }
    }

    /** True when {@code failed} rows out of {@code processed} pass the threshold. */
    public boolean exceeded(long failed, long processed, Long requested) {
        if (count != null) return failed > count;
        if (percent != null) {
            long base = requested != null ? requested : processed;
            return base > 0 && failed * 100.0 / base > percent;
        }
        return false;
    }

    @Override
    public String toString() {
        if (count != null) return count.toString();
        if (percent == null) return "0";
        // 10%, not 10.0%; 2.5% stays
        return (percent == Math.rint(percent) ? Long.toString(percent.longValue()) : percent.toString()) + "%";
    }
}
