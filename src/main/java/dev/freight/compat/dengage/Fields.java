package dev.freight.compat.dengage;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Scalar request fields, each a 400 naming it when it has the wrong type. */
final class Fields {
    private Fields() {}

    static String text(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) return null;
        if (t == JsonToken.VALUE_STRING || t.isNumeric()) return p.getText();
        throw DengageError.badRequest(field + " must be a string");
    }

    static boolean bool(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) return false;
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) return t == JsonToken.VALUE_TRUE;
        if (t == JsonToken.VALUE_STRING && (p.getText().equalsIgnoreCase("true") || p.getText().equalsIgnoreCase("false"))) {
            return p.getText().equalsIgnoreCase("true");
        }
        throw DengageError.badRequest(field + " must be true or false");
    }
}
