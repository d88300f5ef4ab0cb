package dev.signals.server.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * TURN credentials over a resumable session (docs/turn.md "Over a resumable session"): an
 * {@code ice_servers} control frame right after {@code session}, a fresh one before the first
 * expires, and one after every {@code resumed}.
 */
class SessionIceServersTest {
    private static final String SECRET = "session-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aSessionGetsCredentialsAtOnceFreshOnesBeforeTheyExpireAndAgainOnResume() throws Exception {
        try (TestNode node = TestNode.start("--turn-urls", "turn:127.0.0.1:3478", "--turn-secret", SECRET,
                "--turn-ttl", "10s")) {
            SessionClient a = SessionClient.open(node.port(), "/connect");
            long firstExpiry = checkIceServers(a.ws.nextText());
            assertTrue(a.next().startsWith("{\"type\":\"notify-client-id\""));

            // 80 % of a 10 s lifetime: the fresh frame comes while the first credential still holds.
            WsTestClient.Frame fresh = a.ws.next(Duration.ofSeconds(20));
            long freshExpiry = checkIceServers(fresh.text());
            assertTrue(freshExpiry > firstExpiry, "fresh credentials expire later: " + fresh.text());

            a.ws.abort();
            SessionClient resumed = a.resume(node.port(), "/connect", 1, 0);
            checkIceServers(resumed.ws.nextText());
            resumed.close();
        }
    }

    /** One {@code ice_servers} frame: a TURN entry whose credential coturn would accept; returns its expiry. */
    private static long checkIceServers(String frame) throws Exception {
        JsonNode root = JSON.readTree(frame);
        assertEquals(1, root.size(), frame);
        JsonNode servers = root.get("ice_servers");
        assertEquals(10, servers.get("ttl").asInt(), frame);
        JsonNode entry = servers.get("iceServers").get(0);
        assertEquals("turn:127.0.0.1:3478", entry.get("urls").get(0).asText(), frame);
        String username = entry.get("username").asText();
        assertTrue(username.matches("\\d+:.+"), username);
        assertEquals(hmacSha1(username), entry.get("credential").asText(), frame);
        return Long.parseLong(username.substring(0, username.indexOf(':')));
    }

    private static String hmacSha1(String username) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
    }
}
