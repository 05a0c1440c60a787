package dev.freight.engine;

/** How a refused table name is explained, the same way on every store. */
public final class Clashes {
    private Clashes() {}

    /** {@code wanted} is taken by {@code existing}, an object of the same workspace (the same name, or another case of it). */
    public static String sameWorkspace(String wanted, String existing) {
        if (existing.equals(wanted)) return "table " + wanted + " already exists";
        return "table " + wanted + " cannot be created: " + existing + " already exists, and names that differ only"
                + " in case are one name";
    }
}
