package dev.freight.http;

import dev.freight.Json;
import dev.freight.auth.ApiKey;
import dev.freight.imports.Imports;
import dev.freight.imports.Refused;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTTP server: one Javalin app, every route registered through {@link RouteTable}, errors mapped here, the console at /. */
public final class Server implements AutoCloseable {

    private final Javalin app;
    private final RouteTable routes;

    public Server(Imports imports, PrometheusMeterRegistry metrics, long maxBody, List<Dialect> dialects) {
        this.app = Javalin.create(config -> {
            config.useVirtualThreads = true;
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.MAPPER, false));
            config.router.ignoreTrailingSlashes = true;
            // Yesmail's paths are case-insensitive; the /v1 key check matches the same way, so it still covers /V1/…
            config.router.caseInsensitiveRoutes = true;
            config.http.disableCompression();
            config.http.prefer405over404 = true; // a path that exists with another method: 405 with Allow
            config.jetty.multipartConfig.maxTotalRequestSize(maxBody, io.javalin.config.SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(maxBody, io.javalin.config.SizeUnit.BYTES);
            Console.serve(config); // the web console at /
        });
        app.before("/v1/*", ctx -> {
            ApiKey key = imports.keys().find(Auth.bearer(ctx));
            if (key == null) throw ApiException.unauthorized("missing or unknown API key: send Authorization: Bearer <key>");
            ctx.attribute(Auth.ATTRIBUTE, key);
        });
        app.exception(ApiException.class, (e, ctx) -> problem(ctx, e));
        app.exception(Refused.class, (e, ctx) -> problem(ctx, ApiException.of(e)));
        // no route for the path (404) or not for this method (405): in the error shape of the API the path belongs to
        app.exception(HttpResponseException.class, (e, ctx) -> {
            Dialect owner = dialects.stream().filter(d -> ctx.path().regionMatches(true, 0, d.prefix(), 0, d.prefix().length()))
                    .findFirst().orElse(null);
            ApiException answer = Failures.routing(ctx, e, owner != null);
            if (owner != null) owner.answer(ctx, answer);
            else problem(ctx, answer);
        });
        app.exception(Exception.class, (e, ctx) -> problem(ctx, Failures.answer(ctx, e)));
        app.after(ctx -> io.micrometer.core.instrument.Counter.builder("freight_http_requests")
                .description("HTTP requests answered, by status").tag("status", Integer.toString(ctx.statusCode()))
                .register(metrics).increment());
        routes = new RouteTable(app);
        new OpsRoutes(imports.health(), metrics).register(routes);
        new KeyRoutes(imports.keys()).register(routes);
        new CallbackSecretRoutes(imports.keys()).register(routes);
        new InferRoutes(imports.inference(), maxBody).register(routes); // before /v1/tables/{table}
        new TableRoutes(imports.tables()).register(routes);
        new ImportRoutes(imports, maxBody).register(routes);
        new JobRoutes(imports).register(routes);
        new RecordRoutes(imports.tables()).register(routes);
        new FilteredRecordRoutes(imports.tables(), imports.matches()).register(routes);
        for (Dialect d : dialects) d.register(routes);
    }

    static void problem(Context ctx, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", e.title());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        if (!e.errors().isEmpty()) body.put("errors", e.errors());
        e.headers().forEach(ctx::header);
        ctx.status(e.status());
        ctx.contentType("application/problem+json");
        // as bytes: result(String) would encode with the response charset, ISO-8859-1 when none is named
        ctx.result(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    public Server start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    public List<RouteTable.Route> routes() {
        return routes.routes();
    }

    @Override
    public void close() {
        app.stop();
    }
}
