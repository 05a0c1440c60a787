import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * The benchmark's data: seeded, deterministic CSV (the same arguments give the same bytes on every
 * machine and JDK: the random numbers come from SplitMix64, written out below, not from java.util).
 *
 * <pre>
 * java bench/gen/Gen.java customers --rows N [--start-id 1] [--seed 1] [--bad N] --out FILE
 * java bench/gen/Gen.java wide      --rows N [--start-id 1] [--seed 1] [--cols 100] --out FILE
 * java bench/gen/Gen.java wide-ddl  [--cols 100] [--name wide]     the table, for psql
 * java bench/gen/Gen.java wide-json [--cols 100] [--name wide]     the table, for POST /v1/tables
 * </pre>
 *
 * <b>customers</b>: id (bigint), email, first_name, last_name (names with accents, apostrophes,
 * hyphens and spaces), country (2 letters), score (integer 0–1000), balance (numeric(12,2), some
 * negative), active (boolean), created_at ({@code yyyy-MM-dd HH:mm:ss}, 2015–2024), notes (about 40
 * characters: about 30 % hold commas, 10 % doubled quotes, 0.5 % a line break, all inside quotes).
 * {@code --bad N} spreads N rows whose score is not an integer evenly over the file: rows a loader
 * must reject one by one.
 * <p>
 * <b>wide</b>: id (bigint) and {@code cols - 1} more columns cycling through text, integer,
 * numeric(12,2), boolean and timestamp.
 * <p>
 * Base and delta of the benchmark: ids 1..N with seed 1, and ids N/2+1..3N/2 with seed 2, so that
 * the delta updates half the base's rows (with other values) and inserts as many.
 */
public class Gen {
    public static void main(String[] args) throws IOException {
        if (args.length == 0) usage("no command");
        Map<String, String> o = options(args);
        long rows = Long.parseLong(o.getOrDefault("rows", "0"));
        long start = Long.parseLong(o.getOrDefault("start-id", "1"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        int cols = Integer.parseInt(o.getOrDefault("cols", "100"));
        if (cols < 2) usage("--cols must be at least 2");
        String name = o.getOrDefault("name", "wide");
        switch (args[0]) {
            case "customers" -> {
                long bad = Long.parseLong(o.getOrDefault("bad", "0"));
                if (bad < 0 || bad > rows) usage("--bad must be between 0 and --rows");
                try (Out out = Out.open(required(o, "out"))) {
                    new Customers(new SplitMix64(seed), out, rows, bad).write(start);
                }
            }
            case "wide" -> {
                try (Out out = Out.open(required(o, "out"))) {
                    new Wide(new SplitMix64(seed), out, cols).write(start, rows);
                }
            }
            case "wide-ddl" -> System.out.println(Wide.ddl(name, cols));
            case "wide-json" -> System.out.println(Wide.json(name, cols));
            default -> usage("unknown command " + args[0]);
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) usage("expected --name value at " + args[i]);
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    static String required(Map<String, String> o, String k) {
        String v = o.get(k);
        if (v == null) usage("--" + k + " is required");
        return v;
    }

    static void usage(String why) {
        System.err.println("Gen: " + why + "\nusage: customers|wide --rows N [--start-id S] [--seed K] [--bad N] [--cols C] --out FILE|-"
                + "\n       wide-ddl|wide-json [--cols C] [--name NAME]");
        System.exit(2);
    }

    /** SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fixed by its definition here. */
    static final class SplitMix64 {
        private long state;

        SplitMix64(long seed) { state = seed * 0x9E3779B97F4A7C15L; }

        long next() {
            long z = (state += 0x9E3779B97F4A7C15L);
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        /** 0 ≤ result < bound (bound small: the modulo bias is below 2^-40). */
        int below(int bound) { return (int) ((next() >>> 1) % bound); }

        long between(long lo, long hiInclusive) { return lo + (next() >>> 1) % (hiInclusive - lo + 1); }

        /** A fraction in [0, 1) with 53 random bits. */
        double fraction() { return (next() >>> 11) * 0x1.0p-53; }
    }

    /** A growable byte buffer written to the file in 1 MiB blocks; text goes in as UTF-8. */
    static final class Out implements AutoCloseable {
        private final OutputStream os;
        private byte[] buf = new byte[1 << 20];
        private int n;

        private Out(OutputStream os) { this.os = os; }

        static Out open(String file) throws IOException {
            return new Out(file.equals("-") ? System.out : new BufferedOutputStream(Files.newOutputStream(Path.of(file)), 1 << 16));
        }

        Out bytes(byte[] b) {
            room(b.length);
            System.arraycopy(b, 0, buf, n, b.length);
            n += b.length;
            return this;
        }

        Out ascii(CharSequence s) {
            room(s.length());
            for (int i = 0; i < s.length(); i++) buf[n++] = (byte) s.charAt(i);
            return this;
        }

        Out ch(char c) {
            room(1);
            buf[n++] = (byte) c;
            return this;
        }

        Out num(long v) {
            room(20);
            if (v < 0) { buf[n++] = '-'; v = -v; }
            int startAt = n;
            do { buf[n++] = (byte) ('0' + v % 10); v /= 10; } while (v > 0);
            for (int i = startAt, j = n - 1; i < j; i++, j--) { byte t = buf[i]; buf[i] = buf[j]; buf[j] = t; }
            return this;
        }

        /** cents as a decimal with two places: -1234 → -12.34 */
        Out money(long cents) {
            if (cents < 0) { ch('-'); cents = -cents; }
            num(cents / 100).ch('.');
            long c = cents % 100;
            return ch((char) ('0' + c / 10)).ch((char) ('0' + c % 10));
        }

        /** a time 2015-01-01 00:00:00 plus secs (secs < 10 years), as yyyy-MM-dd HH:mm:ss */
        Out timestamp(long secs) {
            bytes(DAYS[(int) (secs / 86400)]);
            int s = (int) (secs % 86400);
            return ch(' ').two(s / 3600).ch(':').two(s / 60 % 60).ch(':').two(s % 60);
        }

        private Out two(int v) { return ch((char) ('0' + v / 10)).ch((char) ('0' + v % 10)); }

        /** ends a row; the buffer goes out once it holds a block */
        void endRow() throws IOException {
            ch('\n');
            if (n >= 1 << 20) flushBuffer();
        }

        private void room(int k) {
            if (n + k > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, n + k));
        }

        private void flushBuffer() throws IOException {
            os.write(buf, 0, n);
            n = 0;
        }

        @Override
        public void close() throws IOException {
            flushBuffer();
            os.flush();
            if (os != System.out) os.close();
        }
    }

    static final int SPAN_DAYS = 3652;   // 2015-01-01 .. 2024-12-31
    static final byte[][] DAYS = new byte[SPAN_DAYS][];

    static {
        LocalDate d = LocalDate.of(2015, 1, 1);
        for (int i = 0; i < SPAN_DAYS; i++, d = d.plusDays(1)) DAYS[i] = utf8(d.toString());
    }

    static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    static byte[][] utf8(String... s) {
        byte[][] b = new byte[s.length][];
        for (int i = 0; i < s.length; i++) b[i] = utf8(s[i]);
        return b;
    }

    /** The customers table's rows. */
    static final class Customers {
        static final String[] FIRST = {"Ada", "Ben", "Clara", "Dmitri", "Elif", "Farid", "Greta", "Hiro", "Ines", "Jonas",
            "Kemal", "Lena", "Mateo", "Nora", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Viktor",
            "Wen", "Xavier", "Yara", "Zoë", "Anaïs", "Søren", "Małgorzata", "Jean-Luc", "D'Arcy", "Ngozi"};
        static final String[] LAST = {"Abbott", "Becker", "Castillo", "Dąbrowski", "Eriksen", "Fischer", "García",
            "Hoffmann", "Ibrahim", "Jansen", "Kovač", "Lindqvist", "Moreau", "Nakamura", "O'Connor", "Petrov", "Quinn",
            "Russo", "Sato", "Thompson", "de la Cruz", "Van Dijk", "Weiß", "Yilmaz", "Zhou", "Okafor", "Müller-Lüdenscheidt"};
        static final String[] COUNTRIES = {"AR", "AT", "AU", "BE", "BR", "CA", "CH", "CN", "DE", "DK", "ES", "FI", "FR",
            "GB", "IE", "IN", "IT", "JP", "KE", "MX", "NG", "NL", "NO", "NZ", "PL", "PT", "SE", "TR", "US", "ZA"};
        static final String[] DOMAINS = {"example.com", "example.net", "example.org", "mail.example", "shop.test"};
        static final String[] WORDS = {"renewal due", "prefers phone", "VIP", "net 45", "asked for a demo", "churned once",
            "upsell", "billing contact", "moved office", "trial", "enterprise", "reseller", "priority", "callback",
            "invoice late", "discount 10%", "referral", "onboarding", "on hold", "migrated", "newsletter", "EU data"};

        final SplitMix64 r;
        final Out out;
        final long rows, bad, badEvery;
        final byte[][] first = utf8(FIRST), last = utf8(LAST), countries = utf8(COUNTRIES), domains = utf8(DOMAINS);
        final byte[][] emailLocal = new byte[FIRST.length * LAST.length][];   // first.last, lower case, no spaces or quotes
        final StringBuilder note = new StringBuilder(64);

        Customers(SplitMix64 r, Out out, long rows, long bad) {
            this.r = r;
            this.out = out;
            this.rows = rows;
            this.bad = bad;
            this.badEvery = bad == 0 ? 0 : rows / bad;
            for (int f = 0; f < FIRST.length; f++) {
                for (int l = 0; l < LAST.length; l++) {
                    emailLocal[f * LAST.length + l] = utf8((FIRST[f] + "." + LAST[l]).toLowerCase(java.util.Locale.ROOT).replaceAll("[ ']", ""));
                }
            }
        }

        void write(long startId) throws IOException {
            out.ascii("id,email,first_name,last_name,country,score,balance,active,created_at,notes").endRow();
            for (long i = 0; i < rows; i++) {
                long id = startId + i;
                int f = r.below(FIRST.length), l = r.below(LAST.length);
                out.num(id).ch(',').bytes(emailLocal[f * LAST.length + l]).num(id).ch('@')
                   .bytes(domains[r.below(domains.length)]).ch(',');
                out.bytes(first[f]).ch(',');
                out.bytes(last[l]).ch(',');   // no name holds a comma or a quote
                out.bytes(countries[r.below(countries.length)]).ch(',');
                long score = r.between(0, 1000);
                // a bad row in the middle of each stretch of badEvery rows
                if (badEvery > 0 && i % badEvery == badEvery / 2 && i / badEvery < bad) out.ascii("n/a").ch(',');
                else out.num(score).ch(',');
                out.money(r.between(-5_000_000, 99_999_999)).ch(',');
                out.ascii(r.fraction() < 0.8 ? "true" : "false").ch(',');
                out.timestamp(r.between(0, SPAN_DAYS * 86400L - 1)).ch(',');
                notes();
                out.endRow();
            }
        }

        /** about 40 characters of words; some with commas, quotes or a line break */
        void notes() {
            note.setLength(0);
            double k = r.fraction();
            int words = 0;
            while (note.length() < 34) {
                String w = WORDS[r.below(WORDS.length)];
                if (words > 0) {
                    if (k < 0.30 && words < 3) note.append(", ");
                    else if (k >= 0.40 && k < 0.405 && words == 2) note.append('\n');
                    else note.append(' ');
                }
                if (k >= 0.30 && k < 0.40 && words == 1) note.append("said \"").append(w).append('"');
                else note.append(w);
                words++;
            }
            if (note.length() > 44) note.setLength(44);
            while (note.charAt(note.length() - 1) == ' ' || note.charAt(note.length() - 1) == ',') note.setLength(note.length() - 1);
            boolean quote = false;
            for (int i = 0; i < note.length() && !quote; i++) {
                char c = note.charAt(i);
                quote = c == ',' || c == '"' || c == '\n';
            }
            if (!quote) { out.ascii(note); return; }
            out.ch('"');
            for (int i = 0; i < note.length(); i++) {
                char c = note.charAt(i);
                if (c == '"') out.ch('"');
                out.ch(c);
            }
            out.ch('"');
        }
    }

    /** The wide table: id, then columns c001.. cycling through five types. */
    static final class Wide {
        static final String[] SQL = {"text", "bigint", "numeric(12,2)", "boolean", "timestamp"};
        static final String[] API = {"\"type\":\"text\"", "\"type\":\"integer\"", "\"type\":\"decimal\",\"precision\":12,\"scale\":2",
            "\"type\":\"boolean\"", "\"type\":\"timestamp\""};
        static final byte[][] WORDS = utf8("amber", "basalt", "cobalt", "dune", "ember", "fjord", "granite", "harbor",
            "indigo", "juniper", "kelp", "lagoon", "meadow", "nickel", "obsidian", "prairie", "\"quartz, raw\"", "ridge");

        final SplitMix64 r;
        final Out out;
        final int cols;

        Wide(SplitMix64 r, Out out, int cols) {
            this.r = r;
            this.out = out;
            this.cols = cols;
        }

        static String column(int c) { return "c%03d".formatted(c); }

        static String ddl(String name, int cols) {
            StringBuilder sb = new StringBuilder("CREATE TABLE ").append(name).append(" (id bigint PRIMARY KEY");
            for (int c = 1; c < cols; c++) sb.append(", ").append(column(c)).append(' ').append(SQL[(c - 1) % 5]);
            return sb.append(')').toString();
        }

        static String json(String name, int cols) {
            StringBuilder sb = new StringBuilder("{\"name\":\"").append(name).append("\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}");
            for (int c = 1; c < cols; c++) sb.append(",{\"name\":\"").append(column(c)).append("\",").append(API[(c - 1) % 5]).append('}');
            return sb.append("],\"primaryKey\":[\"id\"]}").toString();
        }

        void write(long startId, long rows) throws IOException {
            out.ascii("id");
            for (int c = 1; c < cols; c++) out.ch(',').ascii(column(c));
            out.endRow();
            for (long i = 0; i < rows; i++) {
                out.num(startId + i);
                for (int c = 1; c < cols; c++) {
                    out.ch(',');
                    switch ((c - 1) % 5) {
                        case 0 -> out.bytes(WORDS[r.below(WORDS.length)]);
                        case 1 -> out.num(r.between(-1_000_000, 1_000_000));
                        case 2 -> out.money(r.between(-99_999_999, 99_999_999));
                        case 3 -> out.ascii(r.fraction() < 0.5 ? "true" : "false");
                        default -> out.timestamp(r.between(0, SPAN_DAYS * 86400L - 1));
                    }
                }
                out.endRow();
            }
        }
    }
}
