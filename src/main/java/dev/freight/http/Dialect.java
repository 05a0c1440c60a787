package dev.freight.http;

import io.javalin.http.Context;

/**
 * A vendor API served beside the native one (packages under {@code compat/}). It registers its
 * routes through the one {@link RouteTable}, under its own prefix, outside the {@code /v1} key
 * check: each dialect authenticates the vendor's way and answers errors in the vendor's bodies
 * ({@link DialectSupport}), so none of its exceptions should reach the problem+json mapping.
 */
public interface Dialect {
    void register(RouteTable routes);

    /** The path prefix of every route of the dialect ({@code /rest/}); matched ignoring case. */
    String prefix();

    /**
     * Answers an error in the vendor's body, with the exception's headers: the server calls it
     * for what no route of the dialect answers (an unknown path, a wrong method).
     */
    void answer(Context ctx, ApiException e);
}
