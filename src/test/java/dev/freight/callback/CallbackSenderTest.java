package dev.freight.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery over https connects to the checked address while TLS still names the URL's host:
 * SNI carries it, and the certificate must be for it. The receiver is a TLS server on 127.0.0.1
 * whose certificate is for {@code hooks.tls.test} only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackSenderTest {
    private static final String HOST = "hooks.tls.test";
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final List<String> serverNames = new CopyOnWriteArrayList<>();
    private final List<String> requestHeads = new CopyOnWriteArrayList<>();
    private SSLServerSocket server;
    private SSLContext trusting;

    @BeforeAll
    void startTlsReceiver(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("hooks.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hooks", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + HOST,
                "-ext", "SAN=dns:" + HOST, "-validity", "2", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext serverTls = SSLContext.getInstance("TLS");
        serverTls.init(kmf.getKeyManagers(), null, null);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        server = (SSLServerSocket) serverTls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                SSLSocket s = (SSLSocket) server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.startHandshake();
            for (var n : ((ExtendedSSLSession) s.getSession()).getRequestedServerNames()) {
                serverNames.add(((SNIHostName) n).getAsciiName());
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return;
                head.write(b);
            }
            requestHeads.add(head.toString(StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // a client that refused our certificate
        }
    }

    @AfterAll
    void stop() throws IOException {
        server.close();
        watchdog.shutdownNow();
    }

    private CallbackTargets.Target target(String host) {
        return new CallbackTargets.Target(URI.create("https://" + host + ":" + server.getLocalPort() + "/in?a=b"),
                List.of(InetAddress.getLoopbackAddress()));
    }

    @Test
    void connectsToTheCheckedAddressWithTheUrlsHostAsSniAndInTheCertificateCheck() throws Exception {
        CallbackSender sender = new CallbackSender(trusting, watchdog, Duration.ofSeconds(5));
        assertThat(sender.post(target(HOST), "{}".getBytes(StandardCharsets.UTF_8), Map.of("Freight-Delivery", "d1"))).isEqualTo(204);
        assertThat(serverNames).contains(HOST);
        assertThat(requestHeads).anySatisfy(h -> assertThat(h).startsWith("POST /in?a=b HTTP/1.1\r\n")
                .contains("\r\nHost: " + HOST + ":" + server.getLocalPort() + "\r\n").contains("\r\nFreight-Delivery: d1\r\n"));
    }

    @Test
    void aCertificateForAnotherHostIsRefused() {
        CallbackSender sender = new CallbackSender(trusting, watchdog, Duration.ofSeconds(5));
        int before = requestHeads.size();
        assertThatThrownBy(() -> sender.post(target("other.tls.test"), new byte[0], Map.of()))
                .isInstanceOf(CallbackSender.Failure.class).hasMessageContaining("certificate is for another host");
        assertThat(requestHeads).hasSize(before);
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        CallbackSender sender = new CallbackSender(SSLContext.getDefault(), watchdog, Duration.ofSeconds(5));
        assertThatThrownBy(() -> sender.post(target(HOST), new byte[0], Map.of()))
                .isInstanceOf(CallbackSender.Failure.class).hasMessageContaining("not trusted")
                .hasMessageNotContaining("sun.").hasMessageNotContaining("Exception");
    }
}
