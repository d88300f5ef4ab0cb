package dev.signals.server.security;

import static dev.signals.server.room.RoomClients.error;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.leaveClient;
import static dev.signals.server.room.RoomClients.newClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients;
import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, item 2: a client alternating {@code join R} / {@code join R2} under its message rate
 * made every member of R receive a {@code new-client} or {@code leave-client} per message, and a
 * member replying as the room convention asks (an offer and two candidates per newcomer) was
 * closed for its own rate. Room changes are limited per connection (SECURITY.md): the attacker's
 * over-limit joins are refused with {@code rate limit exceeded} and change nothing, so the victim
 * sees only the admitted changes and stays well inside its own limit.
 */
class RoomSwitchAmplificationTest {
    private static final int JOINS = 141; // 3 s at 47 joins/s, as in the issue
    private static final Duration JOIN_INTERVAL = Duration.ofNanos(1_000_000_000L / 47);
    private static final int CHANGE_LIMIT = 5;
    private static final Duration CHANGE_WINDOW = Duration.ofSeconds(10);

    @Test
    void roomSwitchingIsLimitedAndTheRepliesOfAVictimStayUnderItsLimit() throws Exception {
        try (TestNode node = TestNode.start(); Client victim = RoomClients.connect(node.port());
             Client attacker = RoomClients.connect(node.port())) {
            victim.join("R");
            assertEquals(joined("R"), victim.next());
            AtomicInteger events = new AtomicInteger();
            AtomicBoolean replying = new AtomicBoolean(true);
            AtomicReference<String> unexpected = new AtomicReference<>();
            Thread replies = new Thread(() -> replyToNewcomers(victim, attacker.id(), events, replying, unexpected), "victim");
            replies.start();

            long start = System.nanoTime();
            for (int i = 0; i < JOINS; i++) {
                attacker.join(i % 2 == 0 ? "R" : "R2");
                Thread.sleep(JOIN_INTERVAL.toMillis());
            }
            int answered = 0;
            int admitted = 0; // joins that moved the attacker; a join of the room it is in changes nothing
            int refused = 0;
            String room = null;
            while (answered < JOINS) {
                String frame = attacker.next();
                if (frame.equals(error("rate limit exceeded"))) {
                    refused++;
                    answered++;
                } else if (frame.startsWith("{\"type\":\"joined\"")) {
                    String now = frame.endsWith("\"room_id\":\"R\"}}") ? "R" : "R2";
                    admitted += now.equals(room) ? 0 : 1;
                    room = now;
                    answered++;
                } // else: the victim's offer and candidates, relayed
            }
            double elapsedSeconds = (System.nanoTime() - start) / 1e9;
            // A token bucket of CHANGE_LIMIT, refilled at CHANGE_LIMIT per CHANGE_WINDOW.
            double bound = CHANGE_LIMIT + elapsedSeconds * CHANGE_LIMIT / CHANGE_WINDOW.toSeconds();
            assertTrue(admitted <= bound, admitted + " room changes admitted in " + elapsedSeconds + " s");
            assertTrue(admitted >= CHANGE_LIMIT, "the burst is admitted: " + admitted);
            assertTrue(refused >= JOINS / 2 - admitted, "every other join is refused, or repeats the room: " + refused);

            // Every admitted change moves the attacker into or out of R: one event each for the victim.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (events.get() < admitted && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            replying.set(false);
            replies.join(5_000);
            assertEquals(null, unexpected.get());
            assertEquals(admitted, events.get());
            // The victim is open and served: a probe is answered in its turn.
            victim.send("{\"type\":\"probe\",\"payload\":{}}");
            assertEquals(error("invalid type"), skipTransferErrors(victim));
            assertEquals(0.0, node.metric("signal_errors_total{dialect=\"room\",reason=\"send_queue_overflow\"}"));
        }
    }

    /** Answers each new-client with an offer and two candidates, as the demo page does; counts room events. */
    private static void replyToNewcomers(Client victim, String attackerId, AtomicInteger events, AtomicBoolean replying,
                                         AtomicReference<String> unexpected) {
        try {
            while (replying.get()) {
                WsTestClient.Frame frame = victim.ws().poll(Duration.ofMillis(20));
                if (frame == null) {
                    continue;
                }
                String text = frame.isClose() ? "close " + frame.closeCode() : frame.text();
                if (text.equals(newClient(attackerId))) {
                    events.incrementAndGet();
                    victim.send("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + attackerId + "\",\"sdp\":\"v=0\"}}");
                    for (int c = 0; c < 2; c++) {
                        victim.send("{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"" + attackerId
                                + "\",\"candidate\":\"candidate:" + c + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
                    }
                } else if (text.equals(leaveClient(attackerId))) {
                    events.incrementAndGet();
                } else if (!text.startsWith("{\"type\":\"error\",\"payload\":{\"error\":\"failed to transfer")) {
                    unexpected.compareAndSet(null, text); // a reply that raced the attacker's next leave may fail
                }
            }
        } catch (IOException | InterruptedException e) {
            unexpected.compareAndSet(null, e.toString());
        }
    }

    /** The victim's next frame that is not the late failure of a reply to a newcomer that has left. */
    private static String skipTransferErrors(Client victim) throws InterruptedException {
        String text = victim.next();
        while (text.startsWith("{\"type\":\"error\",\"payload\":{\"error\":\"failed to transfer")) {
            text = victim.next();
        }
        return text;
    }
}
