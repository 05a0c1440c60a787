package dev.freight.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.freight.Json;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Coercion of every column type (DESIGN §3 "Values") through a real CSV or JSON import, read back
 * through {@code /records}; bad values fail only their row, with the column, the value and what was
 * expected.
 */
class CoercionTest extends StoreSuite {
    /** Reads decimals exactly (the default mapper reads them as doubles). */
    private static final ObjectMapper EXACT = Json.MAPPER.copy().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private String table(String columns) {
        String t = unique("coerce");
        node.createTable("""
                {"name":"%s","columns":[{"name":"id","type":"integer"},%s],"primaryKey":["id"]}""".formatted(t, columns));
        return t;
    }

    /** Every record of {@code table} by id, decimals exact. */
    private Map<Long, JsonNode> byId(String table) {
        Map<Long, JsonNode> out = new LinkedHashMap<>();
        try {
            JsonNode page = EXACT.readTree(node.get("/v1/tables/" + table + "/records?limit=1000").body());
            assertThat(page.get("next").isNull()).isTrue();
            for (JsonNode r : page.get("items")) out.put(r.get("id").asLong(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The job's results: index → error for failed rows, and asserts every other row was inserted. */
    private Map<Long, String> failures(JsonNode job) {
        assertThat(job.get("state").asText()).as("job %s", job).isEqualTo("completed");
        Map<Long, String> out = new LinkedHashMap<>();
        for (JsonNode r : node.results(job.get("id").asText())) {
            if (r.get("outcome").asText().equals("failed")) out.put(r.get("index").asLong(), r.get("error").asText());
            else assertThat(r.get("outcome").asText()).as("row %s", r).isEqualTo("inserted");
        }
        return out;
    }

    private static void assertDecimal(JsonNode v, String expected) {
        assertThat(v.isNumber()).as("%s is a JSON number", v).isTrue();
        assertThat(v.decimalValue()).as("%s", v).isEqualByComparingTo(new BigDecimal(expected));
    }

    @Test
    void everyTypeRoundTripsThroughCsvAndRecords() {
        String t = table("""
                {"name":"t","type":"text"},{"name":"n","type":"integer"},
                {"name":"d","type":"decimal","precision":8,"scale":2},{"name":"b","type":"boolean"},
                {"name":"day","type":"date"},{"name":"ts","type":"timestamp"},{"name":"tz","type":"timestamptz"},
                {"name":"u","type":"uuid"},{"name":"j","type":"json"}""");
        JsonNode job = node.importCsv(t, "", """
                id,t,n,d,b,day,ts,tz,u,j
                1,  padded text ,-9223372036854775808,1234.565,YES,2024-02-29,2024-03-15 13:45:30.123,2024-03-15T13:45:30+02:00,550E8400-E29B-41D4-A716-446655440000,"{""a"": [1, 2], ""b"": null}"
                2,"quoted, with comma",9223372036854775807,-0.5,no,1999-12-31,1999-12-31T23:59,1999-12-31 23:59:59Z,00000000-0000-0000-0000-000000000000,[true]
                """);
        assertThat(failures(job)).isEmpty();
        Map<Long, JsonNode> rows = byId(t);
        JsonNode r1 = rows.get(1L);
        assertThat(r1.get("t").asText()).isEqualTo("  padded text ");
        assertThat(r1.get("n").isIntegralNumber()).isTrue();
        assertThat(r1.get("n").asLong()).isEqualTo(Long.MIN_VALUE);
        assertDecimal(r1.get("d"), "1234.57");
        assertThat(r1.get("b").isBoolean()).isTrue();
        assertThat(r1.get("b").asBoolean()).isTrue();
        assertThat(r1.get("day").asText()).isEqualTo("2024-02-29");
        assertThat(r1.get("ts").asText()).isEqualTo("2024-03-15T13:45:30.123");
        assertThat(r1.get("tz").asText()).isEqualTo("2024-03-15T11:45:30Z");
        assertThat(r1.get("u").asText()).isEqualTo("550e8400-e29b-41d4-a716-446655440000");
        assertThat(r1.get("j").isObject()).as("json column read back as an object: %s", r1.get("j")).isTrue();
        assertThat(r1.get("j").toString()).isEqualTo("{\"a\":[1,2],\"b\":null}");
        JsonNode r2 = rows.get(2L);
        assertThat(r2.get("t").asText()).isEqualTo("quoted, with comma");
        assertThat(r2.get("n").asLong()).isEqualTo(Long.MAX_VALUE);
        assertDecimal(r2.get("d"), "-0.50");
        assertThat(r2.get("b").asBoolean()).isFalse();
        assertThat(r2.get("ts").asText()).isEqualTo("1999-12-31T23:59:00");
        assertThat(r2.get("tz").asText()).isEqualTo("1999-12-31T23:59:59Z");
        assertThat(r2.get("j").toString()).isEqualTo("[true]");
    }

    @Test
    void integersAcceptSignsAndSpacesAndRejectEverythingElse() {
        String t = table("{\"name\":\"n\",\"type\":\"integer\"}");
        JsonNode job = node.importCsv(t, "", """
                id,n
                1,42
                2, 7\s
                3,+5
                4,-0
                5,abc
                6,1.5
                7,9223372036854775808
                8,1e3
                9,١٢
                """);
        assertThat(failures(job)).containsExactly(
                Map.entry(4L, "column n: 'abc' is not an integer"),
                Map.entry(5L, "column n: '1.5' is not an integer"),
                Map.entry(6L, "column n: '9223372036854775808' is out of range for a 64-bit integer"),
                Map.entry(7L, "column n: '1e3' is not an integer"),
                Map.entry(8L, "column n: '١٢' is not an integer"));
        Map<Long, JsonNode> rows = byId(t);
        assertThat(rows.keySet()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rows.values()).extracting(r -> r.get("n").asLong()).containsExactly(42L, 7L, 5L, 0L);
    }

    @Test
    void decimalsRoundHalfUpToTheScaleAndFailWhenTheyOverflowThePrecision() {
        String t = table("""
                {"name":"d","type":"decimal","precision":6,"scale":2},{"name":"whole","type":"decimal","precision":4},
                {"name":"free","type":"decimal"}""");
        JsonNode job = node.importCsv(t, "", """
                id,d,whole,free
                1,1.005,12.5,0.125
                2,-1.005,-12.5,-7
                3,9999.994,9999,1E+3
                4,9999.995,,
                5,12345.6,,
                6,,12345,
                7,abc,,
                8,,,1.2.3
                9,1e2,0.4,
                """);
        assertThat(failures(job)).containsExactly(
                Map.entry(3L, "column d: '9999.995' does not fit decimal(6,2)"),
                Map.entry(4L, "column d: '12345.6' does not fit decimal(6,2)"),
                Map.entry(5L, "column whole: '12345' does not fit decimal(4,0)"),
                Map.entry(6L, "column d: 'abc' is not a number"),
                Map.entry(7L, "column free: '1.2.3' is not a number"));
        Map<Long, JsonNode> rows = byId(t);
        assertThat(rows.keySet()).containsExactly(1L, 2L, 3L, 9L);
        assertDecimal(rows.get(1L).get("d"), "1.01");
        assertDecimal(rows.get(1L).get("whole"), "13");
        assertDecimal(rows.get(1L).get("free"), "0.125");
        assertDecimal(rows.get(2L).get("d"), "-1.01");
        assertDecimal(rows.get(2L).get("whole"), "-13");
        assertDecimal(rows.get(2L).get("free"), "-7");
        assertDecimal(rows.get(3L).get("d"), "9999.99");
        assertDecimal(rows.get(3L).get("free"), "1000");
        assertDecimal(rows.get(9L).get("d"), "100");
        assertDecimal(rows.get(9L).get("whole"), "0");
        // CSV shows the column's scale
        String csv = node.send("GET", "/v1/tables/" + t + "/records", TestNode.ADMIN_KEY,
                Map.of("Accept", "text/csv"), null).body();
        assertThat(csv.lines().toList()).contains("1,1.01,13,0.125", "9,100.00,0,");
    }

    @Test
    void decimalsKeepEveryDigitTheirPrecisionAllows() {
        String t = table("{\"name\":\"d\",\"type\":\"decimal\",\"precision\":30,\"scale\":10}");
        JsonNode job = node.importCsv(t, "", "id,d\n1,12345678901234567890.0123456789\n2,-0.0000000001\n");
        assertThat(failures(job)).isEmpty();
        Map<Long, JsonNode> rows = byId(t);
        assertDecimal(rows.get(1L).get("d"), "12345678901234567890.0123456789");
        assertDecimal(rows.get(2L).get("d"), "-0.0000000001");
    }

    @Test
    void booleansAcceptTrueFalseOneZeroYesNoInAnyCase() {
        String t = table("{\"name\":\"b\",\"type\":\"boolean\"}");
        JsonNode job = node.importCsv(t, "", """
                id,b
                1,true
                2,FALSE
                3,1
                4,0
                5,Yes
                6,nO
                7,TRUE
                8,false
                9,maybe
                10,2
                11,ja
                """);
        assertThat(failures(job)).containsExactly(
                Map.entry(8L, "column b: 'maybe' is not a boolean"),
                Map.entry(9L, "column b: '2' is not a boolean"),
                Map.entry(10L, "column b: 'ja' is not a boolean"));
        assertThat(byId(t).values()).extracting(r -> r.get("b").isBoolean() ? r.get("b").asBoolean() : null)
                .containsExactly(true, false, true, false, true, false, true, false);
    }

    /** Seed 000 lists these formats; each is accepted by timestamp and timestamptz columns. */
    @Test
    void everyDateTimeFormatOfSeed000() {
        String t = table("{\"name\":\"ts\",\"type\":\"timestamp\"},{\"name\":\"tz\",\"type\":\"timestamptz\"},{\"name\":\"fmt\",\"type\":\"text\"}");
        // format, value, timestamp read back
        List<String[]> cases = List.of(
                new String[] {"yyyy-MM-dd", "2024-03-15", "2024-03-15T00:00:00"},
                new String[] {"yyyy-MM-dd HH:mm", "2024-03-15 13:45", "2024-03-15T13:45:00"},
                new String[] {"yyyy-MM-ddTHH:mm", "2024-03-15T13:45", "2024-03-15T13:45:00"},
                new String[] {"yyyy-MM-dd HH:mm:ss", "2024-03-15 13:45:30", "2024-03-15T13:45:30"},
                new String[] {"yyyy-MM-ddTHH:mm:ss", "2024-03-15T13:45:30", "2024-03-15T13:45:30"},
                new String[] {"yyyy-MM-dd HH:mm:ss.f", "2024-03-15 13:45:30.1", "2024-03-15T13:45:30.1"},
                new String[] {"yyyy-MM-dd HH:mm:ss.ff", "2024-03-15 13:45:30.12", "2024-03-15T13:45:30.12"},
                new String[] {"yyyy-MM-dd HH:mm:ss.fff", "2024-03-15 13:45:30.123", "2024-03-15T13:45:30.123"},
                new String[] {"yyyy-MM-ddTHH:mm:ss.f", "2024-03-15T13:45:30.5", "2024-03-15T13:45:30.5"},
                new String[] {"yyyy-MM-ddTHH:mm:ss.ff", "2024-03-15T13:45:30.05", "2024-03-15T13:45:30.05"},
                new String[] {"yyyy-MM-ddTHH:mm:ss.fff", "2024-03-15T13:45:30.007", "2024-03-15T13:45:30.007"},
                new String[] {"yyyy-MM-ddTHH:mm:ssZ", "2024-03-15T13:45:30Z", "2024-03-15T13:45:30"});
        StringBuilder csv = new StringBuilder("id,ts,tz,fmt\n");
        for (int i = 0; i < cases.size(); i++) {
            csv.append(i).append(',').append(cases.get(i)[1]).append(',').append(cases.get(i)[1]).append(',').append(cases.get(i)[0]).append('\n');
        }
        assertThat(failures(node.importCsv(t, "", csv.toString()))).isEmpty();
        Map<Long, JsonNode> rows = byId(t);
        for (int i = 0; i < cases.size(); i++) {
            JsonNode r = rows.get((long) i);
            assertThat(r.get("ts").asText()).as(cases.get(i)[0]).isEqualTo(cases.get(i)[2]);
            // no offset: taken as UTC
            assertThat(r.get("tz").asText()).as(cases.get(i)[0]).isEqualTo(cases.get(i)[2] + "Z");
        }
    }

    @Test
    void isoOffsetsAreConvertedToUtc() {
        String t = table("{\"name\":\"ts\",\"type\":\"timestamp\"},{\"name\":\"tz\",\"type\":\"timestamptz\"},{\"name\":\"day\",\"type\":\"date\"}");
        JsonNode job = node.importCsv(t, "", """
                id,ts,tz,day
                1,2024-03-15T13:45:30+02:00,2024-03-15T13:45:30+02:00,2024-03-15T00:00:00+02:00
                2,2024-03-15T13:45:30+0200,2024-03-15T13:45:30+0200,
                3,2024-03-15T13:45:30+02,2024-03-15T13:45:30+02,
                4,2024-03-15T13:45:30-05:30,2024-03-15T13:45:30-05:30,
                5,2024-03-15 01:00:00.250+03:00,2024-03-15 01:00:00.250+03:00,
                6,2024-03-15T13:45:30z,2024-03-15T13:45:30+00:00,
                """);
        assertThat(failures(job)).isEmpty();
        Map<Long, JsonNode> rows = byId(t);
        assertThat(rows.get(1L).get("ts").asText()).isEqualTo("2024-03-15T11:45:30");
        assertThat(rows.get(1L).get("tz").asText()).isEqualTo("2024-03-15T11:45:30Z");
        assertThat(rows.get(1L).get("day").asText()).isEqualTo("2024-03-15");
        assertThat(rows.get(2L).get("tz").asText()).isEqualTo("2024-03-15T11:45:30Z");
        assertThat(rows.get(3L).get("tz").asText()).isEqualTo("2024-03-15T11:45:30Z");
        assertThat(rows.get(4L).get("ts").asText()).isEqualTo("2024-03-15T19:15:30");
        assertThat(rows.get(4L).get("tz").asText()).isEqualTo("2024-03-15T19:15:30Z");
        assertThat(rows.get(5L).get("ts").asText()).isEqualTo("2024-03-14T22:00:00.25");
        assertThat(rows.get(5L).get("tz").asText()).isEqualTo("2024-03-14T22:00:00.25Z");
        assertThat(rows.get(6L).get("tz").asText()).isEqualTo("2024-03-15T13:45:30Z");
    }

    @Test
    void badDatesAndTimesFailTheirRowNamingColumnValueAndExpectation() {
        String t = table("{\"name\":\"ts\",\"type\":\"timestamp\"},{\"name\":\"tz\",\"type\":\"timestamptz\"},{\"name\":\"day\",\"type\":\"date\"}");
        JsonNode job = node.importCsv(t, "", """
                id,ts,tz,day
                1,2024-03-15 13:45,,2024-03-15
                2,,,2024-02-30
                3,,,15/03/2024
                4,,,2024-03-15 13:45
                5,2024-13-01 00:00,,
                6,2024-03-15 24:00,,
                7,,2024-03-15T13:45:30+25:00,
                8,,yesterday,
                9,2024-03-15 13:45:30.1234567891,,
                """);
        assertThat(failures(job)).containsExactly(
                Map.entry(1L, "column day: '2024-02-30' is not a date"),
                Map.entry(2L, "column day: '15/03/2024' is not a date"),
                Map.entry(3L, "column day: '2024-03-15 13:45' is not a date (it has a time of day)"),
                Map.entry(4L, "column ts: '2024-13-01 00:00' is not a timestamp"),
                Map.entry(5L, "column ts: '2024-03-15 24:00' is not a timestamp"),
                Map.entry(6L, "column tz: '2024-03-15T13:45:30+25:00' is not a timestamp"),
                Map.entry(7L, "column tz: 'yesterday' is not a timestamp"),
                Map.entry(8L, "column ts: '2024-03-15 13:45:30.1234567891' is not a timestamp"));
        assertThat(byId(t).keySet()).containsExactly(1L);
    }

    @Test
    void aJobMayAddDateTimeFormats() {
        String t = table("{\"name\":\"ts\",\"type\":\"timestamp\"},{\"name\":\"day\",\"type\":\"date\"}");
        JsonNode job = node.importCsv(t, "dateTimeFormat=dd/MM/yyyy%20HH:mm&dateTimeFormat=dd.MM.yyyy",
                "id,ts,day\n1,15/03/2024 13:45,01.02.2003\n2,2024-03-15 13:45,31.02.2003\n");
        assertThat(failures(job)).containsExactly(Map.entry(1L, "column day: '31.02.2003' is not a date"));
        JsonNode r = byId(t).get(1L);
        assertThat(r.get("ts").asText()).isEqualTo("2024-03-15T13:45:00");
        assertThat(r.get("day").asText()).isEqualTo("2003-02-01");
        // an invalid pattern is refused before anything is stored
        var bad = node.post("/v1/tables/" + t + "/imports?dateTimeFormat=qqqq-bogus", "text/csv", "id\n1\n",
                TestNode.ADMIN_KEY);
        assertThat(bad.status()).as("%s", bad).isEqualTo(422);
        assertThat(bad.body()).contains("qqqq-bogus");
    }

    @Test
    void uuidsAndJsonAndText() {
        String t = table("{\"name\":\"u\",\"type\":\"uuid\"},{\"name\":\"j\",\"type\":\"json\"},{\"name\":\"s\",\"type\":\"text\"}");
        JsonNode job = node.importCsv(t, "", """
                id,u,j,s
                1, 6BA7B810-9DAD-11D1-80B4-00C04FD430C8 ,"{""x"": {""y"": true}}",ünïcödé ✓
                2,,42,"line one
                line two"
                3,,\"""str\""",'single'
                4,6ba7b810-9dad-11d1-80b4-00c04fd430c,,
                5,{6ba7b810-9dad-11d1-80b4-00c04fd430c8},,
                6,,{x:1},
                7,,"[1, 2",
                8,,"1 2",
                """);
        assertThat(failures(job)).containsExactly(
                Map.entry(3L, "column u: '6ba7b810-9dad-11d1-80b4-00c04fd430c' is not a UUID"),
                Map.entry(4L, "column u: '{6ba7b810-9dad-11d1-80b4-00c04fd430c8}' is not a UUID"),
                Map.entry(5L, "column j: '{x:1}' is not valid JSON"),
                Map.entry(6L, "column j: '[1, 2' is not valid JSON"),
                Map.entry(7L, "column j: '1 2' is not valid JSON"));
        Map<Long, JsonNode> rows = byId(t);
        assertThat(rows.get(1L).get("u").asText()).isEqualTo("6ba7b810-9dad-11d1-80b4-00c04fd430c8");
        assertThat(rows.get(1L).get("j").toString()).isEqualTo("{\"x\":{\"y\":true}}");
        assertThat(rows.get(1L).get("s").asText()).isEqualTo("ünïcödé ✓");
        assertThat(rows.get(2L).get("j").asLong()).isEqualTo(42);
        assertThat(rows.get(2L).get("s").asText()).isEqualTo("line one\nline two");
        assertThat(rows.get(3L).get("j").asText()).isEqualTo("str");
        assertThat(rows.get(3L).get("s").asText()).isEqualTo("'single'");
    }

    @Test
    void jsonInputValuesAreCoercedByColumnType() {
        String t = table("""
                {"name":"n","type":"integer"},{"name":"d","type":"decimal","precision":8,"scale":2},
                {"name":"b","type":"boolean"},{"name":"s","type":"text"},{"name":"j","type":"json"}""");
        JsonNode job = node.importBody(t, "", "application/json", """
                [{"id":1,"n":42,"d":12.345,"b":true,"s":17,"j":{"k":[1,{"z":null}]}},
                 {"id":2,"n":"43","d":"1.5","b":"no","s":true,"j":[]},
                 {"id":3,"n":1.5},
                 {"id":4,"b":"maybe"},
                 {"id":5,"n":{"nested":1}},
                 {"id":6,"d":123456789}]""");
        Map<Long, String> failed = failures(job);
        assertThat(failed).containsOnlyKeys(2L, 3L, 4L, 5L);
        assertThat(failed.get(2L)).isEqualTo("column n: '1.5' is not an integer");
        assertThat(failed.get(3L)).isEqualTo("column b: 'maybe' is not a boolean");
        assertThat(failed.get(4L)).startsWith("column n: '{\"nested\":1}' is not an integer");
        assertThat(failed.get(5L)).isEqualTo("column d: '123456789' does not fit decimal(8,2)");
        Map<Long, JsonNode> rows = byId(t);
        assertThat(rows.get(1L).get("n").asLong()).isEqualTo(42);
        assertDecimal(rows.get(1L).get("d"), "12.35");
        assertThat(rows.get(1L).get("b").asBoolean()).isTrue();
        assertThat(rows.get(1L).get("s").asText()).isEqualTo("17");
        assertThat(rows.get(1L).get("j").toString()).isEqualTo("{\"k\":[1,{\"z\":null}]}");
        assertThat(rows.get(2L).get("n").asLong()).isEqualTo(43);
        assertDecimal(rows.get(2L).get("d"), "1.50");
        assertThat(rows.get(2L).get("b").asBoolean()).isFalse();
        assertThat(rows.get(2L).get("s").asText()).isEqualTo("true");
        assertThat(rows.get(2L).get("j").toString()).isEqualTo("[]");
    }

    @Test
    void aBadValueFailsOnlyItsRowAndTheResultNamesIndexColumnValueAndExpectation() {
        String t = table("{\"name\":\"name\",\"type\":\"text\"},{\"name\":\"score\",\"type\":\"integer\"}");
        JsonNode job = node.importCsv(t, "", "id,name,score\n1,a,10\n2,b,abc\n3,c,30\n");
        assertThat(job.at("/counts/failed").asLong()).isEqualTo(1);
        assertThat(job.at("/counts/inserted").asLong()).isEqualTo(2);
        List<JsonNode> results = node.results(job.get("id").asText());
        assertThat(results).hasSize(3);
        JsonNode bad = results.get(1);
        assertThat(bad.get("index").asLong()).isEqualTo(1);
        assertThat(bad.get("outcome").asText()).isEqualTo("failed");
        assertThat(bad.get("error").asText()).isEqualTo("column score: 'abc' is not an integer");
        assertThat(results.get(0).get("key").toString()).isEqualTo("{\"id\":\"1\"}");
        Map<Long, JsonNode> rows = byId(t);
        assertThat(rows.keySet()).containsExactly(1L, 3L);
        assertThat(rows.get(3L).get("score").asLong()).isEqualTo(30);
    }
}
