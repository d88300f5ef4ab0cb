package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.leave;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Calls spanning nodes through a real Redis (docs/call.md, docs/cluster.md): seats count across nodes,
 * events reach every node's sockets in order, replacement and LEAVE hold whichever nodes the
 * sockets are on.
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
    void seatsAndFanOutAreSharedByThreeNodes() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        TestNode three = node("three");
        CallPeer[] ab = meet(one, two, "café 1");
        CallPeer a = ab[0];
        CallPeer b = ab[1];

        HttpResponse<String> third = three.get("/call/caf%C3%A9%201");
        assertEquals(409, third.statusCode(), "both seats are held, on other nodes");
        assertEquals("", third.body());

        a.send("OFFER", "v=0\r\n\"sdp\"");
        assertEquals("{\"call\":\"café 1\",\"body\":\"v=0\\r\\n\\\"sdp\\\"\",\"kind\":\"OFFER\"}", b.nextText());
        b.send("ANSWER", "answer");
        assertEquals(event("café 1", "ANSWER", "answer"), a.nextText(), "a's own offer never came back to it");
        // Any node takes a signal for any call.
        HttpResponse<String> viaThree = three.post("/signal", CallPeer.signalJson("café 1", a.session, "OFFER", "via three"),
                "Content-Type", "application/json");
        assertEquals(200, viaThree.statusCode());
        assertEquals(event("café 1", "OFFER", "via three"), b.nextText());
        HttpResponse<String> stranger = three.post("/signal", CallPeer.signalJson("café 1", "2uX9Zp0SSGyBOMpmXoYCVfJqDzJ", "OFFER", "x"),
                "Content-Type", "application/json");
        assertEquals(409, stranger.statusCode());
        assertEquals(1.0, three.metric("signal_relay_seconds_count{dialect=\"call\"}"), "three timed the signal it handed to Redis, not the stranger's 409");

        // Per-sender order across nodes.
        for (int i = 0; i < 30; i++) {
            a.send("OFFER", "o" + i);
        }
        for (int i = 0; i < 30; i++) {
            assertEquals(event("café 1", "OFFER", "o" + i), b.nextText());
        }

        // b's socket closes: a hears exactly one LEAVE; b's seat stays (the seed's rejoin window),
        // so b may still post, and that is the next thing a hears.
        b.ws.abort();
        assertEquals(leave("café 1"), a.nextText());
        assertEquals(409, three.get("/call/caf%C3%A9%201").statusCode());
        b.send("OFFER", "after-leave");
        assertEquals(event("café 1", "OFFER", "after-leave"), a.nextText());
        assertEveryKeyHasATtl("call-seats:café 1", "call-live:café 1", "node-calls:one");
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
    void aNewerSocketOnAnotherNodeReplacesTheOlderOneAndTheSessionLeavesOnce() throws Exception {
        TestNode one = node("one");
        TestNode two = node("two");
        TestNode three = node("three");
        CallPeer[] ab = meet(one, two, "r");
        CallPeer a = ab[0];
        CallPeer b = ab[1];

        // b's session comes back through node three: the socket on node two is replaced.
        WsTestClient newer = track(CallPeer.openWs(three, b.joinMessage));
        assertEquals(welcome("r"), newer.nextText());
        WsTestClient.Frame closed = b.ws.next();
        assertTrue(closed.isClose(), "the older socket gets its close frame");
        assertEquals(1000, closed.closeCode());
        assertEquals("replaced by a newer connection", closed.closeReason());

        // A replacement publishes neither PEER nor LEAVE: a's next frame is b's answer.
        b.send("ANSWER", "from-b");
        assertEquals(event("r", "ANSWER", "from-b"), a.nextText());
        a.send("OFFER", "to-newer");
        assertEquals(event("r", "OFFER", "to-newer"), newer.nextText());

        // The session's last socket closes: one LEAVE; a WELCOME after that is a PEER again.
        newer.abort();
        assertEquals(leave("r"), a.nextText());
        WsTestClient again = track(CallPeer.openWs(one, b.joinMessage));
        assertEquals(welcome("r"), again.nextText());
        assertEquals(peer("r"), a.nextText());
        b.send("OFFER", "back");
        assertEquals(event("r", "OFFER", "back"), a.nextText());
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
        assertTrue(redis.keys(prefix + "node-calls:two").isEmpty());
        assertEquals(List.of("one"), redis.command("ZRANGE", prefix + "nodes", "0", "-1"));
    }

    @Test
    void aSessionThatNeverConnectsLeavesWhenItsSeatLapses() throws Exception {
        String[] flags = {"--seat-timeout", "1s", "--ws-ping-interval", "200ms"};
        TestNode one = node("one", flags);
        TestNode two = node("two", flags);
        CallPeer a = track(CallPeer.joined(one, "lapse"));
        seatSeen(two, "lapse", a);
        // No socket ever presents the seat: after 1 s (plus a sweep) it lapses and a hears LEAVE.
        assertEquals(leave("lapse"), a.ws.next(Duration.ofSeconds(5)).text());
        // a's own seat is kept alive by its pongs, on whichever node renews it.
        CallPeer c = seatSeen(two, "lapse", a);
        c.connect();
        c.send("OFFER", "still here");
        assertEquals(event("lapse", "OFFER", "still here"), a.nextText());
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
