package dev.freight.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A callback receiver on a raw socket, so that a test can make it answer as slowly as it likes:
 * it records each request (headers and body) and answers in one of a few ways.
 */
public final class Receiver implements AutoCloseable {
    /** How the receiver answers. */
    public enum Mode {
        /** 204 at once. */
        OK,
        /** 500 to the first request, 204 to the others. */
        FAIL_FIRST,
        /** Status line and headers at once, then the body one byte a second. */
        HEADERS_THEN_TRICKLE,
        /** The status line itself one byte a second. */
        STATUS_TRICKLE
    }

    /** One request as received; header names are lower case. */
    public record Request(String line, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final ServerSocket server;
    private final Mode mode;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Receiver(ServerSocket server, Mode mode) {
        this.server = server;
        this.mode = mode;
        Thread.ofVirtual().start(this::accept);
    }

    public static Receiver start(Mode mode) {
        return start(InetAddress.getLoopbackAddress(), mode);
    }

    public static Receiver start(InetAddress address, Mode mode) {
        return start(address, 0, mode);
    }

    /** A receiver on {@code address} and {@code port} (0: any free port). */
    public static Receiver start(InetAddress address, int port, Mode mode) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(address, port));
            return new Receiver(s, mode);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port><path>} (or the address it listens on). */
    public String url(String path) {
        return "http://" + server.getInetAddress().getHostAddress() + ":" + port() + path;
    }

    public List<Request> requests() {
        return requests;
    }

    /** Waits until {@code n} requests came, at most {@code millis}; whether they did. */
    public boolean await(int n, long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (requests.size() < n && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return requests.size() >= n;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            String line = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            String h;
            while (!(h = line(in)).isEmpty()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            int n;
            synchronized (requests) {
                requests.add(new Request(line, headers, body));
                n = requests.size();
            }
            OutputStream out = s.getOutputStream();
            switch (mode) {
                case OK -> out.write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                case FAIL_FIRST -> out.write((n == 1 ? "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"
                        : "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                case HEADERS_THEN_TRICKLE -> {
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 120\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    trickle(out, 120);
                }
                case STATUS_TRICKLE -> trickle(out, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            // the sender gave up on us: that is what some tests want
        }
    }

    private void trickle(OutputStream out, int bytes) throws IOException {
        byte[] b = new byte[bytes];
        java.util.Arrays.fill(b, (byte) 'x');
        trickle(out, b);
    }

    private void trickle(OutputStream out, byte[] bytes) throws IOException {
        for (byte b : bytes) {
            if (closed) return;
            out.write(b);
            out.flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
