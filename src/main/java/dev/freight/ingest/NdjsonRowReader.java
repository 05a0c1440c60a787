package dev.freight.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Newline-delimited JSON: one object per line, blank lines skipped. One Jackson parser reads the
 * whole stream as a sequence of root values (no per-line copies); the line rule is enforced from
 * token locations: an object must end on the line it starts on, and nothing else may share it.
 */
final class NdjsonRowReader implements RowReader {
    private final JsonParser parser;
    private final JsonObjectReader objects;
    private long lastLine;
    private long index;
    private boolean finished;

    NdjsonRowReader(JsonParser parser, int maxFieldSize) {
        this.parser = parser;
        this.objects = new JsonObjectReader(parser, maxFieldSize);
    }

    @Override
    public SourceRow next() {
        if (finished) return null;
        long line = lastLine;
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                finished = true;
                return null;
            }
            line = JsonValues.tokenLine(parser);
            if (line == lastLine) throw new MalformedInputException(line, "more than one JSON value on one line");
            if (t != JsonToken.START_OBJECT) {
                throw new MalformedInputException(line, "the line is " + JsonValues.describe(t) + ", expected a JSON object");
            }
            SourceRow row = objects.read(index++, line);
            lastLine = JsonValues.tokenLine(parser);
            if (lastLine != line) throw new MalformedInputException(line, "a JSON object must end on the line it starts on");
            return row;
        } catch (JsonProcessingException e) {
            // inside an object, any error belongs to the line the object started on (it should have ended there)
            long at = JsonValues.line(parser, e);
            throw JsonValues.malformed(line > lastLine ? line : at, e);
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
