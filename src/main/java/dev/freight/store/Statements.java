package dev.freight.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Freight's named SQL statements, read from {@code sql/metadata.sql} and the store's override
 * file, with {@code {table}} placeholders resolved to the store's names for Freight's tables.
 */
final class Statements {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private final Map<String, String> byName = new HashMap<>();

    Statements(SqlDialect dialect) {
        load("/sql/metadata.sql", dialect);
        load("/sql/" + dialect.kind().name().toLowerCase() + ".sql", dialect);
    }

    String get(String name) {
        String s = byName.get(name);
        if (s == null) throw new IllegalStateException("no SQL statement named " + name);
        return s;
    }

    private void load(String resource, SqlDialect dialect) {
        String text;
        try (InputStream in = Statements.class.getResourceAsStream(resource)) {
            if (in == null) return;
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
        String name = null;
        StringBuilder body = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith("-- name: ")) {
                put(name, body, dialect);
                name = line.substring("-- name: ".length()).trim();
                body.setLength(0);
            } else if (!line.startsWith("--")) {
                body.append(line).append('\n');
            }
        }
        put(name, body, dialect);
    }

    private void put(String name, StringBuilder body, SqlDialect dialect) {
        if (name == null) return;
        Matcher m = PLACEHOLDER.matcher(body.toString().trim());
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(dialect.metaTable(m.group(1))));
        m.appendTail(out);
        byName.put(name, out.toString());
    }
}
