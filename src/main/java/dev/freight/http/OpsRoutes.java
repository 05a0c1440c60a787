package dev.freight.http;

import dev.freight.imports.Health;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /health}, {@code /metrics} and {@code /openapi.yaml}: no key needed. */
final class OpsRoutes {
    private final Health health;
    private final PrometheusMeterRegistry metrics;

    OpsRoutes(Health health, PrometheusMeterRegistry metrics) {
        this.health = health;
        this.metrics = metrics;
    }

    void register(RouteTable r) {
        r.get("/health", this::health);
        r.get("/metrics", this::metrics);
        r.get("/openapi.yaml", this::openapi);
    }

    /**
     * {@code up} (200), or {@code degraded} (503) while the database does not answer or jobs are
     * paused because it fails under them (busy, locked, restarting): the node itself is up and
     * resumes them once the database is back.
     */
    private void health(Context ctx) {
        boolean db = health.databaseAnswers();
        int paused = health.pausedJobs();
        boolean up = db && paused == 0;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", up ? "up" : "degraded");
        out.put("db", !db ? "down" : paused > 0 ? "failing" : "up");
        if (paused > 0) out.put("pausedJobs", paused);
        ctx.status(up ? 200 : 503).json(out);
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
