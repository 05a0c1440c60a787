package dev.freight;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a node keeps its data, said for people: the SQLite file's path, or PostgreSQL's
 * host:port/database (and user) — never a password or any other URL parameter.
 *
 * @param text what the startup line shows, e.g. {@code SQLite /srv/freight-data/freight.db}
 * @param slug the same as a file-name part, e.g. {@code postgresql-db.internal-5432-freight}
 */
public record StoreLocation(String text, String slug) {
    private static final String SQLITE = "jdbc:sqlite:";
    private static final String POSTGRES = "jdbc:postgresql:";

    public static StoreLocation of(String jdbcUrl) {
        if (jdbcUrl.startsWith(SQLITE)) {
            String file = withoutQuery(jdbcUrl.substring(SQLITE.length()));
            if (file.startsWith("file:")) file = file.substring(5);
            try {
                file = Path.of(file).normalize().toString(); // ./freight-data/… as the data directory was given
            } catch (RuntimeException e) {
                // not a path (":memory:"): shown as it is
            }
            Path name = Path.of(file).getFileName();
            return new StoreLocation("SQLite " + file, slug("sqlite-" + (name == null ? file : name)));
        }
        if (jdbcUrl.startsWith(POSTGRES)) {
            String rest = jdbcUrl.substring(POSTGRES.length());
            String user = parameter(rest, "user");
            rest = withoutQuery(rest);
            if (rest.startsWith("//")) rest = rest.substring(2);
            int at = rest.lastIndexOf('@', rest.indexOf('/') < 0 ? rest.length() : rest.indexOf('/'));
            if (at >= 0) rest = rest.substring(at + 1); // user:password@ never shows
            int slash = rest.indexOf('/');
            String hosts = slash < 0 ? rest : rest.substring(0, slash);
            String database = slash < 0 ? "" : rest.substring(slash + 1);
            if (hosts.isEmpty()) hosts = "localhost";
            if (!hosts.contains(":") && !hosts.contains(",")) hosts += ":5432";
            String where = hosts + "/" + database;
            return new StoreLocation("PostgreSQL " + where + (user == null ? "" : " as " + user), slug("postgresql-" + where));
        }
        String kind = jdbcUrl.startsWith("jdbc:") ? jdbcUrl.substring(5).split(":", 2)[0] : "unknown";
        return new StoreLocation("database " + kind + " (URL not shown)", slug(kind));
    }

    private static String withoutQuery(String s) {
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q);
    }

    private static String parameter(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) return null;
        for (String pair : url.substring(q + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String slug(String s) {
        String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        return out.length() > 80 ? out.substring(0, 80) : out;
    }
}
