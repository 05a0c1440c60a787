package dev.freight.engine;

import dev.freight.ingest.Coercer;
import dev.freight.ingest.CoercionException;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnRole;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * A filter checked against its table, its values turned into the columns' canonical values: a
 * column must exist and may not be a password column (a filter on it would tell its values),
 * an operator must suit the column's type and take its number of values, and the whole stays
 * within bounds that every store can bind. Anything else is {@link Invalid}, in words for the client.
 */
public final class FilterCheck {
    /** Groups nest at most this deep. */
    public static final int MAX_DEPTH = 16;
    /** A filter binds at most this many values in all (an In list counts each of its values). */
    public static final int MAX_VALUES = 1000;

    /** What is wrong with a filter, for the client. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    private final Table table;
    private final Coercer coercer = new Coercer(null);
    private int values;

    private FilterCheck(Table table) {
        this.table = table;
    }

    /** {@code f} with every value typed for its column; throws {@link Invalid}. */
    public static Filter typed(Table table, Filter f) {
        return new FilterCheck(table).check(f, 0);
    }

    private Filter check(Filter f, int depth) {
        return switch (f) {
            case Filter.Group g -> {
                if (depth > MAX_DEPTH) throw new Invalid("groups nest deeper than " + MAX_DEPTH + " levels");
                List<Filter> parts = new ArrayList<>(g.parts().size());
                for (Filter p : g.parts()) parts.add(check(p, depth + 1));
                yield new Filter.Group(g.logic(), parts);
            }
            case Filter.Condition c -> condition(c);
        };
    }

    private Filter.Condition condition(Filter.Condition c) {
        Column col = column(c.column());
        Filter.Op op = c.op();
        String what = "field " + col.name() + " " + op.word();
        if (op.arity() == 0) {
            if (!c.values().isEmpty()) throw new Invalid(what + " takes no value");
            return new Filter.Condition(col.name(), op, List.of());
        }
        if (col.type() == ColumnType.JSON) throw new Invalid(what + ": a json field can only be tested with IsNull or IsNotNull");
        if (op == Filter.Op.LIKE && col.type() != ColumnType.TEXT) {
            throw new Invalid(what + ": Like needs a text field; " + col.name() + " is " + col.type().wireName());
        }
        if (op.arity() == 1 && c.values().size() != 1) throw new Invalid(what + " takes one value");
        if (op.arity() < 0 && c.values().isEmpty()) throw new Invalid(what + " takes a list of at least one value");
        values += c.values().size();
        if (values > MAX_VALUES) throw new Invalid("a filter takes at most " + MAX_VALUES + " values in all");
        List<Object> typed = new ArrayList<>(c.values().size());
        for (Object v : c.values()) {
            if (op == Filter.Op.LIKE) {
                typed.add(v.toString()); // a pattern, not a value of the column: never coerced
                continue;
            }
            if (v instanceof String s && s.isEmpty() && col.type() != ColumnType.TEXT) {
                throw new Invalid(what + ": an empty value is no " + col.type().wireName() + " (IsNull tests for NULL)");
            }
            try {
                typed.add(coercer.coerce(col, v));
            } catch (CoercionException e) {
                throw new Invalid(e.getMessage());
            }
        }
        return new Filter.Condition(col.name(), op, typed);
    }

    private Column column(String name) {
        Column col = table.column(name).orElse(null);
        if (col == null) {
            String hint = "";
            for (Column other : table.columns()) {
                if (other.name().equalsIgnoreCase(name)) hint = " (did you mean " + other.name() + "?)";
            }
            throw new Invalid("table " + table.name() + " has no field " + name + hint);
        }
        if (col.role() == ColumnRole.PASSWORD) throw new Invalid("field " + name + " is a password: it cannot be tested");
        return col;
    }
}
