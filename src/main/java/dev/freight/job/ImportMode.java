package dev.freight.job;

import java.util.Locale;

/** How an input row meets an existing row with the same key (DESIGN §3). */
public enum ImportMode {
    INSERT, UPSERT, REPLACE, IGNORE, UPDATE, DELETE, REPLACE_ALL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ImportMode fromWire(String s) {
        for (ImportMode m : values()) if (m.wireName().equalsIgnoreCase(s)) return m;
        return null;
    }

    /** Modes that find existing rows by key. */
    public boolean matches() {
        return this != INSERT && this != REPLACE_ALL;
    }
}
