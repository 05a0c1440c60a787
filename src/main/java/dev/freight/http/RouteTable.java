package dev.freight.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/** The one registration point for routes; it remembers them so a test can hold the OpenAPI document against them. */
public final class RouteTable {
    public record Route(String method, String path) {}

    private final Javalin app;
    private final List<Route> routes = new ArrayList<>();

    RouteTable(Javalin app) {
        this.app = app;
    }

    public void add(HandlerType method, String path, Handler handler) {
        app.addHttpHandler(method, path, handler);
        routes.add(new Route(method.name(), path));
    }

    public void get(String path, Handler h) {
        add(HandlerType.GET, path, h);
    }

    public void post(String path, Handler h) {
        add(HandlerType.POST, path, h);
    }

    /** HEAD of a GET route whose headers matter on their own (a table's ETag); the handler sees HEAD and skips its body. */
    public void head(String path, Handler h) {
        add(HandlerType.HEAD, path, h);
    }

    public void delete(String path, Handler h) {
        add(HandlerType.DELETE, path, h);
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }
}
