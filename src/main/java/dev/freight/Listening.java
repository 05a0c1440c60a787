package dev.freight;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether a node can listen where it is told to, said in one line: checked before the node opens
 * its store, so that a second start on a port in use changes nothing (no key made, no SQLite
 * job taken back from the node that runs).
 */
final class Listening {
    private Listening() {}

    /** Why {@code host:port} cannot be listened on, or null when it can (port 0 always can). */
    static String taken(String host, int port) {
        if (port == 0) return null;
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true); // as Jetty binds: a port left in TIME_WAIT is free
            s.bind(new InetSocketAddress(host, port));
            return null;
        } catch (BindException e) {
            return said(e, host, port);
        } catch (IOException | RuntimeException e) {
            return null; // let the server's own start say what is wrong
        }
    }

    /** The one line for a start that failed to bind, or null when {@code failure} is something else. */
    static String bindFailure(Throwable failure, String host, int port) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BindException b) return said(b, host, port);
            if (t.getClass().getSimpleName().equals("JavalinBindException")) return said(null, host, port);
        }
        return null;
    }

    private static String said(BindException e, String host, int port) {
        String why = e == null || e.getMessage() == null ? "Address already in use" : e.getMessage();
        String hint = why.toLowerCase(java.util.Locale.ROOT).contains("in use")
                ? " (another Freight node or program listens there: stop it, or give this node another --port)"
                : " (--host must be an address of this machine)";
        return "cannot listen on " + host + ":" + port + ": " + why + hint;
    }
}
