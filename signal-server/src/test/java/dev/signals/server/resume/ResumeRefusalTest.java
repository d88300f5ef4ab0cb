package dev.signals.server.resume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hostile and mistaken resumes are refused before the upgrade (docs/resume.md#refusals): forged,
 * ended, too-old and other principals' tokens, malformed numbers, floods of attempts and of held
 * sessions — each with its exact status and body, none reaching a session.
 */
class ResumeRefusalTest {
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private WsTestClient attempt(String query) throws Exception {
        return node.ws("/connect?" + query);
    }

    private void assertRefused(int status, String body, String query) throws Exception {
        try (WsTestClient c = attempt(query)) {
            assertEquals(status, c.status(), query);
            assertEquals(body, c.body(), query);
        }
    }

    @Test
    void malformedRequestsAre400() throws Exception {
        node = TestNode.start();
        SessionClient s = SessionClient.open(node.port(), "/connect");
        s.next();
        assertRefused(400, "malformed resume token", "resume=abc!def&last_seq=0");
        assertRefused(400, "malformed resume token", "resume=&last_seq=0");
        assertRefused(400, "malformed resume token", "resume=" + "a".repeat(257) + "&last_seq=0");
        assertRefused(400, "last_seq must be a number from 0", "resume=" + s.token + "&last_seq=-1");
        assertRefused(400, "last_seq must be a number from 0", "resume=" + s.token + "&last_seq=1e3");
        assertRefused(400, "last_seq must be a number from 0", "resume=" + s.token);
        assertRefused(400, "last_seq must be a number from 0", "resume=" + s.token + "&last_seq=99999999999999999999999");
        assertRefused(400, "last_seq beyond the session", "resume=" + s.token + "&last_seq=999999999999999999");
        assertRefused(400, "last_seq beyond the session", "resume=" + s.token + "&last_seq=2");
        assertRefused(400, "resume and last_seq may appear once", "resume=new&resume=new");
        assertRefused(400, "last_seq goes with a session token, not resume=new", "resume=new&last_seq=0");
        assertEquals(11, node.metric("signal_resumes_total{dialect=\"room\",result=\"invalid\"}"));
        // None of that touched the session: it resumes with what it has.
        s.resume(node.port(), "/connect", 1, 0).close();
        s.close();
    }

    @Test
    void forgedEndedAndTooOldTokensAre410() throws Exception {
        node = TestNode.start();
        assertRefused(410, "session expired", "resume=AAAAAAAAAAAAAAAAAAAAAAAA&last_seq=0");
        SessionClient s = SessionClient.open(node.port(), "/connect");
        s.next();
        s.send("{\"type\":\"join\",\"payload\":{\"room_id\":\"x\"}}");
        s.next();
        s.ack();
        // Frames are handled in order, so the answer to a bad frame proves the ack was taken.
        s.send("{\"type\":\"nonsense\"}");
        assertTrue(s.next().contains("\"error\""));
        // The client acknowledged seq 2: a resume from 0 would need frames the log dropped.
        assertRefused(410, "session expired", SessionClient.resumeQuery(s.token, 0));
        s.ws.sendClose(1001, "going away");
        assertTrue(s.ws.awaitEof(Duration.ofSeconds(5)));
        Await.until("an ended session is gone (410)", Duration.ofSeconds(5),
                () -> attempt(SessionClient.resumeQuery(s.token, 3)).status() == 410);
        // Another dialect's URL never resumes a room session.
        SessionClient other = SessionClient.open(node.port(), "/connect");
        try (WsTestClient call = node.ws("/ws?" + SessionClient.resumeQuery(other.token, 0))) {
            assertEquals(410, call.status());
        }
        other.close();
    }

    @Test
    void withAuthOnAnotherPrincipalsTokenIs403() throws Exception {
        node = TestNode.start("--auth-secret", Tokens.SECRET);
        String alice = Tokens.of("alice", Map.of("room", "*"));
        String mallory = Tokens.of("mallory", Map.of("room", "*"));
        SessionClient s = SessionClient.open(node.port(), "/connect?token=" + alice);
        s.next();
        assertRefused(403, "session of another principal", "token=" + mallory + "&" + SessionClient.resumeQuery(s.token, 1));
        s.resume(node.port(), "/connect?token=" + alice, 1, 0).close();
        s.close();
    }

    @Test
    void resumeIsRefusedWhenTurnedOff() throws Exception {
        node = TestNode.start("--resume-window", "0");
        assertRefused(400, "resumable sessions are off", "resume=new");
        try (WsTestClient plain = node.ws("/connect")) {
            assertEquals(101, plain.status());
            assertTrue(plain.nextText().startsWith("{\"type\":\"notify-client-id\""));
        }
    }

    @Test
    void aFloodOfResumeAttemptsIsRateLimitedLikeUpgrades() throws Exception {
        node = TestNode.start("--conn-rate-limit", "0.01", "--conn-rate-burst", "5");
        for (int i = 0; i < 5; i++) {
            assertRefused(410, "session expired", "resume=forged" + i + "&last_seq=0");
        }
        try (WsTestClient c = attempt("resume=forged&last_seq=0")) {
            assertEquals(429, c.status());
        }
    }

    @Test
    void heldSessionsCountAgainstTheConnectionCap() throws Exception {
        node = TestNode.start("--max-connections", "3");
        List<SessionClient> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SessionClient s = SessionClient.open(node.port(), "/connect");
            s.next();
            s.ws.abort();
            held.add(s);
        }
        Await.until("three sessions held", Duration.ofSeconds(5), () -> node.metric("signal_sessions_held") == 3);
        try (WsTestClient refused = node.ws("/connect?resume=new")) {
            assertEquals(503, refused.status(), "three held sessions fill a node of three");
        }
        assertEquals(0, node.metric("signal_connections{dialect=\"room\"}"));
    }
}
