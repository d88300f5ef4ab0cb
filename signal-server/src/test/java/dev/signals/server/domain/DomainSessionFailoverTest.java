package dev.signals.server.domain;

import static dev.signals.server.domain.DomainWire.INVALID_MESSAGE;
import static dev.signals.server.domain.DomainWire.SUCCESS;
import static dev.signals.server.domain.DomainWire.answerFrame;
import static dev.signals.server.domain.DomainWire.assertResp;
import static dev.signals.server.domain.DomainWire.error;
import static dev.signals.server.domain.DomainWire.offerFrame;
import static dev.signals.server.domain.DomainWire.offerReq;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.CutProxy;
import dev.signals.server.testing.NodeDeathFixture;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.Tokens;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Resumable domain sessions with nodes sharing Redis (docs/resume.md#drain, docs/cluster.md
 * "Resumable sessions"): domain B's session, on node 2, outlives node 2's drain or {@code kill -9};
 * B stays registered, offers POSTed to it meanwhile answer success and are replayed once each, in
 * order, when B resumes on node 1, and B's answers reach A; a session nobody resumes releases its
 * domain once its window lapses.
 */
class DomainSessionFailoverTest {
    private static final int OFFERS = 20;

    private static String offer(String sdp) {
        return offerReq(sdp, "[]", "B", "A");
    }

    @Test
    void aDrainedNodesDomainSessionResumesOnAnotherNodeWithEveryOfferOnceInOrder() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode one = TestNode.clustered(redis.address(), prefix, "one");
             TestNode two = TestNode.clustered(redis.address(), prefix, "two");
             WsTestClient a = DomainWire.connect(one, "A", 1)) {
            SessionClient b = registered(redis, prefix, "two", two.port());
            assertResp(one.post("/offer", offer("before")), 200, SUCCESS);
            assertEquals(offerFrame(offer("before")), b.next());

            two.close(); // the drain: 1012 for session sockets, the session held in Redis
            assertEquals(1012, b.ws.next(Duration.ofSeconds(10)).closeCode());
            for (int i = 0; i < OFFERS; i++) {
                assertResp(one.post("/offer", offer("x" + i)), 200, SUCCESS);
            }
            SessionClient b2 = b.resumeAnyLastSeq(one.port(), "/ws/B", 0);
            assertResumed(one, a, b2);
        }
    }

    /** Another socket took domain B while B's session was held: the resume is closed 4000, the newer socket keeps B. */
    @Test
    void aHeldDomainTakenByAnotherSocketIsClosedAsReplacedOnItsResume() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode one = TestNode.clustered(redis.address(), prefix, "one");
             TestNode two = TestNode.clustered(redis.address(), prefix, "two")) {
            SessionClient b = registered(redis, prefix, "two", two.port());
            two.close();
            assertEquals(1012, b.ws.next(Duration.ofSeconds(10)).closeCode());
            try (WsTestClient newer = DomainWire.connect(one, "B", 1)) {
                SessionClient b2 = b.resume(one.port(), "/ws/B", b.lastSeq(), 0);
                WsTestClient.Frame close = b2.ws.next(Duration.ofSeconds(10));
                assertEquals(4000, close.closeCode());
                assertResp(one.post("/offer", offer("newer")), 200, SUCCESS);
                assertEquals(offerFrame(offer("newer")), newer.nextText(), "the newer socket keeps B");
            }
        }
    }

    /**
     * B's session moves to node 1, whose restored socket re-claims domain B in Redis; an offer
     * POSTed to node 1 before the claim's answer is back finds the directory naming node 1 itself
     * and is delivered there, not answered 404. Node 1's link to Redis delivers replies 300 ms late
     * from just before the resume (its start-up goes at full speed), so the offer, posted as soon
     * as B sees {@code resumed}, always falls in that gap.
     */
    @Test
    void anOfferPostedWhileARestoredDomainsClaimIsOnItsWayIsDelivered() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             CutProxy slow = CutProxy.delaying(redis.port(), Duration.ZERO);
             TestNode one = TestNode.clustered("127.0.0.1:" + slow.port(), prefix, "one");
             TestNode two = TestNode.clustered(redis.address(), prefix, "two")) {
            SessionClient b = registered(redis, prefix, "two", two.port());
            slow.delayReplies(Duration.ofMillis(300));
            SessionClient b2 = b.resume(one.port(), "/ws/B", b.lastSeq(), 0);
            assertResp(one.post("/offer", offer("moved")), 200, SUCCESS);
            assertEquals(offerFrame(offer("moved")), b2.next(), "delivered on node 1, once");
            assertResp(two.post("/offer", offer("later")), 200, SUCCESS);
            assertEquals(offerFrame(offer("later")), b2.next(), "node 2 routes to node 1 too");
            b2.close();
        }
    }

    @Test
    void offersToAKilledNodesDomainSessionAreReplayedOnceInOrderOnASurvivor() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.start("30s");
             WsTestClient a = DomainWire.connect(f.survivor(), "A", 1)) {
            SessionClient b = registered(f.redis, f.prefix, "doomed", f.doomed.port());
            assertResp(f.survivor().post("/offer", offer("before")), 200, SUCCESS);
            assertEquals(offerFrame(offer("before")), b.next());

            f.killDoomed();
            for (int i = 0; i < OFFERS / 2; i++) {
                assertResp(f.survivor().post("/offer", offer("x" + i)), 200, SUCCESS);
            }
            // Past the lease and its reaping: B stays registered.
            f.awaitDoomedReaped();
            for (int i = OFFERS / 2; i < OFFERS; i++) {
                assertResp(f.survivor().post("/offer", offer("x" + i)), 200, SUCCESS);
            }
            SessionClient b2 = b.resumeAnyLastSeq(f.survivor().port(), "/ws/B", 0);
            assertResumed(f.survivor(), a, b2);
        }
    }

    @Test
    void aKilledNodesDomainSessionNobodyResumesIsReleasedWhenItsWindowLapses() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().survivor("one", "--node-lease", "1s", "--resume-window", "1s")
                .survivor("two", "--node-lease", "1s", "--resume-window", "1s").doomed("1s").start()) {
            SessionClient b = registered(f.redis, f.prefix, "doomed", f.doomed.port());
            f.killDoomed();
            assertResp(f.survivor(0).post("/offer", offer("held")), 200, SUCCESS);
            Await.until("B's domain released", Duration.ofSeconds(20),
                    () -> f.redis.command("GET", f.prefix + "domain:B") == null);
            assertEquals(404, f.survivor(1).post("/offer", offer("late")).statusCode());
            try (WsTestClient late = f.survivor(0).ws("/ws/B?" + SessionClient.resumeQuery(b.token, b.lastSeq()))) {
                assertEquals(410, late.status());
            }
        }
    }

    /**
     * With auth on, the offers a domain socket may answer without a grant (docs/domain.md#authentication)
     * go with its session's state (docs/cluster.md "Call and domain sessions"): B, whose token grants
     * B alone, receives two offers from A on node 2, resumes on node 1 and answers one, resumes on
     * node 2 again and answers the other; a third answer has no offer left and is refused.
     */
    @Test
    void theOffersADomainSessionMayAnswerMoveWithIt() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        Map<String, String> asB = Map.of("Authorization", "Bearer " + Tokens.valid(Map.of("domain", "B")));
        String asA = "Bearer " + Tokens.valid(Map.of("domain", "A"));
        try (RedisProcess redis = RedisProcess.start();
             TestNode one = TestNode.clustered(redis.address(), prefix, "one", "--auth-secret", Tokens.SECRET);
             TestNode two = TestNode.clustered(redis.address(), prefix, "two", "--auth-secret", Tokens.SECRET);
             WsTestClient a = one.ws("/ws/A", Map.of("Authorization", asA))) {
            assertEquals(101, a.status(), a.body());
            SessionClient b = SessionClient.open(two.port(), "/ws/B", asB);
            String state = prefix + "session:{" + b.token.substring(0, b.token.indexOf('-')) + "}";
            Await.until("A and B registered", Duration.ofSeconds(10), () -> redis.command("GET", prefix + "domain:A") != null
                    && redis.command("GET", prefix + "domain:B") != null);
            for (String sdp : List.of("o1", "o2")) {
                assertResp(one.post("/offer", offer(sdp), "Authorization", asA), 200, SUCCESS);
                assertEquals(offerFrame(offer(sdp)), b.next());
            }
            String answer = "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"YQ==\",\"offer_domain\":\"A\"}}";
            SessionClient b2 = b.resume(one.port(), "/ws/B", asB, 2, 0);
            b2.send(answer);
            assertEquals(answerFrame("YQ==", "A", "[]", "null"), a.nextText(), "an offer received on node 2, answered on node 1");
            Await.until("node 1 stored the offer it used up", Duration.ofSeconds(10),
                    () -> "B\n1:1:A".equals(redis.command("HGET", state, "state")));
            SessionClient b3 = b2.resume(two.port(), "/ws/B", asB, 2, 0);
            b3.send(answer);
            assertEquals(answerFrame("YQ==", "A", "[]", "null"), a.nextText(), "the other one, back on node 2");
            b3.send(answer);
            assertEquals(error("forbidden"), b3.next(), "no offer left to answer");
            b3.close();
        }
    }

    /** Where the frame of {@link #aFrameWhoseCseqItsDyingNodeStoredStillTakesEffect} goes. */
    enum Target {
        /** A on the survivor, a plain socket: the route script publishes the answer alone. */
        PLAIN_SOCKET_ON_ANOTHER_NODE,
        /** A with a session on the survivor: the route script keeps the answer in A's inbox too. */
        SESSION_ON_ANOTHER_NODE,
        /** A with a session on B's own node: the append script numbers the answer into A's log. */
        SESSION_ON_THE_SAME_NODE,
        /** Nobody: B's frame is invalid, and the error that answers it is appended to B's own log. */
        ERROR_TO_THE_SENDER
    }

    /**
     * A domain frame's cseq and its effect reach Redis in one script (docs/cluster.md "Resumable
     * sessions"): B's node is cut off from Redis right after the command that carries B's cseq 1
     * and killed. B resumes on the survivor, which reports {@code last_cseq} 1, so B does not send
     * the frame again: its effect must have reached Redis with that same command. (When the cseq
     * was stored in a command of its own, ahead of the effect, the frame was lost here.)
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void aFrameWhoseCseqItsDyingNodeStoredStillTakesEffect(Target where) throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().cutLink().survivor("survivor", "--node-lease", "2s").doomed("30s").start()) {
            WsTestClient plainA = null;
            SessionClient sessionA = null;
            if (where == Target.PLAIN_SOCKET_ON_ANOTHER_NODE) {
                plainA = DomainWire.connect(f.survivor(), "A", 1);
            } else if (where != Target.ERROR_TO_THE_SENDER) {
                sessionA = SessionClient.open(where == Target.SESSION_ON_THE_SAME_NODE ? f.doomed.port() : f.survivor().port(), "/ws/A");
                Await.until("A registered", Duration.ofSeconds(10), () -> f.redis.command("GET", f.prefix + "domain:A") != null);
            }
            SessionClient b = registered(f.redis, f.prefix, "doomed", f.doomed.port());
            String address = b.token.substring(0, b.token.indexOf('-'));
            f.link.holdAfter("cseq");
            b.sendNumbered(1, where == Target.ERROR_TO_THE_SENDER ? "{\"ty\":\"nonsense\"}"
                    : "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"YQ==\",\"offer_domain\":\"A\"}}");
            Await.until("B's node stored cseq 1 and holds what follows", Duration.ofSeconds(10), () -> f.link.holding()
                    && "1".equals(f.redis.command("HGET", f.prefix + "session:{" + address + "}", "cseq")));
            f.killDoomed();
            SessionClient b2 = b.resumeAnyLastSeq(f.survivor().port(), "/ws/B", 1);
            String answer = answerFrame("YQ==", "A", "[]", "null");
            switch (where) {
                case PLAIN_SOCKET_ON_ANOTHER_NODE:
                    assertEquals(answer, plainA.nextText(), "A got the answer B's node had taken");
                    plainA.close();
                    break;
                case SESSION_ON_ANOTHER_NODE:
                    assertEquals(answer, sessionA.next(), "A got the answer B's node had taken");
                    sessionA.close();
                    break;
                case SESSION_ON_THE_SAME_NODE:
                    SessionClient a2 = sessionA.resumeAnyLastSeq(f.survivor().port(), "/ws/A", 0);
                    assertEquals(answer, a2.next(), "A's log has the answer B's node had taken");
                    a2.close();
                    break;
                default:
                    assertEquals(INVALID_MESSAGE, b2.next(), "B's log has the error B's node had answered");
            }
            b2.close();
        }
    }

    /** B, resumed on {@code node}: the offers posted while it was away, then it and A still talk. */
    private static void assertResumed(TestNode node, WsTestClient a, SessionClient b2) throws Exception {
        for (int i = 0; i < OFFERS; i++) {
            assertEquals(offerFrame(offer("x" + i)), b2.next(), "offer " + i + " once, in order");
        }
        b2.sendNumbered(1, "{\"ty\":\"answer\",\"answer_resp\":{\"answer_sdp\":\"YQ==\",\"offer_domain\":\"A\"}}");
        assertEquals(answerFrame("YQ==", "A", "[]", "null"), a.nextText(), "B's answer reaches A");
        assertResp(node.post("/offer", offer("after")), 200, SUCCESS);
        assertEquals(offerFrame(offer("after")), b2.next(), "live after the replay, no gap");
        b2.close();
    }

    /**
     * Domain B over a resumable session on node {@code nodeId} at {@code port}, once Redis names
     * its holder and counts the session among the node's (so that the node's death holds it).
     */
    private static SessionClient registered(RedisProcess redis, String prefix, String nodeId, int port) throws Exception {
        SessionClient b = SessionClient.open(port, "/ws/B");
        String address = b.token.substring(0, b.token.indexOf('-'));
        Await.until("B registered", Duration.ofSeconds(10), () -> redis.command("GET", prefix + "domain:B") != null
                && Long.valueOf(1).equals(redis.command("SISMEMBER", prefix + "node-sessions:" + nodeId, address)));
        return b;
    }
}
