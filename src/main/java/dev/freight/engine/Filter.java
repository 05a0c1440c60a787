package dev.freight.engine;

import java.util.List;
import java.util.Locale;

/**
 * Which rows of a table a read or a write touches: conditions on columns, combined by AND or OR
 * and nested. A store-neutral value: each store renders it with every value bound, never written
 * into the SQL; column names are checked against the table ({@link FilterCheck}) before that.
 */
public sealed interface Filter permits Filter.Condition, Filter.Group {

    /** Every row: an AND of nothing. */
    Filter ALL = new Group(Logic.AND, List.of());

    enum Logic {
        AND, OR;

        /** {@code And} or {@code Or}, in any case; null when it is neither. */
        public static Logic of(String s) {
            if (s == null) return null;
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "and" -> AND;
                case "or" -> OR;
                default -> null;
            };
        }
    }

    /** The comparisons a condition makes; {@link #arity} is how many values it takes (-1: one or more). */
    enum Op {
        EQ("=", 1), NE("!=", 1), LT("<", 1), LE("<=", 1), GT(">", 1), GE(">=", 1),
        LIKE("Like", 1), IN("In", -1), IS_NULL("IsNull", 0), IS_NOT_NULL("IsNotNull", 0);

        private final String word;
        private final int arity;

        Op(String word, int arity) {
            this.word = word;
            this.arity = arity;
        }

        /** How it is written: {@code =}, {@code Like}, {@code IsNull}, … */
        public String word() {
            return word;
        }

        public int arity() {
            return arity;
        }

        /** The operator written {@code s} (words in any case; {@code <>} for {@code !=}); null when none is. */
        public static Op of(String s) {
            if (s == null) return null;
            String t = s.trim();
            if (t.equals("<>")) return NE;
            for (Op o : values()) if (o.word.equalsIgnoreCase(t)) return o;
            return null;
        }
    }

    /**
     * One condition: {@code column op values}. Before {@link FilterCheck} the values are as the
     * request gave them (text, numbers, booleans); after it, each is the column's canonical value.
     */
    record Condition(String column, Op op, List<Object> values) implements Filter {
        public Condition {
            values = values == null ? List.of() : List.copyOf(values); // never null: NULL is IsNull's business
        }
    }

    /** Parts joined by {@code logic}; an empty AND is every row, an empty OR none. */
    record Group(Logic logic, List<Filter> parts) implements Filter {
        public Group {
            parts = List.copyOf(parts);
        }
    }

    /** Both filters: {@code a AND b}. */
    static Filter and(Filter a, Filter b) {
        return new Group(Logic.AND, List.of(a, b));
    }
}
