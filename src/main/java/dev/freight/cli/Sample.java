package dev.freight.cli;

import dev.freight.ingest.Format;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The start of a file, whole rows only, for {@code tables create --from}: the server proposes a
 * table from its first rows, so a large file is not sent. A CSV or NDJSON sample ends at the last
 * line break outside quotes; a JSON array's after its last complete object, closed with {@code ]}.
 */
final class Sample {
    static final int MAX_BYTES = 1 << 20;

    private Sample() {}

    /** The sample as UTF-8 text, uncompressed (a .gz file is expanded). */
    static byte[] of(Path file, Format format) throws IOException {
        byte[] start;
        boolean whole;
        try (InputStream in = open(file)) {
            start = in.readNBytes(MAX_BYTES);
            whole = in.read() < 0;
        }
        if (whole) return start;
        String text = new String(start, StandardCharsets.UTF_8); // a character cut at the end goes with the last row
        String cut = switch (format) {
            case JSON -> jsonArrayPrefix(text);
            default -> text.substring(0, lastRowEnd(text, format == Format.CSV));
        };
        return cut.getBytes(StandardCharsets.UTF_8);
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(in) : in;
    }

    /** Just past the last line break that ends a row (in CSV, one outside a quoted field). */
    static int lastRowEnd(String text, boolean csvQuotes) {
        boolean quoted = false;
        int end = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && csvQuotes) quoted = !quoted; // "" inside a quoted field toggles twice
            else if (c == '\n' && !quoted) end = i + 1;
        }
        return end;
    }

    /** The array up to its last complete top-level object, closed again. */
    static String jsonArrayPrefix(String text) {
        int depth = 0;
        boolean inString = false;
        int lastObjectEnd = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 1 && c == '}') lastObjectEnd = i + 1;
            }
        }
        return lastObjectEnd < 0 ? text : text.substring(0, lastObjectEnd) + "]";
    }
}
