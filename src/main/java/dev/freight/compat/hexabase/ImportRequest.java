package dev.freight.compat.hexabase;

import dev.freight.http.MultipartForm;
import dev.freight.ingest.Format;
import dev.freight.ingest.MalformedInputException;
import dev.freight.ingest.RowReader;
import dev.freight.ingest.RowReaders;
import dev.freight.ingest.SourceRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * The form of ImportItems: the CSV {@code file} and its options. The file is read here only for
 * what decides the request before it is stored: its header (the special columns) and, for
 * {@code no_queue}, how many items it holds.
 */
final class ImportRequest {
    final MultipartForm.File file;
    final String filename;
    final String keyField;
    final boolean replaceAll;
    final boolean append;
    final boolean noQueue;
    final boolean overwriteAutonumber;
    final boolean validate;

    private ImportRequest(MultipartForm form) {
        file = form.file("file");
        if (file == null) throw HexabaseError.badRequest("file is required: the CSV to import, header line first");
        String name = form.field("filename");
        filename = name != null && !name.isBlank() ? name.trim() : file.filename();
        String key = form.field("key_field_displayid");
        keyField = key == null || key.isBlank() ? null : key.trim();
        replaceAll = flag(form, "replace_all", false);
        append = flag(form, "append", false);
        noQueue = flag(form, "no_queue", false);
        overwriteAutonumber = flag(form, "overwrite_autonumber", false);
        validate = flag(form, "validate", true);
        if (replaceAll && append) throw HexabaseError.badRequest("replace_all and append cannot both be true: choose one");
    }

    static ImportRequest of(MultipartForm form) {
        return new ImportRequest(form);
    }

    /** {@code true|false} (or 1|0, any case); absent or empty: {@code dflt}. */
    private static boolean flag(MultipartForm form, String name, boolean dflt) {
        String v = form.field(name);
        if (v == null || v.isBlank()) return dflt;
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw HexabaseError.badRequest(name + " must be true or false, got '" + v + "'");
        };
    }

    /** The header's column names (empty for an empty file) and the number of items (rows after the header). */
    record Shape(List<String> header, long items) {}

    /** The file's header line and how many items follow it (when {@code count}; else 0); a broken CSV is a 400. */
    Shape shape(boolean count) throws IOException {
        try (InputStream in = file.open(); RowReader reader = RowReaders.open(Format.CSV, in, null)) {
            SourceRow first = reader.next();
            if (first == null) return new Shape(List.of(), 0);
            List<String> header = first.names();
            long items = 1;
            if (count) while (reader.next() != null) items++;
            return new Shape(header, count ? items : 0);
        } catch (MalformedInputException e) {
            throw HexabaseError.badRequest("the file cannot be read as CSV: " + e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
