package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;

/** Jackson plumbing shared by the JSON readers and the coercer: raw values, compact copies, errors. */
final class JsonValues {
    /** The factory for the default limits; factories are thread-safe and share symbol tables. */
    private static final JsonFactory DEFAULT = create(ReadOptions.DEFAULT_MAX_FIELD, ReadOptions.DEFAULT_MAX_DEPTH);

    private JsonValues() {}

    /**
     * A factory whose parsers refuse strings longer than {@code maxStringLength} and nesting
     * deeper than {@code maxDepth} (bounded memory and stack).
     */
    static JsonFactory factory(int maxStringLength, int maxDepth) {
        return maxStringLength == ReadOptions.DEFAULT_MAX_FIELD && maxDepth == ReadOptions.DEFAULT_MAX_DEPTH
                ? DEFAULT : create(maxStringLength, maxDepth);
    }

    static JsonFactory factory() {
        return DEFAULT;
    }

    private static JsonFactory create(int maxStringLength, int maxDepth) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxStringLength)
                        .maxNestingDepth(maxDepth).build())
                .build();
    }

    /**
     * The value of the parser's current scalar or structure, as a {@link SourceRow} value; a
     * structure is consumed up to its end token and returned as compact {@link JsonText}.
     */
    static Object value(JsonParser p, StringWriter scratch, int maxChars) throws IOException {
        try {
            return scalarOrStructure(p, scratch, maxChars);
        } catch (NumberFormatException e) { // 5e5555555555: valid JSON, but no BigDecimal can hold it
            throw new MalformedInputException(tokenLine(p), "the number " + shortened(p.getText()) + " is out of range");
        }
    }

    private static String shortened(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    private static Object scalarOrStructure(JsonParser p, StringWriter scratch, int maxChars) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? p.getDecimalValue() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDecimalValue(); // exact: never through double
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> new JsonText(compact(p, scratch, maxChars));
            default -> throw new IllegalStateException("not a value: " + p.currentToken());
        };
    }

    /**
     * The parser's current value as compact JSON text; numbers are kept exactly as written.
     *
     * @throws TooLong as soon as the text passes {@code maxChars} (give or take the generator's buffer)
     */
    static String compact(JsonParser p, StringWriter scratch, int maxChars) throws IOException {
        scratch.getBuffer().setLength(0);
        try (JsonGenerator g = DEFAULT.createGenerator(scratch)) {
            copy(p, g, scratch.getBuffer(), maxChars);
        }
        return scratch.toString();
    }

    /** A structured value grew past its cap while being copied; the caller names the field. */
    static final class TooLong extends RuntimeException {
        TooLong() {
            super(null, null, false, false);
        }
    }

    private static void copy(JsonParser p, JsonGenerator g, StringBuffer out, int maxChars) throws IOException {
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
            if (out.length() > maxChars) throw new TooLong();
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
        return new MalformedInputException(line, "invalid JSON: " + reason(e), e);
    }

    /**
     * Jackson's reason, in the reader's words where it names a limit: its own text points at
     * its API ({@code from `StreamReadConstraints...`}), which means nothing to a client.
     */
    static String reason(JsonProcessingException e) {
        // Jackson names its source in a location, "[Source: REDACTED (`StreamReadFeature...` disabled); line: 1, …]"
        String m = String.valueOf(e.getOriginalMessage()).replaceAll("\\[Source: [^;\\]]*; ", "[");
        if (e instanceof StreamConstraintsException) {
            java.util.regex.Matcher depth = NESTING.matcher(m);
            if (depth.find()) return "nested deeper than " + depth.group(1) + " levels (the limit)";
            return m.replaceAll(",? ?from `[^`]*`", "");
        }
        return m;
    }

    private static final java.util.regex.Pattern NESTING =
            java.util.regex.Pattern.compile("nesting depth \\(\\d+\\) exceeds the maximum allowed \\((\\d+)");

    static long line(JsonParser p, JsonProcessingException e) {
        JsonLocation at = e != null && e.getLocation() != null ? e.getLocation() : p.currentLocation();
        return Math.max(1, at.getLineNr());
    }

    /**
     * Null when {@code b[off, off+len)} starts as UTF-8 text may, else why not. Jackson guesses a
     * document's encoding from its first bytes and would read a NUL or a UTF-16/32 byte order mark
     * there as another encoding; Freight reads UTF-8 only, so such a start is malformed input.
     */
    static String notUtf8(byte[] b, int off, int len) {
        int n = Math.min(4, len);
        for (int i = 0; i < n; i++) {
            if (b[off + i] == 0) return "the input is not UTF-8 text (a NUL byte where UTF-16 or UTF-32 would have one)";
        }
        if (n >= 2 && ((b[off] & 0xff) == 0xfe && (b[off + 1] & 0xff) == 0xff || (b[off] & 0xff) == 0xff && (b[off + 1] & 0xff) == 0xfe)) {
            return "the input is not UTF-8 text (it starts with a UTF-16 byte order mark)";
        }
        return null;
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
