package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.leave;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.NodeDeathFixture;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Resumable call sessions with nodes sharing Redis (docs/resume.md#drain, docs/cluster.md
 * "Resumable sessions"): B's session, on node 2, outlives node 2's drain or {@code kill -9}; the
 * signals A posts meanwhile are replayed once each, in order, when B resumes on node 1; A never
 * sees B's LEAVE and B keeps its seat; a session nobody resumes leaves once when its window lapses.
 */
class CallSessionFailoverTest {
    private static final int OFFERS = 20;

    @Test
    void aDrainedNodesCallSessionResumesOnAnotherNodeWithEverySignalOnceInOrder() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode one = TestNode.clustered(redis.address(), prefix, "one");
             TestNode two = TestNode.clustered(redis.address(), prefix, "two");
             CallPeer a = CallPeer.joined(one, "drain")) {
            CallPeer seatB = CallPeer.seat(one, "drain");
            assertEquals(peer("drain"), a.nextText());
            SessionClient b = joinWithSession(seatB, two.port());
            a.send("OFFER", "before");
            assertEquals(event("drain", "OFFER", "before"), b.next());

            two.close(); // the drain: 1012 for session sockets, the session held in Redis
            assertEquals(1012, b.ws.next(Duration.ofSeconds(10)).closeCode());
            for (int i = 0; i < OFFERS; i++) {
                a.send("OFFER", "x" + i);
            }
            SessionClient b2 = b.resumeAnyLastSeq(one.port(), "/ws", 0);
            assertResumed(a, seatB, b2, "drain");
        }
    }

    /**
     * Resumed on node 1 while its socket on node 2 is still open: that socket is closed 4001, node 2
     * (which keeps another socket of the call, C's) no longer delivers B's events, and each event
     * reaches B once.
     */
    @Test
    void aResumeOnAnotherNodeWhileTheOldSocketIsOpenMovesTheSessionWithNothingTwice() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode one = TestNode.clustered(redis.address(), prefix, "one", "--seat-count", "3");
             TestNode two = TestNode.clustered(redis.address(), prefix, "two", "--seat-count", "3");
             CallPeer a = CallPeer.joined(one, "moved")) {
            CallPeer c = CallPeer.seat(two, "moved");
            assertEquals(peer("moved"), a.nextText());
            c.connect();
            CallPeer seatB = CallPeer.seat(one, "moved");
            assertEquals(peer("moved"), a.nextText());
            assertEquals(peer("moved"), c.nextText());
            SessionClient b = joinWithSession(seatB, two.port());
            SessionClient b2 = b.resume(one.port(), "/ws", b.lastSeq(), 0);
            WsTestClient.Frame close = b.ws.next(Duration.ofSeconds(10));
            assertEquals(4001, close.closeCode());
            assertEquals("session resumed elsewhere", close.closeReason());
            for (int i = 0; i < 5; i++) {
                a.send("OFFER", "x" + i);
                assertEquals(event("moved", "OFFER", "x" + i), c.nextText());
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(event("moved", "OFFER", "x" + i), b2.next(), "offer " + i + " once, in order");
            }
            c.send("ANSWER", "from-c");
            assertEquals(event("moved", "ANSWER", "from-c"), a.nextText());
            assertEquals(event("moved", "ANSWER", "from-c"), b2.next(), "once, not also through node 2");
            seatB.send("ANSWER", "from-b");
            assertEquals(event("moved", "ANSWER", "from-b"), a.nextText(), "A saw no LEAVE");
            assertEquals(event("moved", "ANSWER", "from-b"), c.nextText(), "C saw no LEAVE");
            a.send("OFFER", "last");
            assertEquals(event("moved", "OFFER", "last"), b2.next(), "nothing twice");
            c.close();
            b2.close();
        }
    }

    /** Another socket JOINed B's call session while B was held: B's resume is closed as replaced, nobody left. */
    @Test
    void aHeldCallSessionTakenByAnotherSocketIsClosedAsReplacedOnItsResume() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode one = TestNode.clustered(redis.address(), prefix, "one");
             TestNode two = TestNode.clustered(redis.address(), prefix, "two");
             CallPeer a = CallPeer.joined(one, "taken")) {
            CallPeer seatB = CallPeer.seat(one, "taken");
            assertEquals(peer("taken"), a.nextText());
            SessionClient b = joinWithSession(seatB, two.port());
            two.close();
            assertEquals(1012, b.ws.next(Duration.ofSeconds(10)).closeCode());
            try (WsTestClient newer = CallPeer.openWs(one, seatB.joinMessage)) {
                assertEquals(welcome("taken"), newer.nextText());
                SessionClient b2 = b.resume(one.port(), "/ws", b.lastSeq(), 0);
                WsTestClient.Frame close = b2.ws.next(Duration.ofSeconds(10));
                assertEquals(1000, close.closeCode());
                assertEquals("replaced by a newer connection", close.closeReason());
                seatB.send("ANSWER", "newer");
                assertEquals(event("taken", "ANSWER", "newer"), a.nextText(), "A saw no LEAVE");
                a.send("OFFER", "to-newer");
                assertEquals(event("taken", "OFFER", "to-newer"), newer.nextText());
            }
        }
    }

    @Test
    void signalsToAKilledNodesCallSessionAreReplayedOnceInOrderOnASurvivor() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().survivor("survivor", "--node-lease", "2s",
                     "--seat-timeout", "2s", "--ws-ping-interval", "300ms")
                .doomed("30s", "--seat-timeout", "2s", "--ws-ping-interval", "300ms").start();
             CallPeer a = CallPeer.joined(f.survivor(), "kill")) {
            CallPeer seatB = CallPeer.seat(f.survivor(), "kill");
            assertEquals(peer("kill"), a.nextText());
            SessionClient b = joinWithSession(seatB, f.doomed.port());
            a.send("OFFER", "before");
            assertEquals(event("kill", "OFFER", "before"), b.next());

            f.killDoomed();
            for (int i = 0; i < OFFERS / 2; i++) {
                a.send("OFFER", "x" + i);
            }
            // Past the lease, its reaping and the seat timeout: B's session and seat stay.
            f.awaitDoomedReaped();
            for (int i = OFFERS / 2; i < OFFERS; i++) {
                a.send("OFFER", "x" + i);
            }
            assertEquals(409, f.survivor().get("/call/kill").statusCode(), "B still holds its seat");
            SessionClient b2 = b.resumeAnyLastSeq(f.survivor().port(), "/ws", 0);
            assertResumed(a, seatB, b2, "kill");
        }
    }

    /**
     * PEER and LEAVE reach a call session like posted signals (docs/cluster.md "Resumable
     * sessions"): while B's node lives, D comes and goes and B hears each once from its node; once
     * the node is killed, E's LEAVE (a plain socket on that node, reaped), F's PEER and LEAVE (F
     * never connects: its seat lapses), C's PEER, C's offer and A's LEAVE are kept for B, which
     * hears them on its resume in that order and nothing of D's again.
     */
    @Test
    void peerAndLeaveWhileAKilledNodesCallSessionIsHeldReachItOnceInOrder() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().survivor("survivor", "--node-lease", "2s",
                     "--seat-count", "6", "--seat-timeout", "2s", "--ws-ping-interval", "300ms")
                .doomed("30s", "--seat-count", "6", "--seat-timeout", "2s", "--ws-ping-interval", "300ms").start();
             CallPeer a = CallPeer.joined(f.survivor(), "news")) {
            CallPeer seatB = CallPeer.seat(f.survivor(), "news");
            assertEquals(peer("news"), a.nextText());
            SessionClient b = joinWithSession(seatB, f.doomed.port());
            try (CallPeer d = CallPeer.seat(f.survivor(), "news")) {
                assertEquals(peer("news"), a.nextText());
                assertEquals(peer("news"), b.next(), "live, from B's node");
                d.connect();
            }
            assertEquals(leave("news"), a.nextText());
            assertEquals(leave("news"), b.next(), "live, from B's node");
            CallPeer seatE = CallPeer.seat(f.survivor(), "news");
            assertEquals(peer("news"), a.nextText());
            assertEquals(peer("news"), b.next());
            WsTestClient e = WsTestClient.connect(f.doomed.port(), "/ws");
            e.sendText(seatE.joinMessage);
            assertEquals(welcome("news"), e.nextText());

            f.killDoomed();
            assertEquals(leave("news"), a.ws.next(Duration.ofSeconds(20)).text(), "E's socket reaped with its node");
            CallPeer.seat(f.survivor(), "news");
            assertEquals(peer("news"), a.nextText(), "F seated");
            assertEquals(leave("news"), a.ws.next(Duration.ofSeconds(20)).text(), "F's seat lapsed, swept");
            try (CallPeer c = CallPeer.seat(f.survivor(), "news")) {
                assertEquals(peer("news"), a.nextText());
                c.connect();
                c.send("OFFER", "hello");
                assertEquals(event("news", "OFFER", "hello"), a.nextText());
                a.close();
                assertEquals(leave("news"), c.nextText());
                SessionClient b2 = b.resumeAnyLastSeq(f.survivor().port(), "/ws", 0);
                assertEquals(leave("news"), b2.next(), "B hears E leave, reaped while B was held");
                assertEquals(peer("news"), b2.next(), "then of F");
                assertEquals(leave("news"), b2.next(), "and F's seat lapsing");
                assertEquals(peer("news"), b2.next(), "then of C, seated while B was held");
                assertEquals(event("news", "OFFER", "hello"), b2.next(), "then C's offer");
                assertEquals(leave("news"), b2.next(), "then A's LEAVE");
                c.send("OFFER", "end");
                assertEquals(event("news", "OFFER", "end"), b2.next(), "nothing twice");
                b2.close();
            }
        }
    }

    /**
     * A JOIN's cseq reaches Redis after the JOIN's state and {@code call-attach} (docs/cluster.md
     * "Resumable sessions"): B's node is cut off from Redis right after the command that carries B's
     * cseq 1 and killed. B resumes on the survivor, which reports {@code last_cseq} 1, so B does not
     * send the JOIN again: the resumed session must be JOINed, and receives A's signals. (When the
     * cseq was stored ahead of the JOIN's effects, B resumed un-JOINed and heard nothing.) The
     * WELCOME, appended after {@code call-attach}'s answer, is what such a node's death still loses.
     */
    @Test
    void aJoinWhoseCseqItsDyingNodeStoredLeavesTheResumedSessionJoined() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().cutLink().survivor("survivor", "--node-lease", "2s").doomed("30s").start();
             CallPeer a = CallPeer.joined(f.survivor(), "join")) {
            CallPeer seatB = CallPeer.seat(f.survivor(), "join");
            assertEquals(peer("join"), a.nextText());
            SessionClient b = SessionClient.open(f.doomed.port(), "/ws");
            String address = b.token.substring(0, b.token.indexOf('-'));
            f.link.holdAfter("cseq");
            b.sendNumbered(1, seatB.joinMessage);
            Await.until("B's node stored cseq 1 and holds what follows", Duration.ofSeconds(10), () -> f.link.holding()
                    && "1".equals(f.redis.command("HGET", f.prefix + "session:{" + address + "}", "cseq")));
            f.killDoomed();
            SessionClient b2 = b.resume(f.survivor().port(), "/ws", 0, 1);
            a.send("OFFER", "after");
            assertEquals(event("join", "OFFER", "after"), b2.next(), "B resumed JOINed");
            b2.close();
        }
    }

    @Test
    void aKilledNodesCallSessionNobodyResumesLeavesOnceWhenItsWindowLapses() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with()
                .survivor("one", "--node-lease", "1s", "--resume-window", "1s", "--seat-count", "3")
                .survivor("two", "--node-lease", "1s", "--resume-window", "1s", "--seat-count", "3").doomed("1s").start();
             CallPeer a = CallPeer.joined(f.survivor(0), "lapse")) {
            CallPeer d = CallPeer.seat(f.survivor(1), "lapse");
            assertEquals(peer("lapse"), a.nextText());
            d.connect();
            CallPeer seatB = CallPeer.seat(f.survivor(0), "lapse");
            assertEquals(peer("lapse"), a.nextText());
            assertEquals(peer("lapse"), d.nextText());
            SessionClient b = joinWithSession(seatB, f.doomed.port());
            f.killDoomed();
            // Two survivors sweep; the leave happens once, after the lease lapsed and the window after it.
            assertEquals(leave("lapse"), a.ws.next(Duration.ofSeconds(20)).text());
            assertEquals(leave("lapse"), d.ws.next(Duration.ofSeconds(20)).text());
            d.send("OFFER", "later");
            assertEquals(event("lapse", "OFFER", "later"), a.nextText(), "no second LEAVE for B");
            try (WsTestClient late = f.survivor(0).ws("/ws?" + SessionClient.resumeQuery(b.token, b.lastSeq()))) {
                assertEquals(410, late.status());
            }
        }
    }

    /** B, resumed: the signals posted while it was away, then it and A still talk, nobody left. */
    private static void assertResumed(CallPeer a, CallPeer seatB, SessionClient b2, String call) throws Exception {
        for (int i = 0; i < OFFERS; i++) {
            assertEquals(event(call, "OFFER", "x" + i), b2.next(), "offer " + i + " once, in order");
        }
        seatB.send("ANSWER", "ok");
        assertEquals(event(call, "ANSWER", "ok"), a.nextText(), "A saw no LEAVE, and B kept its seat");
        a.send("OFFER", "after");
        assertEquals(event(call, "OFFER", "after"), b2.next(), "live after the replay, no gap");
        b2.close();
    }

    /** B's JOIN over a resumable session on {@code port}. */
    private static SessionClient joinWithSession(CallPeer seat, int port) throws Exception {
        SessionClient b = SessionClient.open(port, "/ws");
        b.send(seat.joinMessage);
        assertEquals(welcome(seat.call), b.next());
        return b;
    }
}
