package dev.freight.auth;

import java.util.Locale;

/** What an API key may do in its workspace. */
public enum Role {
    ADMIN, WRITE, READ;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role fromWire(String s) {
        for (Role r : values()) if (r.wireName().equalsIgnoreCase(s)) return r;
        return null;
    }

    public boolean canWrite() {
        return this != READ;
    }
}
