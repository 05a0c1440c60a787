package dev.freight;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.freight.ingest.JsonText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one Jackson configuration: ISO times with milliseconds in UTC, JSON column values raw. */
public final class Json {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule()
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(MILLIS.format(v));
                        }
                    })
                    .addSerializer(JsonText.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(JsonText v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeRawValue(v.json());
                        }
                    }))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {}

    public static String time(Instant t) {
        return t == null ? null : MILLIS.format(t);
    }

    public static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A request's JSON value as the engine's raw input value, as a JSON import reads it: null
     * for JSON null, {@link JsonText} for an object or array, else a String, Long, BigDecimal or
     * Boolean. A number past a double's range (1e999, read as Infinity) is an IllegalArgumentException.
     */
    public static Object value(com.fasterxml.jackson.databind.JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isContainerNode()) return new JsonText(v.toString());
        if (v.isTextual()) return v.asText();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.asLong();
        if ((v.isDouble() || v.isFloat()) && !Double.isFinite(v.doubleValue())) {
            throw new IllegalArgumentException("the number " + v + " is out of range");
        }
        return v.isNumber() ? v.decimalValue() : v.asText();
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
