package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the JSON object under a parser into a row; shared by the JSON array and NDJSON readers.
 *
 * <p>A field name repeated within one object makes that row fail ({@code error} set, fields kept
 * as read) rather than silently keeping one of the values; the rest of the input is still read.
 * Consecutive objects with the same field names in the same order share one names list, so the
 * usual uniform input costs one list for the whole file and duplicates are checked once.
 */
final class JsonObjectReader {
    private final int maxFieldSize;
    private final int maxFields;
    private final int maxRecordBytes;
    private final StringWriter scratch = new StringWriter();
    private final ArrayList<String> names = new ArrayList<>();
    private final ArrayList<Object> values = new ArrayList<>();
    private List<String> lastNames = List.of();
    private String lastError;

    JsonObjectReader(ReadOptions options) {
        this.maxFieldSize = options.maxFieldSize();
        this.maxFields = options.maxFields();
        this.maxRecordBytes = options.maxRecordBytes();
    }

    /**
     * Reads the object whose START_OBJECT is {@code parser}'s current token, up to its END_OBJECT;
     * an object with more than {@code maxFields} fields or {@code maxRecordBytes} bytes is malformed.
     */
    SourceRow read(JsonParser parser, long index, long line) throws IOException {
        names.clear();
        values.clear();
        long start = parser.currentTokenLocation().getByteOffset();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            if (names.size() == maxFields) {
                throw new MalformedInputException(line, "the object has more than " + maxFields + " fields (the limit)");
            }
            String name = parser.currentName();
            parser.nextToken();
            Object value;
            try {
                value = JsonValues.value(parser, scratch, maxFieldSize);
            } catch (JsonValues.TooLong e) {
                throw tooLong(parser, name);
            } catch (StreamConstraintsException e) {
                // Jackson's string cap (set to maxFieldSize) bounds memory; report it like ours below
                if (e.getMessage() == null || !e.getMessage().startsWith("String value length")) throw e;
                throw tooLong(parser, name);
            }
            // Jackson checks its cap as its buffer grows, so not to the character: check exactly here
            if (value instanceof String s && s.length() > maxFieldSize
                    || value instanceof JsonText j && j.json().length() > maxFieldSize) {
                throw tooLong(parser, name);
            }
            if (start >= 0 && parser.currentLocation().getByteOffset() - start > maxRecordBytes) {
                throw new MalformedInputException(line, "the object is longer than " + maxRecordBytes + " bytes (the limit)");
            }
            names.add(name);
            values.add(value);
        }
        if (!names.equals(lastNames)) {
            lastNames = List.copyOf(names);
            String duplicate = firstDuplicate(lastNames);
            lastError = duplicate == null ? null : "field '" + duplicate + "' appears more than once in this object";
        }
        return new SourceRow(index, line, lastNames, values.toArray(), lastError);
    }

    private MalformedInputException tooLong(JsonParser parser, String name) {
        return new MalformedInputException(JsonValues.tokenLine(parser), "field '" + name + "' is longer than " + maxFieldSize + " characters");
    }

    private static String firstDuplicate(List<String> names) {
        int n = names.size();
        if (n <= 16) { // a hash set costs more than a few comparisons of (interned) names
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < i; j++) if (names.get(i).equals(names.get(j))) return names.get(i);
            }
            return null;
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) if (!seen.add(name)) return name;
        return null;
    }
}
