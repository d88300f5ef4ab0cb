package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.leave;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.CutProxy;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable call sessions (docs/resume.md), standalone: a socket cut mid-exchange resumes the same
 * call session and seat, gets every event sent meanwhile once and in order, and its peer sees no
 * LEAVE — until the window lapses.
 */
class CallResumeTest {
    private TestNode node;

    @AfterEach
    void stop() {
        node.close();
    }

    /** Seats a session peer in {@code call} and joins it over {@code port} with resume=new. */
    private SessionClient joinWithSession(CallPeer seat, int port) throws Exception {
        SessionClient b = SessionClient.open(port, "/ws");
        b.send(seat.joinMessage);
        assertEquals(welcome(seat.call), b.next());
        return b;
    }

    @Test
    void aCutSocketResumesTheSameSeatWithEveryEventOnceAndNoLeave() throws Exception {
        node = TestNode.start("--ws-ping-interval", "200ms", "--seat-timeout", "3s");
        try (CutProxy proxy = CutProxy.to(node.port()); CallPeer a = CallPeer.joined(node, "c1")) {
            CallPeer seatB = CallPeer.seat(node, "c1");
            assertEquals(peer("c1"), a.nextText());
            SessionClient b = joinWithSession(seatB, proxy.port());
            a.send("OFFER", "o1");
            assertEquals(event("c1", "OFFER", "o1"), b.next());
            b.ack();
            proxy.cutAll();
            assertTrue(b.ws.awaitEof(Duration.ofSeconds(5)));
            a.send("OFFER", "c2");
            a.send("OFFER", "c3");
            // Longer than the seat timeout: the held session keeps its seat alive meanwhile.
            Thread.sleep(3500);
            assertEquals(409, node.get("/call/c1").statusCode(), "B still holds its seat");
            SessionClient b2 = b.resume(node.port(), "/ws", 4, 0);
            assertEquals(event("c1", "OFFER", "c2"), b2.next());
            assertEquals(event("c1", "OFFER", "c3"), b2.next());
            seatB.send("ANSWER", "a1");
            assertEquals(event("c1", "ANSWER", "a1"), a.nextText(), "A saw no LEAVE");
            b2.close();
        }
    }

    @Test
    void whenTheWindowLapsesThePeerSeesLeave() throws Exception {
        node = TestNode.start("--resume-window", "300ms");
        try (CallPeer a = CallPeer.joined(node, "c2")) {
            CallPeer seatB = CallPeer.seat(node, "c2");
            assertEquals(peer("c2"), a.nextText());
            SessionClient b = joinWithSession(seatB, node.port());
            b.ws.abort();
            assertEquals(leave("c2"), a.nextText());
        }
    }
}
