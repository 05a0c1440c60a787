package dev.freight.compat.dengage;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.freight.Json;
import dev.freight.http.Failures;
import dev.freight.imports.Submissions;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of the async UpsertData, read as a stream: {@code fileContent} (up to 50 MB of base64)
 * is decoded straight into the spool, never held in memory, whatever the order of the fields.
 */
final class AsyncRequest {
    /** Padding optional: clients differ, and the decoded bytes are the same. */
    private static final Base64Variant BASE64 =
            Base64Variants.MIME_NO_LINEFEEDS.withReadPadding(Base64Variant.PaddingReadBehaviour.PADDING_ALLOWED);

    final TableRef table = new TableRef();
    String jobName;
    List<ColumnMapping> columnMapping; // null: headers map to columns by name
    boolean overwriteWithEmpty;
    Submissions.Spooled file;

    /** Reads the body; a malformed one is a 400 and leaves no spooled file behind. */
    static AsyncRequest read(InputStream in, Submissions imports) throws IOException {
        AsyncRequest r = new AsyncRequest();
        try (JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw DengageError.badRequest("the body must be a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "tableName" -> r.table.name = Fields.text(p, field);
                    case "tableId" -> r.table.id = Fields.text(p, field);
                    case "jobName" -> r.jobName = Fields.text(p, field);
                    case "overwriteWithEmpty" -> r.overwriteWithEmpty = Fields.bool(p, field);
                    case "columnMapping" -> r.columnMapping = value == JsonToken.VALUE_NULL ? null
                            : ColumnMapping.list(Json.MAPPER.readTree(p));
                    case "fileContent" -> {
                        if (value != JsonToken.VALUE_STRING) throw DengageError.badRequest("fileContent must be a base64 string");
                        if (r.file != null) throw DengageError.badRequest("fileContent appears more than once");
                        r.file = imports.spool(out -> {
                            try {
                                p.readBinaryValue(BASE64, out);
                            } catch (IllegalArgumentException e) { // Jackson's word for bad base64
                                throw DengageError.badRequest("fileContent is not valid base64: " + e.getMessage());
                            }
                        });
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            r.discard(imports);
            String why = e.getOriginalMessage();
            throw DengageError.badRequest(why != null && why.contains("base64")
                    ? "fileContent is not valid base64: " + why : Failures.json(e));
        } catch (java.io.CharConversionException e) { // first bytes Jackson took for UTF-16 or UTF-32
            r.discard(imports);
            throw DengageError.badRequest("the body is not valid JSON: it is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            r.discard(imports);
            throw e;
        }
        if (r.file == null) throw DengageError.badRequest("fileContent is required: the base64 of the file, header line first");
        return r;
    }

    void discard(Submissions imports) {
        if (file != null) imports.discard(file);
        file = null;
    }

    /** One entry of {@code columnMapping}: a file column, or a constant when fileColumnHeader is null or absent. */
    record ColumnMapping(String tableColumn, String fileColumnHeader, String constantValue) {
        static List<ColumnMapping> list(com.fasterxml.jackson.databind.JsonNode n) {
            if (!n.isArray()) throw DengageError.badRequest("columnMapping must be an array of {tableColumn, fileColumnHeader}");
            List<ColumnMapping> out = new ArrayList<>();
            for (var e : n) {
                String col = e.path("tableColumn").isTextual() ? e.get("tableColumn").asText() : null;
                if (col == null || col.isBlank()) throw DengageError.badRequest("every columnMapping entry needs a tableColumn");
                var header = e.get("fileColumnHeader");
                var constant = e.get("constantValue");
                out.add(new ColumnMapping(col, header == null || header.isNull() ? null : header.asText(),
                        constant == null || constant.isNull() ? null : constant.asText()));
            }
            return out;
        }
    }
}
