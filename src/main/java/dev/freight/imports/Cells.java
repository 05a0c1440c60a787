package dev.freight.imports;

import dev.freight.engine.Values;

/** A stored value as an adapter gives it back: in JSON, or as CSV text (the store's one rendering). */
public final class Cells {
    private Cells() {}

    /** Numbers and booleans stay, date-times become ISO-8601 strings, JSON values stay JSON. */
    public static Object json(Object v) {
        return Values.json(v);
    }

    /** The text form: "" for NULL. */
    public static String text(Object v) {
        return Values.text(v);
    }
}
