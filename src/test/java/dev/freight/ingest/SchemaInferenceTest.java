package dev.freight.ingest;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.freight.schema.Column;
import dev.freight.schema.ColumnType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SchemaInferenceTest {

    private static InferredSchema infer(Format format, String body, int maxRows) {
        try (RowReader r = RowReaders.open(format, Inputs.utf8(body), null)) {
            return SchemaInference.infer(r, maxRows);
        }
    }

    private static Map<String, InferredColumn> byName(InferredSchema s) {
        return s.columns().stream().collect(Collectors.toMap(InferredColumn::name, Function.identity()));
    }

    private static final String CSV = """
            id,name,score,price,active,born,updated,seen_at,uid,notes
            1,Ann,10,1.50,true,1990-01-02,2024-01-02 10:00:00,2024-01-02T10:00:00Z,6f1c2a4e-7b1d-4c3a-9e2f-1a2b3c4d5e6f,"a, b"
            2,Bob,-3,2,no,1985-12-31,2024-02-03 11:30,2024-02-03T11:30:00+02:00,0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d,
            3,Cy,0,.25,Y,2000-02-29,2024-03-04,2024-03-04 00:00+0100,11111111-2222-4333-8444-555555555555,x
            """;

    @Test
    void eachColumnGetsTheNarrowestTypeThatHoldsEveryValue() {
        InferredSchema s = infer(Format.CSV, CSV, 1000);
        Map<String, InferredColumn> c = byName(s);
        assertEquals(ColumnType.INTEGER, c.get("id").type());
        assertEquals(ColumnType.TEXT, c.get("name").type());
        assertEquals(ColumnType.INTEGER, c.get("score").type());
        assertEquals(ColumnType.DECIMAL, c.get("price").type());
        assertEquals(ColumnType.BOOLEAN, c.get("active").type());
        assertEquals(ColumnType.DATE, c.get("born").type());
        assertEquals(ColumnType.TIMESTAMP, c.get("updated").type(), "a date among date-times is a timestamp at midnight");
        assertEquals(ColumnType.TIMESTAMPTZ, c.get("seen_at").type());
        assertEquals(ColumnType.UUID, c.get("uid").type());
        assertEquals(ColumnType.TEXT, c.get("notes").type());
        assertEquals(1, c.get("notes").empty());
        assertEquals(3, s.rows());
        assertEquals(List.of("id", "name", "score", "price", "active", "born", "updated", "seen_at", "uid", "notes"),
                s.columns().stream().map(InferredColumn::name).toList(), "the fields' order");
    }

    @Test
    void theKeyIsAFilledDistinctIdentifierAndNeverNull() {
        InferredSchema s = infer(Format.CSV, CSV, 1000);
        assertEquals(List.of("id"), s.primaryKey());
        assertFalse(byName(s).get("id").nullable());
        assertTrue(byName(s).get("name").nullable());

        assertEquals(List.of("customer_id"), infer(Format.CSV, "name,customer_id\nA,7\nB,8\n", 10).primaryKey());
        assertEquals(List.of(), infer(Format.CSV, "id,name\n1,A\n1,B\n", 10).primaryKey(), "a repeated id is no key");
        assertEquals(List.of(), infer(Format.CSV, "id,name\n1,A\n,B\n", 10).primaryKey(), "an empty id is no key");
        assertEquals(List.of(), infer(Format.CSV, "name,city\nA,X\nB,Y\n", 10).primaryKey(), "distinct text alone is not convincing");
        assertEquals(List.of("email"), infer(Format.CSV, "name,email\nA,a@x\nA,b@x\n", 10).primaryKey());
    }

    @Test
    void numbersBooleansAndTextMixedWidenToWhatHoldsThemAll() {
        Map<String, InferredColumn> c = byName(infer(Format.CSV, """
                a,b,c,d,e,f
                1,0,0,1,99999999999999999999,2024-01-01
                2.5,1,yes,x,1,soon
                """, 10));
        assertEquals(ColumnType.DECIMAL, c.get("a").type());
        assertEquals(ColumnType.INTEGER, c.get("b").type(), "0 and 1 alone read as numbers");
        assertEquals(ColumnType.BOOLEAN, c.get("c").type(), "0 and 1 beside a word read as booleans");
        assertEquals(ColumnType.TEXT, c.get("d").type());
        assertEquals(ColumnType.DECIMAL, c.get("e").type(), "beyond 64 bits an integer is a decimal");
        assertEquals(ColumnType.TEXT, c.get("f").type());
    }

    @Test
    void dateTimesOutsideTheBuiltInFormatsNameTheirPattern() {
        Map<String, InferredColumn> c = byName(infer(Format.CSV, """
                eu,us,dotted,stamp,iso
                31/01/2024,01/31/2024,24.12.2023,31/01/2024 10:15,2024-01-31
                01/02/2024,02/01/2024,01.01.2024,01/02/2024 08:00,2024-02-01
                """, 10));
        assertEquals(ColumnType.DATE, c.get("eu").type());
        assertEquals("dd/MM/yyyy", c.get("eu").format());
        assertEquals("MM/dd/yyyy", c.get("us").format());
        assertEquals("dd.MM.yyyy", c.get("dotted").format());
        assertEquals(ColumnType.TIMESTAMP, c.get("stamp").type());
        assertEquals("dd/MM/yyyy HH:mm", c.get("stamp").format());
        assertNull(c.get("iso").format(), "the built-in formats need no pattern");
    }

    @Test
    void fieldNamesBecomeValidDistinctColumnNames() {
        InferredSchema s = infer(Format.CSV, "First Name,2nd,???,a,A,freight_x,_delete_,e-mail,_id\n1,2,3,4,5,6,true,7,8\n", 10);
        assertEquals(List.of("first_name", "c_2nd", "column_3", "a", "a_2", "c_freight_x", "e_mail", "_id"),
                s.columns().stream().map(InferredColumn::name).toList(), "_delete_ is an instruction, not a column");
        assertEquals("First Name", s.columns().get(0).field());
        assertEquals("e-mail", s.columns().get(6).field());
    }

    @Test
    void jsonValuesKeepTheirTypesAndMissingFieldsCountAsEmpty() {
        Map<String, InferredColumn> c = byName(infer(Format.JSON, """
                [{"id": 1, "price": 2.5, "ok": true, "tags": ["a"], "meta": {"k": 1}},
                 {"id": 2, "price": 3, "ok": false, "tags": [], "later": "x"}]
                """, 10));
        assertEquals(ColumnType.INTEGER, c.get("id").type());
        assertEquals(ColumnType.DECIMAL, c.get("price").type());
        assertEquals(ColumnType.BOOLEAN, c.get("ok").type());
        assertEquals(ColumnType.JSON, c.get("tags").type());
        assertEquals(1, c.get("meta").empty());
        assertEquals(1, c.get("later").empty());
    }

    @Test
    void readsAtMostTheSampleAndLeavesOutUnreadableRows() {
        StringBuilder csv = new StringBuilder("id,v\n");
        for (int i = 1; i <= 50; i++) csv.append(i).append(',').append(i == 3 ? "1,extra" : "x").append('\n');
        InferredSchema s = infer(Format.CSV, csv.toString(), 20);
        assertEquals(19, s.rows());
        assertEquals(1, s.skipped());
    }

    @Test
    void everySampledValueFitsTheProposedColumn() {
        String csv = CSV + "4,Dee,7,3.125,f,1970-01-01,2024-01-01 00:00:00,2024-01-01T00:00:00Z,11111111-2222-4333-8444-555555555556,\n";
        InferredSchema s = infer(Format.CSV, csv, 100);
        List<String> formats = new ArrayList<>();
        for (InferredColumn c : s.columns()) if (c.format() != null) formats.add(c.format());
        Coercer coercer = new Coercer(formats);
        try (RowReader r = RowReaders.open(Format.CSV, Inputs.utf8(csv), null)) {
            SourceRow row;
            while ((row = r.next()) != null) {
                for (int i = 0; i < row.values().length; i++) {
                    InferredColumn c = s.columns().get(i);
                    Object v = row.values()[i];
                    if (v == null || v.equals("")) continue;
                    assertDoesNotThrow(() -> coercer.coerce(Column.of(c.name(), c.type()), v), c.name() + " " + v);
                }
            }
        }
        assertEquals(s.columns().size(), new HashSet<>(s.columns().stream().map(InferredColumn::name).toList()).size());
    }
}
