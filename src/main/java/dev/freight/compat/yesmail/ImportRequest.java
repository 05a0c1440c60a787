package dev.freight.compat.yesmail;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.freight.Json;
import dev.freight.http.Failures;
import dev.freight.imports.Submissions;
import dev.freight.job.ErrorThreshold;
import dev.freight.job.ImportMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The import body {@code {"errorThreshold", "importType", "records": [{…}, …]}}, read as a stream:
 * {@code records} is copied token by token into the spool as the JSON array the engine reads, so
 * the records are never held in memory, whichever order the fields come in.
 */
final class ImportRequest {
    ImportMode mode;
    ErrorThreshold threshold = ErrorThreshold.NONE;
    Submissions.Spooled records;

    /** Reads the body; a malformed one is a 400 with the reason and leaves nothing spooled. */
    static ImportRequest read(InputStream in, Submissions imports) throws IOException {
        ImportRequest r = new ImportRequest();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw YesmailError.badRequest("the body must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "importType" -> r.mode = mode(p, value);
                    case "errorThreshold" -> r.threshold = threshold(p, value);
                    case "records" -> {
                        if (value != JsonToken.START_ARRAY) throw YesmailError.badRequest("records must be an array of objects");
                        if (r.records != null) throw YesmailError.badRequest("records appears more than once");
                        r.records = imports.spool(out -> copyRecords(p, out));
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw YesmailError.badRequest("unexpected content after the JSON object");
        } catch (JsonProcessingException e) {
            r.discard(imports);
            throw YesmailError.badRequest(Failures.json(e));
        } catch (java.io.CharConversionException e) { // first bytes Jackson took for UTF-16 or UTF-32
            r.discard(imports);
            throw YesmailError.badRequest("the body is not valid JSON: it is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            r.discard(imports);
            throw e;
        }
        if (r.mode == null) {
            r.discard(imports);
            throw YesmailError.badRequest("importType is required: ignore, update or replace");
        }
        if (r.records == null) throw YesmailError.badRequest("records is required: an array of objects");
        return r;
    }

    void discard(Submissions imports) {
        if (records != null) imports.discard(records);
        records = null;
    }

    /** ignore → ignore; update → upsert (fields given change, others kept); replace → replace (others NULL/default). */
    private static ImportMode mode(JsonParser p, JsonToken value) throws IOException {
        String t = value == JsonToken.VALUE_STRING ? p.getText().trim().toLowerCase(Locale.ROOT) : "";
        return switch (t) {
            case "ignore" -> ImportMode.IGNORE;
            case "update" -> ImportMode.UPSERT;
            case "replace" -> ImportMode.REPLACE;
            default -> throw YesmailError.badRequest("importType must be ignore, update or replace, got "
                    + (value == JsonToken.VALUE_STRING ? "'" + p.getText() + "'" : value.asString() == null ? "an object" : value.asString()));
        };
    }

    /** A count (0: no check), or a quoted percentage strictly between 0% and 100%. */
    private static ErrorThreshold threshold(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) return ErrorThreshold.NONE;
        if (value == JsonToken.VALUE_NUMBER_INT) {
            long n = p.getLongValue();
            if (n < 0) throw YesmailError.badRequest("errorThreshold must not be negative");
            return n == 0 ? ErrorThreshold.NONE : new ErrorThreshold(n, null);
        }
        if (value == JsonToken.VALUE_STRING && p.getText().trim().endsWith("%")) {
            try {
                return ErrorThreshold.parse(p.getText());
            } catch (IllegalArgumentException e) {
                throw YesmailError.badRequest("errorThreshold: " + e.getMessage());
            }
        }
        throw YesmailError.badRequest("errorThreshold must be a whole count (100) or a quoted percentage (\"5%\")");
    }

    /** Copies the array the parser stands on; every element must be an object. */
    private static void copyRecords(JsonParser p, OutputStream out) throws IOException {
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartArray();
            long i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) throw YesmailError.badRequest("records[" + i + "] must be an object");
                g.copyCurrentStructure(p);
                i++;
            }
            g.writeEndArray();
        }
    }
}
