package dev.freight.schema;

import java.util.regex.Pattern;

/** The one rule for every name a user gives (tables, columns, workspaces, groups). */
public final class Names {
    private static final Pattern VALID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    private Names() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Throws {@link InvalidNameException} naming what was wrong. */
    public static String require(String what, String name) {
        if (!isValid(name)) throw new InvalidNameException(what, name);
        return name;
    }

    public static final class InvalidNameException extends IllegalArgumentException {
        private final String what;

        public InvalidNameException(String what, String name) {
            super(what + " name " + (name == null ? "(missing)" : "'" + truncate(name) + "'")
                    + " is not valid: use letters, digits and _, starting with a letter or _, at most 63 characters");
            this.what = what;
        }

        public String what() {
            return what;
        }

        private static String truncate(String s) {
            return s.length() > 80 ? s.substring(0, 80) + "…" : s;
        }
    }
}
