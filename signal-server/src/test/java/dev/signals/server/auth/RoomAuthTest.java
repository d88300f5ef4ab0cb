package dev.signals.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** SECURITY.md "Per dialect, without and with authentication" on the room dialect: 401 before the upgrade, `forbidden` outside the grant. */
class RoomAuthTest {
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start("--auth-secret", Tokens.SECRET);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private int status(Map<String, String> headers, String path) throws Exception {
        try (WsTestClient c = node.ws(path, headers)) {
            return c.status();
        }
    }

    @Test
    void missingBadOrExpiredTokensAreRefusedBeforeTheUpgrade() throws Exception {
        assertEquals(401, status(Map.of(), "/connect"));
        assertEquals(401, status(Map.of("Authorization", "Bearer not.a.jwt"), "/connect"));
        String forged = Tokens.hs256("another-secret-that-is-also-32-bytes!!", Duration.ofMinutes(5), Map.of("room", "*"));
        assertEquals(401, status(Map.of("Authorization", "Bearer " + forged), "/connect"));
        String expired = Tokens.hs256(Tokens.SECRET, Duration.ofMinutes(-10), Map.of("room", "*"));
        assertEquals(401, status(Map.of("Authorization", "Bearer " + expired), "/connect"));
        assertEquals(101, status(Map.of(), "/connect?token=" + Tokens.valid(Map.of("room", "*"))));
    }

    @Test
    void joinOutsideTheGrantIsForbiddenAndTheClientStaysWhereItWas() throws Exception {
        String token = Tokens.valid(Map.of("room", "granted"));
        try (WsTestClient a = node.ws("/connect", Map.of("Authorization", "Bearer " + token))) {
            assertEquals(101, a.status());
            assertTrue(a.nextText().startsWith("{\"type\":\"notify-client-id\""));
            a.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"granted\"}}");
            assertEquals("{\"type\":\"joined\",\"payload\":{\"client_ids\":[],\"room_id\":\"granted\"}}", a.nextText());
            a.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"other\"}}");
            assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"forbidden\"}}", a.nextText());
            node.awaitState(s -> s.contains("\"rooms\":1"));
            a.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"granted\"}}");
            assertEquals("{\"type\":\"joined\",\"payload\":{\"client_ids\":[],\"room_id\":\"granted\"}}", a.nextText());
        }
    }

    @Test
    void tokenWithoutARoomGrantCannotJoinAnyRoom() throws Exception {
        try (WsTestClient a = node.ws("/connect?token=" + Tokens.valid(Map.of("call", "*")))) {
            a.nextText();
            a.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"x\"}}");
            assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"forbidden\"}}", a.nextText());
        }
    }

    @Test
    void shortSecretIsAStartupError() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> TestNode.start("--auth-secret", "short"));
        assertEquals("--auth-secret must be at least 32 bytes for HS256", e.getMessage());
    }
}
