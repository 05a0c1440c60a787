package dev.freight.job;

import java.util.Locale;

/** What happened to one input row. The ordinal is stored in result blobs: append only. */
public enum Outcome {
    INSERTED, UPDATED, UNCHANGED, IGNORED, DELETED, FAILED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Outcome fromWire(String s) {
        for (Outcome o : values()) if (o.wireName().equalsIgnoreCase(s.trim())) return o;
        return null;
    }
}
