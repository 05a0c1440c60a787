package dev.freight.compat.yesmail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.freight.Config;
import dev.freight.Freight;
import dev.freight.Json;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** responseUri on a loopback address, without --callback-allow: refused, recorded on the ticket, never called. */
class ResponseUriRefusedTest {
    private static final String KEY = "frt_yesmail_refused_admin_key_0123";

    @Test
    void refusedWithoutAnAllowance(@TempDir Path dir) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        receiver.start();
        HttpClient http = HttpClient.newHttpClient();
        try (Freight node = Freight.start(new Config("127.0.0.1", 0, dir, null, 1 << 20, 1, 100, List.of(), KEY))) {
            String base = "http://127.0.0.1:" + node.port();
            http.send(HttpRequest.newBuilder(URI.create(base + "/v1/tables")).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"t\",\"columns\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}")).build(),
                    HttpResponse.BodyHandlers.discarding());
            String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/v2/reference-data/t/records/import?responseUri=" + hook + "&responseRef=r1"))
                    .header("Api-User", "default").header("Api-Key", KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"importType\":\"update\",\"records\":[{\"id\":1}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            String ticketUri = accepted.headers().firstValue("Content-Location").orElseThrow();
            long deadline = System.currentTimeMillis() + 20_000;
            JsonNode ticket;
            do {
                Thread.sleep(50);
                ticket = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(base + ticketUri))
                        .header("Api-User", "default").header("Api-Key", KEY).build(), HttpResponse.BodyHandlers.ofString()).body());
            } while (ticket.at("/response/delivery/state").asText().isEmpty() && System.currentTimeMillis() < deadline);
            assertThat(ticket.get("state").asText()).isEqualTo("completed");
            assertThat(ticket.at("/response/delivery/state").asText()).isEqualTo("refused");
            assertThat(ticket.at("/response/delivery/error").asText()).contains("--callback-allow");
            assertThat(ticket.at("/response/ref").asText()).isEqualTo("r1");
            assertThat(calls.get()).isZero();
        } finally {
            receiver.stop(0);
        }
    }
}
