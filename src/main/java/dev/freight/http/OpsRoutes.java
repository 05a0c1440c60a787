package dev.freight.http;

import dev.freight.store.Store;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health}, {@code /metrics} and {@code /openapi.yaml}: no key needed. */
final class OpsRoutes {
    private final Store store;
    private final PrometheusMeterRegistry metrics;

    OpsRoutes(Store store, PrometheusMeterRegistry metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    void register(RouteTable r) {
        r.get("/health", this::health);
        r.get("/metrics", this::metrics);
        r.get("/openapi.yaml", this::openapi);
    }

    private void health(Context ctx) {
        boolean db = store.ping();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", db ? "up" : "down");
        out.put("db", db ? "up" : "down");
        ctx.status(db ? 200 : 503).json(out);
    }

    private void metrics(Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }

    private void openapi(Context ctx) throws IOException {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) throw ApiException.notFound("no OpenAPI document in this build");
            ctx.contentType("application/yaml").result(in.readAllBytes());
        }
    }
}
