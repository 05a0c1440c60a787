package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;

/** Jackson plumbing shared by the JSON readers and the coercer: raw values, compact copies, errors. */
final class JsonValues {
    /** The factory for the default field cap; factories are thread-safe and share symbol tables. */
    private static final JsonFactory DEFAULT = create(ReadOptions.DEFAULT_MAX_FIELD);

    private JsonValues() {}

    /** A factory whose parsers refuse strings longer than {@code maxStringLength} (bounded memory). */
    static JsonFactory factory(int maxStringLength) {
        return maxStringLength == ReadOptions.DEFAULT_MAX_FIELD ? DEFAULT : create(maxStringLength);
    }

    private static JsonFactory create(int maxStringLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxStringLength).build())
                .build();
    }

    /**
     * The value of the parser's current scalar or structure, as a {@link SourceRow} value; a
     * structure is consumed up to its end token and returned as compact {@link JsonText}.
     */
    static Object value(JsonParser p, StringWriter scratch) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getDecimalValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue(); // exact: never through double
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> new JsonText(compact(p, scratch));
            default -> throw new IllegalStateException("not a value: " + p.currentToken());
        };
    }

    /** The parser's current value as compact JSON text; numbers are kept exactly as written. */
    static String compact(JsonParser p, StringWriter scratch) throws IOException {
        scratch.getBuffer().setLength(0);
        try (JsonGenerator g = DEFAULT.createGenerator(scratch)) {
            copy(p, g);
        }
        return scratch.toString();
    }

    private static void copy(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        for (;;) {
            switch (t) {
                case START_OBJECT -> {
                    g.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    g.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    g.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    g.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> g.writeFieldName(p.currentName());
                case VALUE_STRING -> g.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
                case VALUE_TRUE -> g.writeBoolean(true);
                case VALUE_FALSE -> g.writeBoolean(false);
                case VALUE_NULL -> g.writeNull();
                default -> throw new IllegalStateException("unexpected token " + t);
            }
            if (depth == 0) return;
            t = p.nextToken();
            if (t == null) throw new IllegalStateException("unexpected end of input"); // Jackson reports this first
        }
    }

    /** JSON text of a scalar from the input: {@code 12}, {@code 1.50}, {@code true}. */
    static String scalarText(Object v) {
        if (v instanceof BigDecimal d) return d.toString(); // valid JSON even in exponent form (1E+3)
        return String.valueOf(v);
    }

    /** A Jackson framing error as the reader's exception, at the line Jackson points to. */
    static MalformedInputException malformed(JsonParser p, JsonProcessingException e) {
        return malformed(line(p, e), e);
    }

    static MalformedInputException malformed(long line, JsonProcessingException e) {
        return new MalformedInputException(line, "invalid JSON: " + e.getOriginalMessage(), e);
    }

    static long line(JsonParser p, JsonProcessingException e) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
        return Math.max(1, at.getLineNr());
    }

    /** The line of the parser's current token. */
    static long tokenLine(JsonParser p) {
        return Math.max(1, p.currentTokenLocation().getLineNr());
    }

    /** Names a token for messages: "an object", "a string", ... */
    static String describe(JsonToken t) {
        if (t == null) return "the end of the input";
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : "'" + t.asString() + "'";
        };
    }
}
