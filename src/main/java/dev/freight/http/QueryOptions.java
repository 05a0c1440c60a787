package dev.freight.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;

/**
 * The query options a route takes. Any other is a 400 naming it, never silently ignored: an
 * option a client believes in (a misspelt {@code dryrun=true}, an option of a newer version)
 * would otherwise change nothing, or worse, let a job apply what the client meant to try.
 */
final class QueryOptions {
    private QueryOptions() {}

    /**
     * @param names    the options taken, exactly as spelt
     * @param prefixes options taken by prefix ({@code map.}), with any suffix
     * @param where    the route, for the message ("an import", "POST /v1/tables")
     * @param hint     said after the options taken (e.g. what to do instead); empty for none
     */
    static void requireKnown(Context ctx, Set<String> names, List<String> prefixes, String where, String hint) {
        for (String option : ctx.queryParamMap().keySet()) {
            if (names.contains(option) || prefixes.stream().anyMatch(option::startsWith)) continue;
            String near = names.stream().filter(option::equalsIgnoreCase).findFirst().orElse(null);
            String taken = names.isEmpty() && prefixes.isEmpty() ? "it takes no query options"
                    : "it takes " + String.join(", ", names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList())
                    + (prefixes.isEmpty() ? "" : ", " + String.join(", ", prefixes.stream().map(p -> p + "<column>").toList()));
            throw ApiException.badRequest(option, "unknown option " + option + " for " + where
                    + (near != null ? " (did you mean " + near + "?)" : "") + ": " + taken + hint);
        }
    }
}
