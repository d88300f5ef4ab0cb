package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.leave;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * What only calls spanning nodes through a real Redis have (docs/call.md, docs/cluster.md): TTLs on
 * their keys, a socket registering on one node while another streams, a node leaving, and a Redis
 * outage. Seats, fan-out, replacement and LEAVE across nodes are {@link CallFlowTest}'s, run on
 * every deployment; the seat rules are {@code SeatContract}'s.
 */
class RedisCallClusterTest extends ClusteredTest {
    /** A seat in {@code call} on {@code node}; {@code present} hears its PEER. */
    private CallPeer seatSeen(TestNode node, String call, CallPeer present) throws Exception {
        CallPeer peer = track(CallPeer.seat(node, call));
        assertEquals(peer(call), present.nextText());
        return peer;
    }

    /** a welcomed on {@code first}, then b seated (a hears PEER) and welcomed on {@code second}. */
    private CallPeer[] meet(TestNode first, TestNode second, String call) throws Exception {
        CallPeer a = track(CallPeer.joined(first, call));
        CallPeer b = seatSeen(second, call, a);
        b.connect();
        return new CallPeer[] {a, b};
    }

    @Test
    void everyKeyACallWritesHasATtl() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        meet(one, two, "café 1");
        assertEveryKeyHasATtl("call-seats:café 1", "call-live:café 1", "node-calls:one", "node-calls:two");
    }

    @Test
    void aSocketJoiningDuringAStreamGetsWelcomeThenAnUnbrokenTail() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        CallPeer a = track(CallPeer.joined(one, "stream"));
        CallPeer b = seatSeen(two, "stream", a);
        // a posts offers without pause until b has been welcomed and 20 more have gone out.
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger stopAt = new AtomicInteger(Integer.MAX_VALUE);
        Thread poster = new Thread(() -> {
            try {
                while (sent.get() < stopAt.get() && sent.get() < 5000) {
                    a.send("OFFER", "o" + sent.get());
                    sent.incrementAndGet();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        poster.start();
        while (sent.get() < 5) {
            Thread.sleep(1);
        }
        b.connect(); // expects WELCOME as the very first frame
        stopAt.set(sent.get() + 20);
        poster.join(20_000);
        // After WELCOME, every offer published after the registration, in order, none missing.
        String first = b.nextText();
        assertTrue(first.startsWith("{\"call\":\"stream\",\"body\":\"o"), first);
        int from = Integer.parseInt(first.substring(first.indexOf("\"o") + 2, first.indexOf("\",\"kind")));
        for (int i = from + 1; i < sent.get(); i++) {
            assertEquals(event("stream", "OFFER", "o" + i), b.nextText());
        }
        b.send("ANSWER", "end");
        assertEquals(event("stream", "ANSWER", "end"), a.nextText());
    }

    @Test
    void aNodeStoppingGracefullyAnnouncesItsSessionsLeavingAndLeavesNothing() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        CallPeer[] ab = meet(one, two, "bye");
        CallPeer a = ab[0];
        CallPeer b = ab[1];
        two.close();
        WsTestClient.Frame closed = b.ws.next();
        assertEquals(1001, closed.closeCode());
        assertEquals(leave("bye"), a.nextText());
        // Exactly one LEAVE (the socket's close and the node's release both end the session):
        // b's seat outlives its node, and its next signal is what a hears next.
        assertEquals(200, one.post("/signal", CallPeer.signalJson("bye", b.session, "OFFER", "later"),
                "Content-Type", "application/json").statusCode());
        assertEquals(event("bye", "OFFER", "later"), a.nextText());
        assertFalse(plainKeys().stream().anyMatch(k -> k.startsWith(prefix + "node-calls:two")), plainKeys().toString());
        assertEquals(List.of("one"), redis.command("ZRANGE", key("nodes"), "0", "-1"));
    }

    @Test
    @EnabledIf("dev.signals.server.testing.ClusteredTest#overSingleRedis")
    void redisDownAnswersBackendErrorsAndRedisBackWorksAgain() throws Exception {
        // No pings: the open socket is not closed by a failed renewal while Redis is away.
        String[] flags = {"--ws-ping-interval", "0", "--ws-read-timeout", "0"};
        try (RedisProcess own = RedisProcess.start();
             TestNode one = TestNode.clustered(own.address(), prefix, "one", flags);
             TestNode two = TestNode.clustered(own.address(), prefix, "two", flags);
             CallPeer a = CallPeer.joined(one, "d");
             CallPeer b = CallPeer.seat(two, "d")) {
            assertEquals(peer("d"), a.nextText());
            own.stop();
            awaitStatus(one, "/readyz", 503);

            assertEquals(500, two.get("/call/d").statusCode());
            assertEquals("", two.get("/call/d").body());
            assertEquals(500, a.post("OFFER", "o").statusCode());
            WsTestClient refused = CallPeer.openWs(two, b.joinMessage);
            WsTestClient.Frame closed = refused.next();
            assertEquals(1000, closed.closeCode());
            assertEquals("backend failure", closed.closeReason());
            refused.close();

            own.restart(); // empty: seats and presence are re-registered by the nodes
            one.awaitReady(Duration.ofSeconds(10));
            two.awaitReady(Duration.ofSeconds(10));
            // a's socket is registered again, seat included: b's seat is gone with Redis's memory.
            try (CallPeer c = CallPeer.seat(two, "d")) {
                assertEquals(peer("d"), a.nextText());
                c.connect();
                c.send("OFFER", "after restart");
                assertEquals(event("d", "OFFER", "after restart"), a.nextText());
                assertEquals(409, one.get("/call/d").statusCode(), "a's restored seat counts");
            }
        }
    }
}
