package dev.signals.server.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.TurnClient;
import dev.signals.server.testing.TurnServerProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GET /ice-servers} with auth on and a strict origin policy (docs/turn.md#get-ice-servers):
 * a token is needed, its subject names the credential, a refused origin gets no credential, and
 * the shared secret shows up nowhere a client or an operator's tooling can read.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class IceServersAuthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TURN_SECRET = "turn-secret-that-must-stay-hidden-5e1";
    private static final String ALLOWED = "https://app.example";
    private static TurnServerProcess coturn;
    private static TestNode node;

    @BeforeAll
    static void start() {
        coturn = TurnServerProcess.start(List.of(TURN_SECRET));
        node = TestNode.start(flags());
    }

    private static String[] flags() {
        return new String[] {"--auth-secret", Tokens.SECRET, "--turn-urls", coturn.turnUrl(), "--turn-secret", TURN_SECRET,
            "--allowed-origins", ALLOWED};
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (coturn != null) {
            coturn.close();
        }
    }

    private static HttpResponse<String> get(int port, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void withoutAValidTokenTheAnswerIs401AndNoCredential() throws Exception {
        double before = node.metric("signal_turn_credentials_total");
        for (HttpResponse<String> res : List.of(get(node.port(), "/ice-servers"),
                get(node.port(), "/ice-servers", "Authorization", "Bearer not.a.jwt"),
                get(node.port(), "/ice-servers?token=" + Tokens.hs256(Tokens.SECRET, Duration.ofMinutes(-5), Map.of())))) {
            assertEquals(401, res.statusCode());
            assertEquals("", res.body());
            assertEquals("no-store", res.headers().firstValue("cache-control").orElse(""));
        }
        assertEquals(3.0, node.metric("signal_errors_total{dialect=\"turn\",reason=\"unauthorized\"}"));
        assertEquals(before, node.metric("signal_turn_credentials_total"));
    }

    @Test
    void theTokensSubjectNamesTheCredentialAndCoturnAcceptsIt() throws Exception {
        // Tokens.hs256 sets sub=tester; the token needs no grant, TURN is not a named resource.
        String token = Tokens.valid(Map.of());
        for (HttpResponse<String> res : List.of(get(node.port(), "/ice-servers", "Authorization", "Bearer " + token),
                get(node.port(), "/ice-servers?token=" + token))) {
            assertEquals(200, res.statusCode(), res.body());
            JsonNode relay = JSON.readTree(res.body()).get("iceServers").get(0);
            String username = relay.get("username").asText();
            assertTrue(username.matches("\\d+:tester"), username);
            TurnClient.Allocation allocation = coturn.client().allocate(username, relay.get("credential").asText());
            assertTrue(allocation.allocated(), allocation.toString());
        }
    }

    @Test
    void aRefusedOriginGets403AndNoCredentialAnAllowedOneGetsCors() throws Exception {
        String bearer = "Bearer " + Tokens.valid(Map.of());
        double before = node.metric("signal_turn_credentials_total");
        HttpResponse<String> refused = get(node.port(), "/ice-servers", "Authorization", bearer, "Origin", "https://evil.example");
        assertEquals(403, refused.statusCode());
        assertEquals("", refused.body());
        assertEquals(before, node.metric("signal_turn_credentials_total"));

        HttpResponse<String> allowed = get(node.port(), "/ice-servers", "Authorization", bearer, "Origin", ALLOWED);
        assertEquals(200, allowed.statusCode());
        assertEquals(ALLOWED, allowed.headers().firstValue("access-control-allow-origin").orElse(""));
        assertEquals(before + 1, node.metric("signal_turn_credentials_total"));

        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(node.uri("/ice-servers"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .headers("Origin", ALLOWED, "Access-Control-Request-Method", "GET",
                        "Access-Control-Request-Headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode());
        assertTrue(preflight.headers().firstValue("access-control-allow-headers").orElse("").contains("Authorization"));
    }

    @Test
    void otherMethodsAre405AndWithoutTurnUrlsThePathIs404() throws Exception {
        HttpResponse<String> post = node.post("/ice-servers", "");
        assertEquals(405, post.statusCode());
        assertEquals("GET, OPTIONS", post.headers().firstValue("allow").orElse(""));
        try (TestNode plain = TestNode.start()) {
            HttpResponse<String> res = plain.get("/ice-servers");
            assertEquals(404, res.statusCode());
            assertEquals("404 page not found", res.body());
        }
    }

    @Test
    void theSecretIsNeverInLogsDebugStateMetricsOrAnyAnswer() throws Exception {
        List<String> flags = new ArrayList<>(List.of(flags()));
        flags.addAll(List.of("--log-level", "debug"));
        try (ChildNode child = ChildNode.start(flags.toArray(String[]::new))) {
            List<String> seen = new ArrayList<>();
            String bearer = "Bearer " + Tokens.valid(Map.of());
            for (HttpResponse<String> res : List.of(get(child.port(), "/ice-servers"),
                    get(child.port(), "/ice-servers", "Authorization", bearer),
                    get(child.port(), "/ice-servers", "Authorization", bearer, "Origin", "https://evil.example"),
                    get(child.port(), "/ice-servers?x=" + "y".repeat(9000)),
                    get(child.adminPort(), "/debug/state"), get(child.adminPort(), "/metrics"),
                    get(child.adminPort(), "/debug/threads"))) {
                seen.add(res.statusCode() + " " + res.headers().map() + " " + res.body());
            }
            assertTrue(seen.get(1).contains("\"credential\""), "the credential itself was handed out");
            child.terminate();
            child.awaitExit(Duration.ofSeconds(15));
            seen.addAll(child.output());
            assertTrue(child.output().stream().anyMatch(l -> l.contains("TURN credentials on /ice-servers")), child.output().toString());
            for (String text : seen) {
                assertFalse(text.contains(TURN_SECRET), text);
            }
        }
    }
}
