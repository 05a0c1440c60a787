package dev.freight.engine;

/**
 * Strings written as UTF-8 straight into a caller's byte array: the bytes of
 * {@code s.getBytes(UTF_8)} (an unpaired surrogate as '?'), without a byte array per string
 * (names with accents make most strings non-Latin-1, where the JDK's encoder is slowest).
 * Optionally with the escapes of PostgreSQL's COPY text format (backslash, tab, newline, CR).
 * The chars are read in pieces: {@code charAt} checks the string's coder and bounds at every
 * char, which cost more than the encoding.
 */
public final class Utf8Writer {
    /** The longest string {@link #write} takes: 3 bytes per char must fit an int. */
    public static final int MAX_CHARS = 1 << 24;
    private static final int PIECE = 4096;
    private final boolean copyEscapes;
    private char[] chars; // made on first use: an unused writer allocates nothing

    /** {@code copyEscapes}: backslash, tab, newline and CR written as COPY text escapes them. */
    public Utf8Writer(boolean copyEscapes) {
        this.copyEscapes = copyEscapes;
    }

    /**
     * Writes {@code s} (at most {@link #MAX_CHARS} chars) into {@code b} from {@code w}, which must
     * have room for {@code 3 × s.length()} bytes; returns where its bytes end.
     */
    public int write(String s, byte[] b, int w) {
        int n = s.length();
        if (chars == null) chars = new char[PIECE];
        for (int from = 0; from < n; ) {
            int to = Math.min(n, from + PIECE);
            if (to < n && Character.isHighSurrogate(s.charAt(to - 1))) to--; // a pair stays in one piece
            s.getChars(from, to, chars, 0);
            w = encode(chars, to - from, b, w);
            from = to;
        }
        return w;
    }

    private int encode(char[] cs, int n, byte[] b, int w) {
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                byte e = copyEscapes ? escape(c) : 0;
                if (e != 0) b[w++] = '\\';
                b[w++] = e != 0 ? e : (byte) c;
            } else if (c < 0x800) {
                b[w++] = (byte) (0xC0 | c >> 6);
                b[w++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                b[w++] = (byte) (0xE0 | c >> 12);
                b[w++] = (byte) (0x80 | c >> 6 & 0x3F);
                b[w++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
                int cp = Character.toCodePoint(c, cs[++i]);
                b[w++] = (byte) (0xF0 | cp >> 18);
                b[w++] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[w++] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[w++] = (byte) (0x80 | cp & 0x3F);
            } else {
                b[w++] = '?'; // as the JDK's encoder replaces an unpaired surrogate
            }
        }
        return w;
    }

    /** The letter after the backslash COPY text writes for {@code c}, or 0 for none. */
    private static byte escape(char c) {
        if (c >= 0x20 && c != '\\') return 0;
        return switch (c) {
            case '\t' -> 't';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\\' -> '\\';
            default -> 0;
        };
    }
}
