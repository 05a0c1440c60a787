package dev.freight.callback;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * One callback POST over HTTP/1.1, to an address {@link CallbackTargets} checked: the connection
 * goes to that address (no second lookup), while the Host header, TLS's server name (SNI) and the
 * certificate check use the URL's host. A delivery needs only the answer's status line, so it
 * reads nothing after it; the whole exchange (connect, TLS, request, status line) has one
 * deadline, after which the socket is closed under whatever step is waiting. The JDK's
 * HttpClient can do neither: it looks the host up again itself, and its timeout ends at the
 * headers, not at a body that trickles in.
 */
final class CallbackSender {
    private static final int MAX_STATUS_BYTES = 16 * 1024;

    /** A delivery that did not get a 2xx, in words a person can act on. */
    static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    private final SSLContext tls;
    private final ScheduledExecutorService watchdog;
    private final Duration timeout;

    CallbackSender(SSLContext tls, ScheduledExecutorService watchdog, Duration timeout) {
        this.tls = tls;
        this.watchdog = watchdog;
        this.timeout = timeout;
    }

    /** POSTs {@code body} with {@code headers} to the target; returns the 2xx status, or throws why not. */
    int post(CallbackTargets.Target target, byte[] body, Map<String, String> headers) throws Failure {
        URI url = target.url();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : https ? 443 : 80;
        long deadline = System.nanoTime() + timeout.toNanos();
        Failure last = null;
        for (InetAddress address : target.addresses()) {
            Socket socket = new Socket();
            ScheduledFuture<?> kill = watchdog.schedule(() -> close(socket), remaining(deadline), TimeUnit.NANOSECONDS);
            try {
                try {
                    socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, remaining(deadline) / 1_000_000));
                } catch (IOException e) {
                    last = failure("cannot connect to " + address.getHostAddress() + " port " + port, e, deadline);
                    continue; // every address was checked: try the next
                }
                return exchange(https ? tls(socket, url.getHost(), port) : socket, url, port, https, body, headers, deadline);
            } catch (IOException e) {
                throw failure("the delivery to " + address.getHostAddress() + " failed", e, deadline);
            } finally {
                kill.cancel(false);
                close(socket);
            }
        }
        throw last != null ? last : new Failure("no address to connect to");
    }

    private Socket tls(Socket plain, String host, int port) throws IOException {
        // a host name here makes JSSE send it as SNI; the endpoint check holds the certificate to it
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = s.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static int exchange(Socket s, URI url, int port, boolean https, byte[] body, Map<String, String> headers,
                                long deadline) throws IOException, Failure {
        String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        boolean defaultPort = port == (https ? 443 : 80);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Host", url.getHost() + (defaultPort ? "" : ":" + port));
        all.put("User-Agent", "Freight-Callbacks/1");
        all.put("Content-Type", "application/json");
        all.put("Content-Length", Integer.toString(body.length));
        all.putAll(headers);
        all.put("Connection", "close");
        StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
        all.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
        InputStream in = s.getInputStream();
        int read = 0;
        while (true) {
            String line = line(s, in, deadline);
            read += line.length();
            if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
                throw new Failure("the receiver's answer is not HTTP/1.x");
            }
            int status;
            try {
                status = Integer.parseInt(line.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new Failure("the receiver's answer has no status code");
            }
            if (status >= 200 && status < 300) return status;
            if (status >= 200 || status == 101) throw new Failure("HTTP " + status);
            // 1xx (103 Early Hints): its headers, then the real answer
            String h;
            while (!(h = line(s, in, deadline)).isEmpty()) {
                read += h.length();
                if (read > MAX_STATUS_BYTES) throw new Failure("the receiver's answer does not end its informational headers");
            }
        }
    }

    /** One line of the answer without its CRLF, read under the deadline. */
    private static String line(Socket s, InputStream in, long deadline) throws IOException, Failure {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            long left = remaining(deadline) / 1_000_000;
            if (left <= 0) throw new SocketTimeoutException();
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
            int b = in.read();
            if (b < 0) throw new Failure("the receiver closed the connection without an answer");
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
            if (line.size() > MAX_STATUS_BYTES) throw new Failure("the receiver's status line is too long");
        }
    }

    /** What went wrong in words: the job shows it, so no exception's own text (TLS's names its classes). */
    private Failure failure(String what, IOException e, long deadline) {
        if (remaining(deadline) <= 0 || e instanceof SocketTimeoutException) {
            return new Failure("the receiver did not answer within " + timeout.toMillis() / 1000.0 + " s");
        }
        String m = e.getMessage() == null ? "" : e.getMessage();
        String why;
        if (e instanceof javax.net.ssl.SSLException) {
            why = m.contains("PKIX") ? "its TLS certificate is not trusted"
                    : m.contains("No subject alternative") || m.contains("No name matching") ? "its TLS certificate is for another host"
                    : "the TLS handshake failed";
        } else if (e instanceof java.net.ConnectException) {
            why = "the connection was refused";
        } else if (e instanceof java.net.SocketException) {
            why = m.toLowerCase(java.util.Locale.ROOT).contains("reset") ? "the connection was reset" : "the connection failed";
        } else {
            why = "the connection failed";
        }
        return new Failure(what + ": " + why);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static void close(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing is all that is left to do
        }
    }
}
