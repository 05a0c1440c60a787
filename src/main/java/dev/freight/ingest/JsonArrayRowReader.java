package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A JSON document that is one array of objects, streamed token by token: each element is a row
 * whose line is that of its opening brace. Anything else (another top-level value, an element that
 * is not an object, content after the closing bracket, a syntax error) is malformed.
 */
final class JsonArrayRowReader implements RowReader {
    private final JsonParser parser;
    private final JsonObjectReader objects;
    private boolean started;
    private boolean finished;
    private long index;

    JsonArrayRowReader(JsonParser parser, ReadOptions options) {
        this.parser = parser;
        this.objects = new JsonObjectReader(options);
    }

    @Override
    public SourceRow next() {
        if (finished) return null;
        try {
            if (!started) {
                JsonToken first = parser.nextToken();
                if (first != JsonToken.START_ARRAY) {
                    throw new MalformedInputException(JsonValues.tokenLine(parser),
                            "expected a JSON array of objects, found " + JsonValues.describe(first));
                }
                started = true;
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.START_OBJECT) return objects.read(parser, index++, JsonValues.tokenLine(parser));
            if (t == JsonToken.END_ARRAY) {
                JsonToken after = parser.nextToken();
                if (after != null) {
                    throw new MalformedInputException(JsonValues.tokenLine(parser),
                            "unexpected " + JsonValues.describe(after) + " after the end of the array");
                }
                finished = true;
                return null;
            }
            throw new MalformedInputException(JsonValues.tokenLine(parser),
                    "element " + (index + 1) + " of the array is " + JsonValues.describe(t) + ", expected an object");
        } catch (JsonProcessingException e) {
            throw JsonValues.malformed(parser, e);
        } catch (java.io.CharConversionException e) {
            throw new MalformedInputException(JsonValues.line(parser, null), "invalid text: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
