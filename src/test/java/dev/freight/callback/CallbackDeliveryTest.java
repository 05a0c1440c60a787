package dev.freight.callback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.freight.Config;
import dev.freight.Json;
import dev.freight.testing.Receiver;
import dev.freight.testing.StoreSuite;
import dev.freight.testing.TestNode;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Callback delivery on every store: workspaces do not wait for each other's receivers, each
 * delivery has a deadline, every delivery is signed with its workspace's rotatable secret, and
 * only the addresses checked are ever connected to.
 */
class CallbackDeliveryTest extends StoreSuite {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern SIGNATURE = Pattern.compile("t=(\\d+)((?:,v1=[0-9a-f]{64})+)");

    @Override
    protected Config configure(Config c) {
        return c.withCallbackSchedule(List.of(Duration.ofMillis(200), Duration.ofMillis(200))).withCallbackTimeout(TIMEOUT);
    }

    private record Workspace(String name, String key, String table) {}

    private Workspace workspace() {
        String ws = unique("hooks");
        String key = node.newKey(ws, "admin").secret();
        String t = unique("t");
        assertThat(node.postJson("/v1/tables", "{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}",
                key).status()).isEqualTo(201);
        return new Workspace(ws, key, t);
    }

    /** Imports one row with a callback; the job's id. */
    private String importWithCallback(Workspace w, String url) {
        TestNode.Response r = node.post("/v1/tables/" + w.table() + "/imports?callbackUrl=" + URLEncoder.encode(url, StandardCharsets.UTF_8),
                "text/csv", "id\n1\n", w.key());
        assertThat(r.status()).as("%s", r).isIn(200, 202);
        return r.json().get("id").asText();
    }

    /** The job's callback once its state is one of {@code states}, waiting at most {@code millis}. */
    private JsonNode callback(Workspace w, String job, long millis, String... states) {
        long deadline = System.currentTimeMillis() + millis;
        JsonNode c;
        do {
            c = node.get("/v1/jobs/" + job, w.key()).json().path("callback");
            if (List.of(states).contains(c.path("state").asText())) return c;
            sleep(25);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("callback of job " + job + " not " + List.of(states) + " within " + millis + " ms: " + c);
    }

    // ---------------------------------------------------------------- lanes and deadlines

    @Test
    void aSlowReceiverInOneWorkspaceHoldsUpNoOtherWorkspacesCallback() {
        try (Receiver slow = Receiver.start(Receiver.Mode.HEADERS_THEN_TRICKLE); Receiver normal = Receiver.start(Receiver.Mode.OK)) {
            Workspace a = workspace();
            Workspace b = workspace();
            importWithCallback(a, slow.url("/hook"));
            assertThat(slow.await(1, 20_000)).as("the slow receiver got its delivery").isTrue();
            String jobB = importWithCallback(b, normal.url("/hook"));
            // the slow receiver sends its body a byte a second for two minutes; b's callback must not wait for it
            assertThat(callback(b, jobB, 8_000, "delivered").get("attempts").asInt()).isEqualTo(1);
            assertThat(normal.requests()).hasSize(1);
        }
    }

    @Test
    void aDeliveryEndsAtItsDeadlineAndIsRetried() {
        try (Receiver silent = Receiver.start(Receiver.Mode.STATUS_TRICKLE)) {
            Workspace a = workspace();
            long start = System.currentTimeMillis();
            String job = importWithCallback(a, silent.url("/hook"));
            JsonNode c = callback(a, job, 10_000, "retrying", "failed");
            assertThat(c.get("error").asText()).contains("did not answer within 2.0 s");
            assertThat(System.currentTimeMillis() - start).isLessThan(10_000);
        }
    }

    // ---------------------------------------------------------------- signatures

    private static void verify(Receiver.Request r, List<String> secrets) {
        String header = r.header(CallbackSignature.SIGNATURE);
        Matcher m = SIGNATURE.matcher(header == null ? "" : header);
        assertThat(m.matches()).as("Freight-Signature %s", header).isTrue();
        long t = Long.parseLong(m.group(1));
        assertThat(r.header(CallbackSignature.TIMESTAMP)).isEqualTo(m.group(1));
        assertThat(Math.abs(Instant.now().getEpochSecond() - t)).isLessThan(300);
        List<String> given = new ArrayList<>();
        for (String part : m.group(2).substring(1).split(",")) given.add(part.substring(3));
        List<String> expected = new ArrayList<>();
        for (String s : secrets) expected.add(CallbackSignature.hmac(s, t, r.body()));
        assertThat(given).isEqualTo(expected);
        assertThat(r.header(CallbackSignature.DELIVERY)).matches("[0-9a-f-]{36}");
    }

    @Test
    void everyDeliveryIsSignedWithItsWorkspacesSecret() {
        try (Receiver receiver = Receiver.start(Receiver.Mode.FAIL_FIRST)) {
            Workspace a = workspace();
            TestNode.Response shown = node.get("/v1/callback-secret", a.key());
            assertThat(shown.status()).as("%s", shown).isEqualTo(200);
            String secret = shown.json().get("secret").asText();
            assertThat(secret).startsWith("fcs_").hasSize(44);
            assertThat(shown.json().get("workspace").asText()).isEqualTo(a.name());
            // shown once
            TestNode.Response again = node.get("/v1/callback-secret", a.key());
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.body()).doesNotContain(secret);

            String job = importWithCallback(a, receiver.url("/hook?x=1"));
            JsonNode c = callback(a, job, 20_000, "delivered");
            assertThat(c.get("attempts").asInt()).isEqualTo(2);
            assertThat(receiver.requests()).hasSize(2);
            for (Receiver.Request r : receiver.requests()) {
                assertThat(r.line()).isEqualTo("POST /hook?x=1 HTTP/1.1");
                verify(r, List.of(secret));
                assertThat(Json.read(r.text(), Map.class).get("id")).isEqualTo(job);
            }
            // one delivery id for every attempt of a job's delivery, and it is on the job
            assertThat(receiver.requests().get(1).header(CallbackSignature.DELIVERY))
                    .isEqualTo(receiver.requests().get(0).header(CallbackSignature.DELIVERY)).isEqualTo(c.get("deliveryId").asText());

            // another workspace signs with its own secret
            Workspace b = workspace();
            String jobB = importWithCallback(b, receiver.url("/b"));
            callback(b, jobB, 20_000, "delivered");
            String secretB = node.get("/v1/callback-secret", b.key()).json().get("secret").asText();
            assertThat(secretB).isNotEqualTo(secret);
            verify(receiver.requests().get(2), List.of(secretB));
        }
    }

    @Test
    void aRotatedSecretSignsAtOnceAndThePreviousOneForTheGracePeriod() {
        try (Receiver receiver = Receiver.start(Receiver.Mode.OK)) {
            Workspace a = workspace();
            String first = node.get("/v1/callback-secret", a.key()).json().get("secret").asText();
            TestNode.Response rotated = node.send("POST", "/v1/callback-secret/rotate", a.key(), Map.of(), null);
            assertThat(rotated.status()).as("%s", rotated).isEqualTo(200);
            String second = rotated.json().get("secret").asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(Instant.parse(rotated.json().get("previousValidUntil").asText())).isAfter(Instant.now().plusSeconds(86_000));
            callback(a, importWithCallback(a, receiver.url("/1")), 20_000, "delivered");
            verify(receiver.requests().get(0), List.of(second, first));

            String third = node.send("POST", "/v1/callback-secret/rotate?previousValidFor=0", a.key(), Map.of(), null)
                    .json().get("secret").asText();
            callback(a, importWithCallback(a, receiver.url("/2")), 20_000, "delivered");
            verify(receiver.requests().get(1), List.of(third));
            assertThat(node.get("/v1/callback-secret", a.key()).status()).isEqualTo(409); // a rotation shows its secret

            String write = node.newKey(a.name(), "write").secret();
            assertThat(node.get("/v1/callback-secret", write).status()).isEqualTo(403);
            assertThat(node.send("POST", "/v1/callback-secret/rotate", write, Map.of(), null).status()).isEqualTo(403);
            assertThat(node.send("POST", "/v1/callback-secret/rotate?previousValidFor=-1", a.key(), Map.of(), null).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void yesmailResponseUriDeliveriesAreSignedToo() {
        try (Receiver receiver = Receiver.start(Receiver.Mode.OK)) {
            String t = unique("dataset");
            node.createTable("{\"name\":\"" + t + "\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
            TestNode.Response accepted = node.send("POST", "/v2/reference-data/" + t + "/records/import?responseUri="
                            + URLEncoder.encode(receiver.url("/ym"), StandardCharsets.UTF_8), null,
                    Map.of("Api-User", "default", "Api-Key", TestNode.ADMIN_KEY, "Content-Type", "application/json"),
                    HttpRequest.BodyPublishers.ofString("{\"importType\":\"update\",\"records\":[{\"id\":1}]}"));
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            assertThat(receiver.await(1, 20_000)).isTrue();
            String secret = node.send("POST", "/v1/callback-secret/rotate?previousValidFor=600", TestNode.ADMIN_KEY, Map.of(), null)
                    .json().get("secret").asText();
            // the delivery came before the rotation: it verifies with the secret that is now the previous one
            String previous = node.node().store().callbackSecrets().current("default", "unused").previous();
            assertThat(previous).isNotEqualTo(secret);
            verify(receiver.requests().get(0), List.of(previous));
            assertThat(Json.read(receiver.requests().get(0).text(), Map.class).get("id")).isEqualTo(accepted.json().get("id").asText());
        }
    }

    // ---------------------------------------------------------------- addresses

    @Test
    void everyEncodingOfAnInternalAddressIsRefused() throws Exception {
        Workspace a = workspace();
        try (Receiver receiver = Receiver.start(Receiver.Mode.OK)) {
            int port = receiver.port();
            // the node allows 127.0.0.0/8 (IPv4): none of these is that range written as IPv4
            List<String> hosts = List.of("[::127.0.0.1]", "[::ffff:10.0.0.1]", "[::ffff:a00:1]", "[64:ff9b::a00:1]", "[2002:a00:1::1]",
                    "[2001:0:4136:e378:8000:63bf:f5ff:fffe]", "[fe80::1]", "[fc00::1]", "[::]", "[::1]", "0.0.0.0", "169.254.169.254",
                    "100.64.0.1", "192.168.1.1", "10.1.2.3", "167772161", "0x7f000001", "0177.0.0.1", "[ff02::1]");
            List<String> jobs = new ArrayList<>();
            for (String h : hosts) jobs.add(importWithCallback(a, "http://" + h + ":" + port + "/hook"));
            for (int i = 0; i < hosts.size(); i++) {
                JsonNode c = callback(a, jobs.get(i), 20_000, "refused", "delivered", "retrying", "failed");
                assertThat(c.get("state").asText()).as(hosts.get(i) + ": " + c).isEqualTo("refused");
                assertThat(c.get("error").asText()).as(hosts.get(i)).contains("refused");
            }
            // a host the URL grammar does not take is refused when the job is submitted
            assertThat(node.post("/v1/tables/" + a.table() + "/imports?callbackUrl=http://127.1:" + port + "/hook", "text/csv", "id\n1\n",
                    a.key()).status()).isEqualTo(400);
            assertThat(receiver.requests()).isEmpty();
        }
    }

    /**
     * A host whose DNS answer changes between the check and the connection (rebinding): it is
     * resolved once, and the delivery connects to the address that was checked.
     */
    @Test
    void theHostIsResolvedOnceAndTheCheckedAddressIsTheOneConnectedTo() throws Exception {
        InetAddress allowed = InetAddress.getByName("127.0.0.1");
        InetAddress other = InetAddress.getByName("127.0.0.2");
        // the same port on both addresses: a second lookup would reach the other receiver
        try (Receiver bad = Receiver.start(other, Receiver.Mode.OK); Receiver good = Receiver.start(allowed, bad.port(), Receiver.Mode.OK)) {
            AtomicInteger lookups = new AtomicInteger();
            CallbackTargets.Resolver rebinding = host -> {
                if (!host.equals("hooks.rebind.test")) throw new UnknownHostException(host);
                return new InetAddress[] {lookups.incrementAndGet() == 1 ? allowed : other};
            };
            Workspace a = workspace();
            // the node's own resolver does not know the host: refused; then a node that does delivers it
            String job = importWithCallback(a, "http://hooks.rebind.test:" + good.port() + "/hook");
            callback(a, job, 20_000, "refused");
            try (Callbacks callbacks = new Callbacks(node.node().store(), new CallbackTargets(List.of("127.0.0.1/32"), rebinding),
                    List.of(), new CallbackBodies(), TIMEOUT)) {
                callbacks.jobEnded(job);
                callback(a, job, 20_000, "delivered");
            }
            assertThat(lookups.get()).isEqualTo(1);
            assertThat(good.requests()).hasSize(1);
            assertThat(good.requests().get(0).header("Host")).isEqualTo("hooks.rebind.test:" + good.port());
            assertThat(bad.requests()).isEmpty();
        }
    }
}
