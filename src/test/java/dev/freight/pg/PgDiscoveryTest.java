package dev.freight.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.store.StoreKind;
import dev.freight.testing.TestNode;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Tables made by another tool (psql) on PostgreSQL: discovered, described, imported into. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PgDiscoveryTest {
    private TestNode node;

    @BeforeAll
    void start() {
        node = TestNode.start(StoreKind.POSTGRESQL, 2, 3);
    }

    @AfterAll
    void stop() {
        if (node != null) node.close();
    }

    private static List<String> outcomes(List<JsonNode> results) {
        return results.stream().map(r -> r.get("outcome").asText()).toList();
    }

    private void assertSql(String query, String expected) {
        assertThat(node.sqlValue(query)).as(query).isEqualTo(expected);
    }

    private static JsonNode column(JsonNode table, String name) {
        return StreamSupport.stream(table.get("columns").spliterator(), false)
                .filter(c -> c.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + table));
    }

    @Test
    void psqlTableIsDiscoveredAndImportedIntoWithAForeignKeyViolationFailingOnlyItsRow() {
        node.sql("CREATE TABLE customers (id bigint PRIMARY KEY, name text)",
                "INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bob')",
                """
                CREATE TABLE orders (
                    region      text NOT NULL,
                    order_no    integer NOT NULL,
                    ext_ref     varchar(20),
                    amount      numeric(12,2) NOT NULL DEFAULT 0,
                    placed_at   timestamptz,
                    token       uuid NOT NULL DEFAULT gen_random_uuid(),
                    attrs       jsonb,
                    customer_id bigint REFERENCES customers (id),
                    PRIMARY KEY (region, order_no))""",
                "CREATE UNIQUE INDEX orders_ext_ref ON orders (ext_ref)");

        TestNode.Response r = node.get("/v1/tables/orders");
        assertThat(r.status()).isEqualTo(200);
        JsonNode t = r.json();
        assertThat(t.get("discovered").asBoolean()).isTrue();
        assertThat(t.get("primaryKey")).extracting(JsonNode::asText).containsExactly("region", "order_no");
        assertThat(t.get("uniqueKeys").toString()).isEqualTo("[[\"ext_ref\"]]");
        assertThat(column(t, "order_no").get("type").asText()).isEqualTo("integer");
        assertThat(column(t, "ext_ref").get("type").asText()).isEqualTo("text");
        JsonNode amount = column(t, "amount");
        assertThat(amount.get("type").asText()).isEqualTo("decimal");
        assertThat(amount.get("precision").asInt()).isEqualTo(12);
        assertThat(amount.get("scale").asInt()).isEqualTo(2);
        assertThat(amount.get("nullable").asBoolean()).isFalse();
        assertThat(new java.math.BigDecimal(amount.get("default").asText())).isEqualByComparingTo("0");
        assertThat(column(t, "placed_at").get("type").asText()).isEqualTo("timestamptz");
        assertThat(column(t, "token").get("type").asText()).isEqualTo("uuid");
        assertThat(column(t, "token").get("default").asText()).isEqualTo("gen_random_uuid()");
        assertThat(column(t, "attrs").get("type").asText()).isEqualTo("json");
        assertThat(column(t, "customer_id").get("type").asText()).isEqualTo("integer");

        // chunks of 3: the bad row opens the second chunk
        String csv = """
                region,order_no,ext_ref,amount,placed_at,attrs,customer_id
                eu,1,A-1,10.5,2024-03-01T10:00:00+02:00,"{""b"": 1, ""a"": [1, 2]}",1
                eu,2,A-2,20,2024-03-02 08:00:00,,2
                us,1,B-1,1.25,,"{""tab"": ""x\\ty""}",
                us,2,B-2,3,,,99
                us,3,B-3,4,,,1
                """;
        JsonNode job = node.importCsv("orders", "mode=upsert", csv);
        assertThat(job.get("state").asText()).isEqualTo("completed");
        List<JsonNode> res = node.results(job.get("id").asText());
        assertThat(outcomes(res)).containsExactly("inserted", "inserted", "inserted", "failed", "inserted");
        assertThat(res.get(3).get("error").asText()).contains("rejected by the database").contains("foreign key")
                .contains("customer_id");
        assertThat(res.get(3).get("key").toString()).contains("us").contains("2");

        List<JsonNode> rows = node.records("orders");
        assertThat(rows).hasSize(4);
        JsonNode eu1 = rows.stream().filter(x -> x.get("region").asText().equals("eu") && x.get("order_no").asLong() == 1)
                .findFirst().orElseThrow();
        assertThat(eu1.get("amount").decimalValue()).isEqualByComparingTo("10.50");
        assertThat(eu1.get("placed_at").asText()).startsWith("2024-03-01T08:00:00");
        assertThat(eu1.get("token").asText()).hasSize(36); // the database's default
        assertThat(eu1.get("attrs").get("a").get(1).asInt()).isEqualTo(2);

        // the same rows again: jsonb comes back normalised, still nothing changed
        JsonNode again = node.importCsv("orders", "mode=upsert", csv);
        assertThat(outcomes(node.results(again.get("id").asText())))
                .containsExactly("unchanged", "unchanged", "unchanged", "failed", "unchanged");

        // match on the unique index instead of the primary key
        JsonNode byRef = node.importCsv("orders", "mode=update&key=ext_ref", "ext_ref,amount\nA-2,21\nZ-9,1\n");
        assertThat(outcomes(node.results(byRef.get("id").asText()))).containsExactly("updated", "ignored");
        assertSql("SELECT amount FROM orders WHERE ext_ref = 'A-2'", "21.00");
    }

    @Test
    void unsupportedColumnTypesAreReportedAndLeftOut() {
        node.sql("CREATE TABLE blobs (id integer PRIMARY KEY, data bytea, tags text[], spot point, label text)");
        JsonNode t = node.get("/v1/tables/blobs").json();
        assertThat(t.get("columns")).extracting(c -> c.get("name").asText()).containsExactly("id", "label");
        List<String> problems = node.node().store().tableProblems("default", "blobs");
        assertThat(problems).containsExactly(
                "column data has type bytea, which Freight cannot import into",
                "column tags has type text[], which Freight cannot import into",
                "column spot has type point, which Freight cannot import into");
        JsonNode job = node.importCsv("blobs", "", "id,label\n1,one\n");
        assertThat(outcomes(node.results(job.get("id").asText()))).containsExactly("inserted");
    }

    @Test
    void columnAddedWithAlterTableIsSeenByTheNextImport() {
        node.createTable("""
                {"name":"evolving","columns":[{"name":"id","type":"integer"},{"name":"name","type":"text"}],
                 "primaryKey":["id"]}""");
        node.importCsv("evolving", "", "id,name\n1,a\n2,b\n");
        node.sql("ALTER TABLE evolving ADD COLUMN note text, ADD COLUMN score numeric(5,1) DEFAULT 1.5");
        JsonNode job = node.importCsv("evolving", "", "id,note\n1,later\n3,new\n");
        assertThat(outcomes(node.results(job.get("id").asText()))).containsExactly("updated", "inserted");
        List<JsonNode> rows = node.records("evolving");
        assertThat(rows).extracting(x -> x.get("note").asText(null)).containsExactly("later", null, "new");
        assertThat(rows.get(2).get("score").decimalValue()).isEqualByComparingTo("1.5");
    }

    @Test
    void workspacesAreSchemasAndSeeOnlyTheirOwnTables() {
        TestNode.Response k = node.postJson("/v1/keys", "{\"workspace\":\"acme\",\"role\":\"admin\"}");
        assertThat(k.status()).isEqualTo(201);
        String acme = k.json().get("key").asText();
        node.createTable("""
                {"name":"items","columns":[{"name":"id","type":"integer"},{"name":"v","type":"text"}],"primaryKey":["id"]}""");
        TestNode.Response made = node.postJson("/v1/tables", """
                {"name":"items","columns":[{"name":"sku","type":"text"},{"name":"qty","type":"integer"}],
                 "primaryKey":["sku"]}""", acme);
        assertThat(made.status()).isEqualTo(201);
        node.importCsv("items", "", "id,v\n1,default-row\n");
        TestNode.Response imp = node.post("/v1/tables/items/imports?wait=30", "text/csv", "sku,qty\nx,5\ny,6\n", acme);
        assertThat(imp.json().get("state").asText()).as("wait=30 answers with the final job").isEqualTo("completed");

        assertSql("SELECT count(*) FROM public.items", "1");
        assertSql("SELECT count(*) FROM acme.items", "2");
        assertThat(node.get("/v1/tables/items", acme).json().get("primaryKey").get(0).asText()).isEqualTo("sku");
        assertThat(node.get("/v1/tables/items").json().get("primaryKey").get(0).asText()).isEqualTo("id");
        // a table only in default is not visible to acme; acme's job is not visible to default
        node.sql("CREATE TABLE only_default (id integer PRIMARY KEY)");
        assertThat(node.get("/v1/tables/only_default", acme).status()).isEqualTo(404);
        assertThat(node.get("/v1/jobs/" + imp.json().get("id").asText()).status()).isEqualTo(404);
    }

    @Test
    void workspaceNamesThatWouldReachOtherSchemasAreRefused() {
        for (String reserved : List.of("freight", "public", "pg_catalog", "information_schema")) {
            assertThatThrownBy(() -> node.node().store().ensureWorkspace(reserved))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        }
        assertThat(node.node().store().tables("default")).extracting(x -> x.name()).doesNotContain("jobs", "keys");
    }

    @Test
    void tableCreatedThroughTheApiHasNativeTypes() {
        node.createTable("""
                {"name":"typed","columns":[{"name":"id","type":"integer"},{"name":"d","type":"decimal","precision":8,"scale":3},
                 {"name":"b","type":"boolean","default":"true"},{"name":"day","type":"date"},{"name":"at","type":"timestamp"},
                 {"name":"atz","type":"timestamptz"},{"name":"u","type":"uuid"},{"name":"j","type":"json"},
                 {"name":"s","type":"text","default":"it's"}],"primaryKey":["id"]}""");
        assertSql("""
                SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY ordinal_position)
                FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'typed'""",
                "id:bigint,d:numeric,b:boolean,day:date,at:timestamp without time zone,atz:timestamp with time zone,"
                        + "u:uuid,j:jsonb,s:text");
        JsonNode job = node.importBody("typed", "", "application/json", """
                [{"id":1,"d":"1.5","day":"2024-02-29","at":"2024-02-29 23:59:59.123456","atz":"2024-02-29T23:00:00-05:00",
                  "u":"0e4f8a52-6b9e-4c1a-9d0b-5c6f3f1e2a7b","j":{"k":[true,null]},"s":"tab\\there, \\\\N and \\\\ backslash\\nnewline"}]""");
        assertThat(outcomes(node.results(job.get("id").asText()))).containsExactly("inserted");
        assertSql("SELECT d::text || '|' || b || '|' || day || '|' || at || '|' || (atz AT TIME ZONE 'UTC') || '|' || u"
                        + " || '|' || j::text FROM typed",
                "1.500|true|2024-02-29|2024-02-29 23:59:59.123456|2024-03-01 04:00:00|0e4f8a52-6b9e-4c1a-9d0b-5c6f3f1e2a7b"
                        + "|{\"k\": [true, null]}");
        assertSql("SELECT s FROM typed", "tab\there, \\N and \\ backslash\nnewline");
        JsonNode again = node.importBody("typed", "", "application/json", """
                [{"id":1,"d":"1.500","atz":"2024-03-01T04:00:00Z","j":{"k":[true,null]}}]""");
        assertThat(outcomes(node.results(again.get("id").asText()))).containsExactly("unchanged");
    }
}
