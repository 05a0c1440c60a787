package dev.freight.ingest;

/** UTF-8 checks on raw bytes, for the CSV tokenizer's slow paths (never per byte of valid input). */
final class Utf8 {
    private Utf8() {}

    /** True when {@code b[from, to)} is well-formed UTF-8 (no overlongs, surrogates or truncated sequences). */
    static boolean isValid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int trail;
            if (c >= 0xC2 && c <= 0xDF) trail = 1;
            else if (c >= 0xE0 && c <= 0xEF) trail = 2;
            else if (c >= 0xF0 && c <= 0xF4) trail = 3;
            else return false;
            if (i + trail >= to) return false;
            int c1 = b[i + 1] & 0xFF;
            // the second byte's range excludes overlong forms, surrogates and code points over U+10FFFF
            if (c == 0xE0 && c1 < 0xA0 || c == 0xED && c1 > 0x9F || c == 0xF0 && c1 < 0x90 || c == 0xF4 && c1 > 0x8F) {
                return false;
            }
            for (int j = 1; j <= trail; j++) {
                if ((b[i + j] & 0xC0) != 0x80) return false;
            }
            i += trail + 1;
        }
        return true;
    }

    /** The number of UTF-16 chars that {@code b[from, to)} decodes to (assuming it is well-formed). */
    static long charCount(byte[] b, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xFF;
            if ((c & 0xC0) != 0x80) n++;   // every byte but continuation bytes starts a char
            if (c >= 0xF0) n++;            // 4-byte sequences become a surrogate pair
        }
        return n;
    }
}
