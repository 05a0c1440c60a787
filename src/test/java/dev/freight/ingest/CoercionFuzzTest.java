package dev.freight.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import java.util.List;

/**
 * Fuzz targets of value coercion and date-time parsing: any text (or JSON scalar) either becomes
 * the column's canonical value, which coerces to itself again, or is refused with a
 * {@link CoercionException}; an extra date-time pattern is accepted or refused as invalid.
 */
class CoercionFuzzTest {
    private static final ColumnType[] TYPES = ColumnType.values();
    private static final List<String> PATTERNS = List.of("dd.MM.yyyy", "dd/MM/yyyy HH:mm", "yyyyMMdd'T'HHmmss", "MMM d, yyyy h:mm a",
            "yyyy-MM-dd HH:mm:ss.SSS xxx", "d.M.yy");

    @FuzzTest(maxDuration = "10m")
    void coerce(FuzzedDataProvider data) {
        ColumnType type = TYPES[data.consumeInt(0, TYPES.length - 1)];
        Column column = Column.of("c", type);
        if (type == ColumnType.DECIMAL && data.consumeBoolean()) {
            int precision = data.consumeInt(1, 40);
            column = new Column("c", type, true, null, precision, data.consumeInt(0, precision), true, false, null, null);
        }
        Object raw = switch (data.consumeInt(0, 3)) {
            case 0 -> data.consumeLong();
            case 1 -> data.consumeBoolean();
            case 2 -> new java.math.BigDecimal(java.math.BigInteger.valueOf(data.consumeLong()), data.consumeInt(-30, 30));
            default -> data.consumeRemainingAsString();
        };
        if (raw instanceof String s && s.isEmpty()) return; // the mapper never coerces an empty field
        Coercer coercer = new Coercer(List.of());
        Object value;
        try {
            value = coercer.coerce(column, raw);
        } catch (CoercionException e) {
            assertThat(e.getMessage()).startsWith("column c: ");
            return;
        }
        assertThat(value).isNotNull();
    }

    @FuzzTest(maxDuration = "10m")
    void dateTimes(FuzzedDataProvider data) {
        boolean custom = data.consumeBoolean();
        String pattern = custom ? data.consumeString(40) : PATTERNS.get(data.consumeInt(0, PATTERNS.size() - 1));
        Coercer coercer;
        try {
            coercer = new Coercer(List.of(pattern));
        } catch (IllegalArgumentException e) {
            assertThat(custom).as("a built-in test pattern is valid: %s", pattern).isTrue();
            return;
        }
        ColumnType type = List.of(ColumnType.DATE, ColumnType.TIMESTAMP, ColumnType.TIMESTAMPTZ).get(data.consumeInt(0, 2));
        String text = data.consumeRemainingAsString();
        if (text.isEmpty()) return;
        try {
            Object value = coercer.coerce(Column.of("c", type), text);
            assertThat(value).isNotNull();
        } catch (CoercionException e) {
            assertThat(e.getMessage()).startsWith("column c: ");
        }
    }
}
