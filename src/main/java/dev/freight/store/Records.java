package dev.freight.store;

import dev.freight.Json;
import dev.freight.engine.Values;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads users' tables back page by page, showing each key only what its visibility allows. */
public final class Records {
    private final Database db;
    private final SqlDialect dialect;

    Records(Database db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    /**
     * Reads rows in key order (keyless tables: insertion order), as {@code visibility} lets its
     * key read them. {@code after} is the cursor of the previous page.
     */
    public Store.RecordPage page(Table t, int limit, String after, Visibility visibility) {
        return db.read(c -> {
            List<Column> visible = visibility.columns(t);
            List<String> order = t.hasKey() ? t.primaryKey() : List.of();
            TableSql sql = new TableSql(dialect, t);
            List<String> selected = new ArrayList<>();
            for (Column col : visible) selected.add(col.name());
            selected.addAll(order);
            StringBuilder q = new StringBuilder("SELECT ").append(sql.names(selected)).append(" FROM ").append(sql.ref())
                    .append(" WHERE 1 = 1");
            List<Object[]> binds = new ArrayList<>(); // {type, value}
            long offset = 0;
            if (after != null && !after.isEmpty()) {
                Cursor cur = Cursor.decode(after);
                if (order.isEmpty()) {
                    offset = cur.offset();
                } else {
                    q.append(" AND (").append(sql.names(order)).append(") > ").append(TableSql.tuple(order.size()));
                    for (int i = 0; i < order.size(); i++) {
                        Column kc = t.column(order.get(i)).orElseThrow();
                        binds.add(new Object[] {kc, cur.key().get(i)});
                    }
                }
            }
            Optional<Column> groupCol = visibility.groupColumn(t);
            if (groupCol.isPresent()) { // Visibility#readsGroup in SQL
                List<String> groups = visibility.groups();
                String g = sql.name(groupCol.get().name());
                q.append(" AND (").append(g).append(" IS NULL OR ").append(g).append(" = '' OR ").append(g).append(" IN (")
                        .append("?, ".repeat(groups.size() - 1)).append("?))");
                for (String name : groups) binds.add(new Object[] {Column.of("g", ColumnType.TEXT), name});
            }
            if (!order.isEmpty()) q.append(" ORDER BY ").append(sql.names(order));
            else q.append(" ORDER BY ").append(dialect.physicalOrder()); // keyless: offset pages need a stable order
            q.append(" LIMIT ").append(limit + 1);
            if (offset > 0) q.append(" OFFSET ").append(offset);
            List<Map<String, Object>> rows = new ArrayList<>();
            List<Object> lastKey = null;
            boolean more = false;
            try (PreparedStatement ps = c.prepareStatement(q.toString())) {
                for (int i = 0; i < binds.size(); i++) {
                    Column bc = (Column) binds.get(i)[0];
                    dialect.bind(ps, i + 1, bc.type(), coerceKeyPart(bc, binds.get(i)[1]));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rows.size() == limit) {
                            more = true;
                            break;
                        }
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 0; i < visible.size(); i++) row.put(visible.get(i).name(), dialect.read(rs, i + 1, visible.get(i)));
                        rows.add(row);
                        lastKey = new ArrayList<>();
                        for (int i = 0; i < order.size(); i++) {
                            lastKey.add(Values.text(dialect.read(rs, visible.size() + i + 1, t.column(order.get(i)).orElseThrow())));
                        }
                    }
                }
            }
            String next = !more ? null : order.isEmpty() ? new Cursor(null, offset + rows.size()).encode()
                    : new Cursor(lastKey, 0).encode();
            return new Store.RecordPage(rows, next);
        });
    }

    private static Object coerceKeyPart(Column c, Object text) {
        if (text == null) return null;
        String s = text.toString();
        return switch (c.type()) {
            case INTEGER -> Long.valueOf(s);
            case DECIMAL -> new BigDecimal(s);
            case BOOLEAN -> Boolean.valueOf(s);
            case UUID -> UUID.fromString(s);
            default -> s;
        };
    }

    /** An opaque page cursor: the last key's values as text, or an offset for keyless tables. */
    record Cursor(List<Object> key, long offset) {
        String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(this).getBytes());
        }

        static Cursor decode(String s) {
            try {
                return Json.read(new String(Base64.getUrlDecoder().decode(s)), Cursor.class);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'after' is not a cursor this API returned");
            }
        }
    }
}
