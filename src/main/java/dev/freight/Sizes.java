package dev.freight;

import java.util.Locale;

/** Byte sizes as people write them: {@code 1GiB}, {@code 50MB}, {@code 2048}. */
public final class Sizes {
    private Sizes() {}

    public static long parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT);
        long unit = 1;
        String[][] units = {{"KIB", "1024"}, {"MIB", "1048576"}, {"GIB", "1073741824"}, {"KB", "1000"},
                {"MB", "1000000"}, {"GB", "1000000000"}, {"K", "1024"}, {"M", "1048576"}, {"G", "1073741824"}, {"B", "1"}};
        for (String[] u : units) {
            if (t.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                t = t.substring(0, t.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            long n = Long.parseLong(t);
            if (n <= 0) throw new NumberFormatException();
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + s + "' is not a size such as 1GiB, 50MB or 2048");
        }
    }
}
