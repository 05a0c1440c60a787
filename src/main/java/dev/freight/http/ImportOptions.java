package dev.freight.http;

import java.util.List;
import java.util.Set;

/**
 * The query options of {@code POST /v1/tables/{table}/imports}, in one place: an option the
 * route reads must be listed here, and one that is not is a 400 ({@link QueryOptions}).
 */
final class ImportOptions {
    private ImportOptions() {}

    /** Every option by its exact name; an option not listed is a 400 naming it. */
    static final Set<String> NAMES = Set.of("mode", "key", "errorThreshold", "delimiter", "emptyOverwrites",
            "unknownColumns", "atomic", "name", "ref", "callbackUrl", "wait", "dateTimeFormat", "dryRun", "lenient",
            "resetAutonumber", "alternateKey");

    /** Options named by a prefix and a table column. */
    static final List<String> PREFIXES = List.of("map.", "const.");
}
