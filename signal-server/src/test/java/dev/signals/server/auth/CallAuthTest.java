package dev.signals.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SECURITY.md "Per dialect, without and with authentication" on the call dialect: 401/403 with empty bodies, a JOIN outside the grant is a bad seat. */
class CallAuthTest {
    private static final Pattern SESSION = Pattern.compile("\"session\":\"([0-9A-Za-z]{27})\"");
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--auth-secret", Tokens.SECRET);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri(path)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return node.send(b.build());
    }

    private HttpResponse<String> signal(String token, String call, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.uri("/signal")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"call\":\"" + call + "\",\"session\":\"" + session
                        + "\",\"kind\":\"OFFER\",\"body\":\"o\"}"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return node.send(b.build());
    }

    private static void assertEmpty(int status, HttpResponse<String> res) {
        assertEquals(status, res.statusCode());
        assertEquals("", res.body());
    }

    private static String session(HttpResponse<String> res) {
        Matcher m = SESSION.matcher(res.body());
        assertTrue(m.find(), res.body());
        return m.group(1);
    }

    @Test
    void takingASeatNeedsATokenGrantingTheCall() throws Exception {
        assertEmpty(401, get("/call/mine", null));
        assertEmpty(401, get("/call/mine", "not.a.jwt"));
        assertEmpty(401, get("/call/mine", Tokens.hs256(Tokens.SECRET, Duration.ofMinutes(-10), Map.of("call", "*"))));
        assertEmpty(403, get("/call/other", Tokens.valid(Map.of("call", "mine"))));
        assertEmpty(403, get("/call/mine", Tokens.valid(Map.of("room", "*"))));
        assertEquals(200, get("/call/mine", Tokens.valid(Map.of("call", "mine"))).statusCode());
        assertEquals(200, node.get("/call/mine?token=" + Tokens.valid(Map.of("call", "*"))).statusCode());
        assertEmpty(409, get("/call/mine", Tokens.valid(Map.of("call", "mine"))));
    }

    @Test
    void postingNeedsATokenGrantingTheCall() throws Exception {
        String token = Tokens.valid(Map.of("call", "mine"));
        String session = session(get("/call/mine", token));
        assertEmpty(401, signal(null, "mine", session));
        assertEmpty(403, signal(Tokens.valid(Map.of("call", "other")), "mine", session));
        assertEmpty(200, signal(token, "mine", session));
    }

    @Test
    void theSocketNeedsATokenAndItsJoinMustBeInsideTheGrant() throws Exception {
        String other = session(get("/call/other", Tokens.valid(Map.of("call", "*"))));
        String mine = session(get("/call/mine", Tokens.valid(Map.of("call", "*"))));
        try (WsTestClient anonymous = node.ws("/ws")) {
            assertEquals(401, anonymous.status());
            assertEquals("", anonymous.body());
        }
        String token = Tokens.valid(Map.of("call", "mine"));
        try (WsTestClient outside = node.ws("/ws?token=" + token)) {
            outside.sendText("{\"call\":\"other\",\"session\":\"" + other + "\",\"kind\":\"JOIN\"}");
            WsTestClient.Frame close = outside.awaitClose(Duration.ofSeconds(5));
            assertEquals(1000, close.closeCode());
            assertEquals("bad seat", close.closeReason());
        }
        try (WsTestClient inside = node.ws("/ws", Map.of("Authorization", "Bearer " + token))) {
            inside.sendText("{\"call\":\"mine\",\"session\":\"" + mine + "\",\"kind\":\"JOIN\"}");
            assertEquals("{\"call\":\"mine\",\"kind\":\"WELCOME\"}", inside.nextText());
        }
    }
}
