package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.leave;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.DeployedTest;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The seed's two-peer flow and the seat semaphore, over real sockets (docs/call.md), on every
 * {@link dev.signals.server.testing.Deployment}: clustered, the first peer of a call is on one
 * node and the second on the other, so seats, presence and signals cross the backplane.
 */
class CallFlowTest extends DeployedTest {
    private static final String SDP_OFFER = "v=0\r\no=- 46117317 2 IN IP4 127.0.0.1\r\ns=-\r\na=group:BUNDLE 0\r\n";
    private static final String SDP_ANSWER = "v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\na=\"quoted\" </script>\r\n";

    private static String path(String call) {
        return "/call/" + URLEncoder.encode(call, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void twoPeersExchangeOfferAndAnswerThroughTheCall() throws Exception {
        String call = unique("room1");
        try (CallPeer a = CallPeer.joined(node(0), call)) {
            try (CallPeer b = CallPeer.seat(node(1), call)) {
                assertNotEquals(a.session, b.session);
                assertEquals("{\"call\":\"" + call + "\",\"kind\":\"PEER\"}", a.nextText());
                b.connect();
                a.send("OFFER", SDP_OFFER);
                assertEquals("{\"call\":\"" + call + "\",\"body\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\na=group:BUNDLE 0\\r\\n\",\"kind\":\"OFFER\"}",
                        b.nextText());
                b.send("ANSWER", SDP_ANSWER);
                // A's next frame is B's answer: its own offer never came back to it.
                assertEquals("{\"call\":\"" + call + "\",\"body\":\"v=0\\r\\no=- 99 2 IN IP4 127.0.0.1\\r\\na=\\\"quoted\\\" </script>\\r\\n\",\"kind\":\"ANSWER\"}",
                        a.nextText());
                a.send("OFFER", "second");
                assertEquals(event(call, "OFFER", "second"), b.nextText(), "B's own answer never came back to it");

                for (int i = 0; i < 2; i++) {
                    HttpResponse<String> third = node(i).get(path(call));
                    assertEquals(409, third.statusCode(), "both seats are held, whichever node asks");
                    assertEquals("", third.body());
                }
                // Any node takes a signal for any call; each sender's order holds.
                for (int i = 0; i < 30; i++) {
                    assertEquals(200, node(i).post("/signal", CallPeer.signalJson(call, a.session, "OFFER", "o" + i),
                            "Content-Type", "application/json").statusCode());
                }
                for (int i = 0; i < 30; i++) {
                    assertEquals(event(call, "OFFER", "o" + i), b.nextText());
                }
                HttpResponse<String> stranger = node(1).post("/signal",
                        CallPeer.signalJson(call, "2uX9Zp0SSGyBOMpmXoYCVfJqDzJ", "OFFER", "x"), "Content-Type", "application/json");
                assertEquals(409, stranger.statusCode());
            }
        }
    }

    @Test
    void debugStateAndMetricsCountCalls() throws Exception {
        TestNode node = deploy().node(0);
        String call = unique("counted");
        CallPeer a = track(CallPeer.joined(node, call));
        track(CallPeer.joined(node, call));
        assertEquals(peer(call), a.nextText());
        assertTrue(node.adminGet("/debug/state").body().contains("\"calls\":1"));
        assertTrue(node.adminGet("/metrics").body().contains("signal_calls 1.0"));
    }

    @Test
    void sessionsAreKsuidsInTimeOrder() throws Exception {
        String first = CallPeer.seat(node(0), unique("k")).session;
        String second = CallPeer.seat(node(1), unique("other")).session;
        assertEquals(27, first.length());
        // The first 4 of the 20 bytes are seconds since the KSUID epoch: they never decrease. (A
        // prefix of the base62 text is not enough: its 5th character depends on the random bytes.)
        assertTrue(ksuidSeconds(first) <= ksuidSeconds(second), first + " then " + second);
    }

    private static long ksuidSeconds(String ksuid) {
        String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        BigInteger value = BigInteger.ZERO;
        for (char c : ksuid.toCharArray()) {
            value = value.multiply(BigInteger.valueOf(62)).add(BigInteger.valueOf(digits.indexOf(c)));
        }
        return value.shiftRight(128).longValueExact();
    }

    @Test
    void eventsStayInsideTheirCall() throws Exception {
        String one = unique("one");
        String two = unique("two");
        try (CallPeer a = CallPeer.joined(node(0), one); CallPeer x = CallPeer.joined(node(1), two)) {
            try (CallPeer b = CallPeer.joined(node(1), one)) {
                assertEquals(peer(one), a.nextText());
                b.send("OFFER", "for-one");
                assertEquals(event(one, "OFFER", "for-one"), a.nextText());
                try (CallPeer y = CallPeer.seat(node(0), two)) {
                    // x's next frame is two's PEER: nothing from call one reached it.
                    assertEquals(peer(two), x.nextText());
                }
            }
        }
    }

    @Test
    void aSeatHeldByNoSocketLapsesAndAPongKeepsOneAlive() throws Exception {
        Nodes nodes = deploy("--seat-timeout", "1s", "--ws-ping-interval", "200ms");
        String call = unique("lapse");
        try (CallPeer a = CallPeer.joined(nodes.node(0), call)) {
            CallPeer.seat(nodes.node(1), call); // B never opens its socket
            assertEquals(peer(call), a.nextText());
            assertEquals(409, nodes.node(0).get(path(call)).statusCode());
            // B's seat lapses (a sweep on any node notices); A's survives because every pong renews it.
            assertEquals(leave(call), a.ws.next(Duration.ofSeconds(5)).text());
            try (CallPeer c = CallPeer.joined(nodes.node(1), call)) {
                assertEquals(peer(call), a.nextText());
                assertEquals(409, nodes.node(0).get(path(call)).statusCode(), "A still holds its seat");
                c.send("OFFER", "still here");
                assertEquals(event(call, "OFFER", "still here"), a.nextText());
            }
        }
    }

    @Test
    void aNewClientTakesTheSeatOnceItLapses() throws Exception {
        Nodes nodes = deploy("--seat-timeout", "1s");
        String call = unique("full");
        CallPeer.seat(nodes.node(0), call);
        CallPeer.seat(nodes.node(1), call);
        assertEquals(409, nodes.node(0).get(path(call)).statusCode());
        assertTrue(CallPeer.eventually(Duration.ofSeconds(5), () -> nodes.node(1).get(path(call)).statusCode() == 200));
    }

    @Test
    void aSessionRejoinsWithinTheSeatTimeout() throws Exception {
        String call = unique("re");
        try (CallPeer a = CallPeer.joined(node(0), call); CallPeer b = CallPeer.joined(node(1), call)) {
            assertEquals(peer(call), a.nextText());
            b.ws.sendClose(1000, "bye");
            assertEquals(leave(call), a.nextText());
            b.connect(); // same session, same JOIN message
            assertEquals(peer(call), a.nextText());
            a.send("OFFER", "again");
            assertEquals(event(call, "OFFER", "again"), b.nextText());
            assertEquals(409, node(0).get(path(call)).statusCode(), "the rejoin took no extra seat");
        }
    }

    @Test
    void leaveIsSentOncePerDepartureAndTheSeatOutlivesTheSocket() throws Exception {
        String call = unique("once");
        try (CallPeer a = CallPeer.joined(node(0), call); CallPeer b = CallPeer.joined(node(1), call)) {
            assertEquals(peer(call), a.nextText());
            b.ws.abort();
            assertEquals(leave(call), a.nextText());
            // b's seat stays (the seed's rejoin window): it may still post, and that is what a hears next.
            b.send("OFFER", "after-leave");
            assertEquals(event(call, "OFFER", "after-leave"), a.nextText());
            b.connect();
            assertEquals(peer(call), a.nextText(), "no second LEAVE came before the PEER of the return");
            b.send("OFFER", "after");
            assertEquals(event(call, "OFFER", "after"), a.nextText());
        }
    }

    @Test
    void aReplacedSocketClosesWithoutLeaveOrPeerWhicheverNodeTheNewerIsOn() throws Exception {
        String call = unique("swap");
        try (CallPeer a = CallPeer.joined(node(0), call); CallPeer b = CallPeer.joined(node(1), call)) {
            assertEquals(peer(call), a.nextText());
            WsTestClient older = b.ws;
            b.ws = track(CallPeer.openWs(node(0), b.joinMessage)); // b's session comes back through the other node
            assertEquals(welcome(call), b.nextText());
            WsTestClient.Frame closed = older.awaitClose(Duration.ofSeconds(5));
            assertEquals(1000, closed.closeCode());
            assertEquals("replaced by a newer connection", closed.closeReason());
            a.send("OFFER", "to-newer");
            assertEquals(event(call, "OFFER", "to-newer"), b.nextText());
            b.send("ANSWER", "from-newer");
            assertEquals(event(call, "ANSWER", "from-newer"), a.nextText(), "neither LEAVE nor PEER before it");
            // The session's last socket closes: one LEAVE; a WELCOME after that is a PEER again.
            b.ws.abort();
            assertEquals(leave(call), a.nextText());
            b.connect();
            assertEquals(peer(call), a.nextText());
            b.send("OFFER", "back");
            assertEquals(event(call, "OFFER", "back"), a.nextText());
        }
    }

    @Test
    void leaveEventsCanBeTurnedOff() throws Exception {
        Nodes nodes = deploy("--call-leave-events=false");
        String call = unique("quiet");
        try (CallPeer a = CallPeer.joined(nodes.node(0), call); CallPeer b = CallPeer.joined(nodes.node(1), call)) {
            assertEquals(peer(call), a.nextText(), "PEER on a seat grant is the seed's own event");
            b.ws.abort();
            b.connect();
            b.send("OFFER", "marker");
            assertEquals(event(call, "OFFER", "marker"), a.nextText(), "no LEAVE and no second PEER");
        }
    }

    @Test
    void namesWithSpacesQuotesAndEmojiRoundTripExactly() throws Exception {
        String call = unique("a b\"😀");
        try (CallPeer a = CallPeer.joined(node(0), call); CallPeer b = CallPeer.seat(node(1), call)) {
            String quoted = call.replace("\"", "\\\"");
            assertTrue(a.joinMessage.startsWith("{\"call\":\"" + quoted + "\",\"session\":\""), a.joinMessage);
            assertEquals("{\"call\":\"" + quoted + "\",\"kind\":\"PEER\"}", a.nextText());
        }
    }
}
