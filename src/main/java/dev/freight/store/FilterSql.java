package dev.freight.store;

import dev.freight.engine.Filter;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Filter} as a SQL condition on a user's table: every column looked up in the table
 * and quoted by the dialect, every value a {@code ?} bound with the column's type, never text
 * of the request written into the SQL.
 */
final class FilterSql {
    private record Bind(ColumnType type, Object value) {}

    private final SqlDialect dialect;
    private final Table table;
    private final StringBuilder sql = new StringBuilder();
    private final List<Bind> binds = new ArrayList<>();

    private FilterSql(SqlDialect dialect, Table table) {
        this.dialect = dialect;
        this.table = table;
    }

    /** {@code f} rendered for {@code table}; throws IllegalArgumentException for a column the table lacks. */
    static FilterSql of(SqlDialect dialect, Table table, Filter f) {
        FilterSql out = new FilterSql(dialect, table);
        out.render(f);
        return out;
    }

    /** The condition, to follow {@code WHERE}. */
    String where() {
        return sql.toString();
    }

    /** Binds the values from parameter {@code first} on; returns the next parameter's index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Bind b : binds) dialect.bind(ps, i++, b.type(), b.value());
        return i;
    }

    private void render(Filter f) {
        switch (f) {
            case Filter.Group g -> {
                if (g.parts().isEmpty()) {
                    sql.append(g.logic() == Filter.Logic.AND ? "1 = 1" : "1 = 0");
                    return;
                }
                sql.append('(');
                for (int i = 0; i < g.parts().size(); i++) {
                    if (i > 0) sql.append(g.logic() == Filter.Logic.AND ? " AND " : " OR ");
                    render(g.parts().get(i));
                }
                sql.append(')');
            }
            case Filter.Condition c -> condition(c);
        }
    }

    private void condition(Filter.Condition c) {
        Column col = table.column(c.column())
                .orElseThrow(() -> new IllegalArgumentException("table " + table.name() + " has no column " + c.column()));
        String name = dialect.quote(col.name());
        switch (c.op()) {
            case IS_NULL -> sql.append(name).append(" IS NULL");
            case IS_NOT_NULL -> sql.append(name).append(" IS NOT NULL");
            case LIKE -> {
                sql.append(name).append(' ').append(dialect.like()).append(" ? ESCAPE '\\'");
                binds.add(new Bind(ColumnType.TEXT, c.values().get(0)));
            }
            case IN -> {
                sql.append(dialect.compared(col, name)).append(" IN (");
                for (int i = 0; i < c.values().size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append(dialect.compared(col, "?"));
                    binds.add(new Bind(col.type(), c.values().get(0 + i)));
                }
                sql.append(')');
            }
            default -> {
                sql.append(dialect.compared(col, name)).append(' ').append(operator(c.op())).append(' ')
                        .append(dialect.compared(col, "?"));
                binds.add(new Bind(col.type(), c.values().get(0)));
            }
        }
    }

    private static String operator(Filter.Op op) {
        return switch (op) {
            case EQ -> "=";
            case NE -> "<>";
            case LT -> "<";
            case LE -> "<=";
            case GT -> ">";
            case GE -> ">=";
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }
}
