import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQLite yardstick of bench/run: what a careful developer writes by hand to load the customers
 * CSV into a SQLite file. It reads the CSV (RFC 4180: quoted fields with commas, doubled quotes and
 * line breaks), checks and types every field, and writes with one prepared statement, batched
 * ({@code --batch}, default 1000 rows per executeBatch), in one transaction, on a WAL database with
 * {@code synchronous=NORMAL}. A bad field stops the load with its line: the yardstick runs on clean
 * data and records no per-row outcomes.
 *
 * <pre>
 * java -cp sqlite-jdbc.jar:CLASSES SqliteUpsert load   --csv base.csv  --db FILE   (a new file, plain INSERT)
 * java -cp sqlite-jdbc.jar:CLASSES SqliteUpsert upsert --csv delta.csv --db FILE   (INSERT … ON CONFLICT(id) DO UPDATE)
 * </pre>
 * Prints {@code RESULT mode=.. rows=.. seconds=..} (file opened to last commit) and
 * {@code CHECK count=.. sum_score=.. sum_balance=..} read back afterwards.
 */
public class SqliteUpsert {
    static final String[] COLUMNS = {"id", "email", "first_name", "last_name", "country", "score", "balance", "active",
        "created_at", "notes"};
    static final String DDL = "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, first_name TEXT, "
        + "last_name TEXT, country TEXT, score INTEGER, balance NUMERIC, active INTEGER, created_at TEXT, notes TEXT)";

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("load") || args[0].equals("upsert"))) usage();
        String csv = null, db = null;
        int batch = 1000;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--csv" -> csv = args[i + 1];
                case "--db" -> db = args[i + 1];
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                default -> usage();
            }
        }
        if (csv == null || db == null) usage();
        boolean upsert = args[0].equals("upsert");
        long t0 = System.nanoTime();
        long rows = load(Path.of(csv), db, upsert, batch);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "RESULT mode=%s rows=%d seconds=%.3f rows_per_s=%.0f%n", args[0], rows, secs, rows / secs);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), sum(score), sum(balance) FROM customers")) {
            rs.next();
            System.out.printf(Locale.ROOT, "CHECK count=%d sum_score=%d sum_balance=%.2f%n", rs.getLong(1), rs.getLong(2), rs.getDouble(3));
        }
    }

    static void usage() {
        System.err.println("usage: SqliteUpsert load|upsert --csv FILE --db FILE [--batch N]");
        System.exit(2);
    }

    static long load(Path csv, String db, boolean upsert, int batch) throws IOException, SQLException {
        if (!upsert) {
            for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(Path.of(db + suffix));
        }
        String cols = String.join(", ", COLUMNS);
        StringBuilder sql = new StringBuilder("INSERT INTO customers (").append(cols).append(") VALUES (?")
            .append(", ?".repeat(COLUMNS.length - 1)).append(')');
        if (upsert) {
            sql.append(" ON CONFLICT(id) DO UPDATE SET ");
            for (int c = 1; c < COLUMNS.length; c++) sql.append(c > 1 ? ", " : "").append(COLUMNS[c]).append(" = excluded.").append(COLUMNS[c]);
        }
        long n = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Csv in = new Csv(Files.newBufferedReader(csv, StandardCharsets.UTF_8))) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                if (!upsert) st.execute(DDL);
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                int[] at = positions(in.next());
                List<String> f;
                while ((f = in.next()) != null) {
                    try {
                        bind(ps, f, at);
                    } catch (IllegalArgumentException | DateTimeException e) {
                        throw new IOException("line " + in.line + ": " + e.getMessage(), e);
                    }
                    ps.addBatch();
                    if (++n % batch == 0) ps.executeBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        return n;
    }

    /** where each column is in the file, by the header's names */
    static int[] positions(List<String> header) throws IOException {
        if (header == null) throw new IOException("empty file");
        int[] at = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            at[c] = header.indexOf(COLUMNS[c]);
            if (at[c] < 0) throw new IOException("the header has no column " + COLUMNS[c]);
        }
        return at;
    }

    /** checks and types one record's fields into the statement; an empty field is NULL where allowed */
    static void bind(PreparedStatement ps, List<String> f, int[] at) throws SQLException {
        if (f.size() != at.length) throw new IllegalArgumentException(f.size() + " fields, expected " + at.length);
        String id = f.get(at[0]), email = f.get(at[1]), country = f.get(at[4]), score = f.get(at[5]), balance = f.get(at[6]);
        String active = f.get(at[7]), created = f.get(at[8]);
        if (id.isEmpty()) throw new IllegalArgumentException("id is empty");
        ps.setLong(1, Long.parseLong(id));
        if (email.isEmpty() || email.indexOf('@') < 0) throw new IllegalArgumentException("not an email: " + email);
        ps.setString(2, email);
        text(ps, 3, f.get(at[2]));
        text(ps, 4, f.get(at[3]));
        if (!country.isEmpty() && country.length() != 2) throw new IllegalArgumentException("country is not 2 letters: " + country);
        text(ps, 5, country);
        if (score.isEmpty()) ps.setNull(6, Types.INTEGER);
        else ps.setInt(6, Integer.parseInt(score));
        if (balance.isEmpty()) ps.setNull(7, Types.NUMERIC);
        else {
            BigDecimal b = new BigDecimal(balance);
            if (b.scale() > 2 || b.precision() - b.scale() > 10) throw new IllegalArgumentException("not a numeric(12,2): " + balance);
            ps.setBigDecimal(7, b);
        }
        switch (active) {
            case "" -> ps.setNull(8, Types.BOOLEAN);
            case "true" -> ps.setBoolean(8, true);
            case "false" -> ps.setBoolean(8, false);
            default -> throw new IllegalArgumentException("not a boolean: " + active);
        }
        if (created.isEmpty()) ps.setNull(9, Types.VARCHAR);
        else ps.setString(9, timestamp(created));
        text(ps, 10, f.get(at[9]));
    }

    /** yyyy-MM-dd HH:mm:ss, checked field by field (LocalDateTime.of refuses a 31 April), stored as it came */
    static String timestamp(String s) {
        if (s.length() != 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != ' ' || s.charAt(13) != ':'
            || s.charAt(16) != ':') throw new IllegalArgumentException("not a yyyy-MM-dd HH:mm:ss timestamp: " + s);
        LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19));
        return s;
    }

    static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new IllegalArgumentException("not a yyyy-MM-dd HH:mm:ss timestamp: " + s);
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static void text(PreparedStatement ps, int i, String v) throws SQLException {
        if (v.isEmpty()) ps.setNull(i, Types.VARCHAR);
        else ps.setString(i, v);
    }

    /** A streaming RFC 4180 reader: records of fields, quoted fields may hold commas, "" and line breaks. */
    static final class Csv implements AutoCloseable {
        private final Reader in;
        private final char[] buf = new char[1 << 16];
        private int pos, end;
        private final StringBuilder field = new StringBuilder();
        long line = 1;   // the line the current record starts on

        Csv(BufferedReader in) { this.in = in; }

        private int read() throws IOException {
            if (pos == end) {
                end = in.read(buf, 0, buf.length);
                pos = 0;
                if (end <= 0) { end = 0; return -1; }
            }
            return buf[pos++];
        }

        private long nextLine = 1;

        /** the next record, or null at the end of the input */
        List<String> next() throws IOException {
            line = nextLine;
            int ch = read();
            if (ch == -1) return null;
            List<String> out = new ArrayList<>(COLUMNS.length);
            field.setLength(0);
            boolean quoted = false, wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (ch == -1) throw new IOException("line " + line + ": a quoted field is not closed");
                    if (ch == '"') {
                        int peek = read();
                        if (peek == '"') field.append('"');
                        else { quoted = false; ch = peek; continue; }
                    } else {
                        if (ch == '\n') nextLine++;
                        field.append((char) ch);
                    }
                } else if (ch == ',') {
                    out.add(field.toString());
                    field.setLength(0);
                    wasQuoted = false;
                } else if (ch == '\n' || ch == -1) {
                    out.add(field.toString());
                    nextLine++;
                    return out;
                } else if (ch == '\r') {
                    // a CRLF line end: the \n follows
                } else if (ch == '"' && field.isEmpty() && !wasQuoted) {
                    quoted = wasQuoted = true;
                } else if (ch == '"') {
                    throw new IOException("line " + line + ": a quote inside an unquoted field");
                } else {
                    field.append((char) ch);
                }
                ch = read();
            }
        }

        @Override
        public void close() throws IOException { in.close(); }
    }
}
