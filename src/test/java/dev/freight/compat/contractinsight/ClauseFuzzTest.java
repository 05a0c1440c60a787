package dev.freight.compat.contractinsight;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.freight.engine.Filter;
import dev.freight.engine.FilterCheck;
import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import dev.freight.schema.Table;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Fuzz target of ContractInsight's Clause parser and the engine's check of a filter: any body is
 * either read into a filter or refused with a 400 ({@link CiError}); a filter is either typed
 * for the table or refused with {@link FilterCheck.Invalid}, and a typed one names only the
 * table's columns and binds no more values than the bound, each of its column's type.
 */
class ClauseFuzzTest {
    static final Table VENDORS = new Table("t1", "default", "vendors", List.of(
            Column.of("VendorName", ColumnType.TEXT), Column.of("City", ColumnType.TEXT),
            Column.of("Amount", ColumnType.DECIMAL), Column.of("Active", ColumnType.BOOLEAN),
            Column.of("Since", ColumnType.DATE), Column.of("Ref", ColumnType.UUID), Column.of("Id", ColumnType.INTEGER)),
            List.of("Id"), List.of(), null, List.of(), false, 1, null);

    @FuzzTest(maxDuration = "10m")
    void clause(byte[] body) throws IOException {
        Filter raw;
        try {
            raw = Clause.parse(dev.freight.compat.contractinsight.VendorJson.field(Request.body(new ByteArrayInputStream(body)), "Clause"));
        } catch (CiError e) {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).doesNotContain("com.fasterxml", "Exception");
            return;
        }
        Filter typed;
        try {
            typed = FilterCheck.typed(VENDORS, raw);
        } catch (FilterCheck.Invalid e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
            return;
        }
        assertThat(values(typed)).isLessThanOrEqualTo(FilterCheck.MAX_VALUES);
    }

    /** Counts the typed filter's values, checking each condition on the way. */
    private static int values(Filter f) {
        return switch (f) {
            case Filter.Group g -> g.parts().stream().mapToInt(ClauseFuzzTest::values).sum();
            case Filter.Condition c -> {
                Column col = VENDORS.column(c.column()).orElseThrow(() -> new AssertionError("not a column: " + c.column()));
                if (c.op().arity() == 0) assertThat(c.values()).isEmpty();
                if (c.op().arity() == 1) assertThat(c.values()).hasSize(1);
                for (Object v : c.values()) {
                    Class<?> expected = c.op() == Filter.Op.LIKE ? String.class : switch (col.type()) {
                        case TEXT -> String.class;
                        case DECIMAL -> java.math.BigDecimal.class;
                        case BOOLEAN -> Boolean.class;
                        case DATE -> java.time.LocalDate.class;
                        case UUID -> java.util.UUID.class;
                        case INTEGER -> Long.class;
                        default -> Object.class;
                    };
                    assertThat(v).isInstanceOf(expected);
                }
                yield c.values().size();
            }
        };
    }
}
