package dev.freight.cli;

import java.time.Duration;
import java.util.Locale;

/** Numbers as the CLI prints them: counts grouped, sizes in kB/MB/GB, durations short, nouns in the right number. */
final class Units {
    private Units() {}

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1 row}, {@code 2 rows}, {@code 1,000 rows}. */
    static String count(long n, String noun) {
        return count(n) + " " + (n == 1 ? noun : noun + "s");
    }

    static String bytes(long n) {
        if (n < 1000) return n + " B";
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1000 && i < units.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[i]);
    }

    /** {@code 7 s}, {@code 2 min 05 s}, {@code 1 h 02 min}. */
    static String duration(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        if (s < 60) return s + " s";
        if (s < 3600) return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** Seconds with a tenth below ten seconds: {@code 0.4 s}, {@code 12 s}. */
    static String seconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s < 10 ? String.format(Locale.ROOT, "%.1f s", s) : duration(d);
    }
}
