package dev.freight.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Json;
import dev.freight.ingest.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The builder sets each option by name, and the stored form stays the flat JSON older nodes wrote and read. */
class ImportSpecTest {

    @Test
    void everyOptionSetByNameIsStoredFlatAndReadBack() {
        ImportSpec spec = ImportSpec.builder(Format.CSV).mode(ImportMode.UPDATE).key(List.of("id"))
                .errorThreshold(ErrorThreshold.parse("5%")).delimiter(';').mapping(Map.of("a", "b"))
                .constants(Map.of("c", "1")).emptyOverwrites(true).ignoreUnknown(true).requireAllColumns(true)
                .atomic(true).lenient(true).resetAutonumber(true).dateTimeFormats(List.of("dd.MM.uuuu"))
                .contentEncoding("gzip", 1000).callback("http://127.0.0.1/cb", "yesmail-ticket").dryRun(true)
                .alternateKey(List.of("ext_id")).warnUnknown(true).build();
        JsonNode json = Json.MAPPER.valueToTree(spec);
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("mode", "key", "errorThreshold", "format", "delimiter", "mapping", "constants",
                "emptyOverwrites", "ignoreUnknown", "requireAllColumns", "atomic", "lenient", "resetAutonumber",
                "dateTimeFormats", "contentEncoding", "maxExpandedBytes", "callbackUrl", "callbackFormat", "dryRun", "alternateKey",
                "warnUnknown");
        for (String flag : List.of("emptyOverwrites", "ignoreUnknown", "requireAllColumns", "atomic", "lenient", "resetAutonumber",
                "dryRun", "warnUnknown")) {
            assertThat(json.get(flag).asBoolean()).as(flag).isTrue();
        }
        assertThat(Json.read(Json.write(spec), ImportSpec.class)).isEqualTo(spec);
        // a spec stored before alternateKey and warnUnknown existed reads with both off
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove(List.of("alternateKey", "warnUnknown"));
        ImportSpec old = Json.read(json.toString(), ImportSpec.class);
        assertThat(old.alternateKey()).isNull();
        assertThat(old.warnUnknown()).isFalse();
    }

    @Test
    void aSpecStoredBeforeDryRunsExistedReadsAsARealImport() {
        JsonNode json = Json.MAPPER.valueToTree(ImportSpec.builder(Format.CSV).atomic(true).dryRun(true).build());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).remove("dryRun");
        ImportSpec old = Json.read(json.toString(), ImportSpec.class);
        assertThat(old.dryRun()).isFalse();
        assertThat(old.atomic()).isTrue();
    }

    @Test
    void theDefaultsAreEveryOptionOff() {
        ImportSpec spec = ImportSpec.of(Format.JSON);
        assertThat(spec.mode()).isNull();
        assertThat(spec.key()).isNull();
        assertThat(spec.errorThreshold()).isEqualTo(ErrorThreshold.NONE);
        assertThat(spec.mappingOptions()).isEqualTo(new dev.freight.ingest.MappingOptions(null, Map.of(), Map.of(),
                false, false, false, false));
        assertThat(spec.atomic() || spec.resetAutonumber() || spec.dryRun()).isFalse();
        assertThat(spec.contentEncoding()).isNull();
        assertThat(spec.callbackUrl()).isNull();
    }
}
