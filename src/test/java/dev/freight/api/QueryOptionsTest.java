package dev.freight.api;

import static dev.freight.api.StatusCodesTest.problem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import org.junit.jupiter.api.Test;

/** An option a route does not take is a 400 naming it, never silently ignored (a "dry run" that applied would lose data). */
class QueryOptionsTest extends StoreSuite {

    private String table() {
        String t = unique("opts");
        node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"n\",\"type\":\"integer\"},{\"name\":\"c\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
        return t;
    }

    private TestNode.Response importCsv(String t, String query) {
        return node.post("/v1/tables/" + t + "/imports?" + query, "text/csv", "id,n\n1,1\n", TestNode.ADMIN_KEY);
    }

    private int jobs(String t) {
        return node.get("/v1/jobs?table=" + t).json().get("items").size();
    }

    @Test
    void anUnknownImportOptionIsA400NamingIt() {
        String t = table();
        JsonNode p = problem(importCsv(t, "mode=upsert&bogus=1"), 400, "bogus");
        assertThat(p.get("detail").asText()).contains("unknown option bogus").contains("mode").contains("map.<column>");
        JsonNode near = problem(importCsv(t, "dryrun=true"), 400, "dryrun");
        assertThat(near.get("detail").asText()).contains("did you mean dryRun?");
        problem(importCsv(t, "Mode=insert"), 400, "Mode");
        assertThat(jobs(t)).isZero();
        assertThat(node.records(t)).isEmpty();
        // every documented option, map. and const. still pass
        JsonNode ok = importCsv(t, "mode=upsert&key=id&errorThreshold=1&delimiter=,&emptyOverwrites=false&unknownColumns=reject"
                + "&atomic=false&name=a&ref=b&wait=10&dateTimeFormat=dd.MM.yyyy&map.n=n&const.c=5&dryRun=false").json();
        assertThat(ok.get("state").asText()).as("%s", ok).isEqualTo("completed");
    }

    @Test
    void aDryRunIsAKnownOptionThatAppliesNothing() {
        String t = table();
        JsonNode job = importCsv(t, "dryRun=true&wait=10").json();
        assertThat(job.get("dryRun").asBoolean()).as("%s", job).isTrue();
        assertThat(job.get("state").asText()).isEqualTo("completed");
        assertThat(node.records(t)).isEmpty();
        problem(importCsv(t, "dryrun=true"), 400, "dryrun");
        assertThat(node.records(t)).isEmpty();
    }

    @Test
    void aTableIsMadeInTheKeysOwnWorkspaceAndAWorkspaceOptionIsRefused() {
        String t = unique("elsewhere");
        TestNode.Response r = node.postJson("/v1/tables?workspace=acme",
                "{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}]}");
        JsonNode p = problem(r, 400, "workspace");
        assertThat(p.get("detail").asText()).contains("unknown option workspace").contains("key's own workspace (default)");
        problem(node.get("/v1/tables/" + t), 404);
    }
}
