package dev.signals.server.call;

import static dev.signals.server.call.CallPeer.event;
import static dev.signals.server.call.CallPeer.leave;
import static dev.signals.server.call.CallPeer.peer;
import static dev.signals.server.call.CallPeer.welcome;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.TestNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The seed's two-peer flow and the seat semaphore, over real sockets (docs/call.md). */
class CallFlowTest {
    private static final String SDP_OFFER = "v=0\r\no=- 46117317 2 IN IP4 127.0.0.1\r\ns=-\r\na=group:BUNDLE 0\r\n";
    private static final String SDP_ANSWER = "v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\na=\"quoted\" </script>\r\n";
    private TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void twoPeersExchangeOfferAndAnswerThroughTheCall() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "room1")) {
            try (CallPeer b = CallPeer.seat(node, "room1")) {
                assertNotEquals(a.session, b.session);
                assertEquals("{\"call\":\"room1\",\"kind\":\"PEER\"}", a.nextText());
                b.connect();
                a.send("OFFER", SDP_OFFER);
                assertEquals("{\"call\":\"room1\",\"body\":\"v=0\\r\\no=- 46117317 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\na=group:BUNDLE 0\\r\\n\",\"kind\":\"OFFER\"}",
                        b.nextText());
                b.send("ANSWER", SDP_ANSWER);
                // A's next frame is B's answer: its own offer never came back to it.
                assertEquals("{\"call\":\"room1\",\"body\":\"v=0\\r\\no=- 99 2 IN IP4 127.0.0.1\\r\\na=\\\"quoted\\\" </script>\\r\\n\",\"kind\":\"ANSWER\"}",
                        a.nextText());
                a.send("OFFER", "second");
                assertEquals(event("room1", "OFFER", "second"), b.nextText(), "B's own answer never came back to it");

                HttpResponse<String> third = node.get("/call/room1");
                assertEquals(409, third.statusCode());
                assertEquals("", third.body());
                assertTrue(node.adminGet("/debug/state").body().contains("\"calls\":1"));
                assertTrue(node.adminGet("/metrics").body().contains("signal_calls 1.0"));
            }
        }
    }

    @Test
    void sessionsAreKsuidsInTimeOrder() throws Exception {
        String first = CallPeer.seat(node, "k").session;
        String second = CallPeer.seat(node, "other").session;
        assertEquals(27, first.length());
        // The first 4 bytes are seconds since the KSUID epoch, so the prefix never decreases.
        assertTrue(first.substring(0, 5).compareTo(second.substring(0, 5)) <= 0);
    }

    @Test
    void eventsStayInsideTheirCall() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "one"); CallPeer x = CallPeer.joined(node, "two")) {
            try (CallPeer b = CallPeer.joined(node, "one")) {
                assertEquals(peer("one"), a.nextText());
                b.send("OFFER", "for-one");
                assertEquals(event("one", "OFFER", "for-one"), a.nextText());
                try (CallPeer y = CallPeer.seat(node, "two")) {
                    // x's next frame is two's PEER: nothing from call one reached it.
                    assertEquals(peer("two"), x.nextText());
                }
            }
        }
    }

    @Test
    void aSeatHeldByNoSocketLapsesAndAPongKeepsOneAlive() throws Exception {
        node.close();
        node = TestNode.start("--seat-timeout", "1s", "--ws-ping-interval", "200ms");
        try (CallPeer a = CallPeer.joined(node, "lapse")) {
            CallPeer.seat(node, "lapse"); // B never opens its socket
            assertEquals(peer("lapse"), a.nextText());
            assertEquals(409, node.get("/call/lapse").statusCode());
            // B's seat lapses; A's survives because every pong renews it.
            assertEquals(leave("lapse"), a.nextText());
            try (CallPeer c = CallPeer.joined(node, "lapse")) {
                assertEquals(peer("lapse"), a.nextText());
                assertEquals(409, node.get("/call/lapse").statusCode(), "A still holds its seat");
            }
        }
    }

    @Test
    void aNewClientTakesTheSeatOnceItLapses() throws Exception {
        node.close();
        node = TestNode.start("--seat-timeout", "1s");
        CallPeer.seat(node, "full");
        CallPeer.seat(node, "full");
        assertEquals(409, node.get("/call/full").statusCode());
        assertTrue(CallPeer.eventually(java.time.Duration.ofSeconds(5), () -> node.get("/call/full").statusCode() == 200));
    }

    @Test
    void aSessionRejoinsWithinTheSeatTimeout() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "re"); CallPeer b = CallPeer.joined(node, "re")) {
            assertEquals(peer("re"), a.nextText());
            b.ws.sendClose(1000, "bye");
            assertEquals(leave("re"), a.nextText());
            b.connect(); // same session, same JOIN message
            assertEquals(peer("re"), a.nextText());
            a.send("OFFER", "again");
            assertEquals(event("re", "OFFER", "again"), b.nextText());
            assertEquals(409, node.get("/call/re").statusCode(), "the rejoin took no extra seat");
        }
    }

    @Test
    void leaveIsSentOncePerDeparture() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "once"); CallPeer b = CallPeer.joined(node, "once")) {
            assertEquals(peer("once"), a.nextText());
            b.ws.abort();
            assertEquals(leave("once"), a.nextText());
            b.connect();
            assertEquals(peer("once"), a.nextText(), "no second LEAVE came before the PEER of the return");
            b.send("OFFER", "after");
            assertEquals(event("once", "OFFER", "after"), a.nextText());
        }
    }

    @Test
    void aReplacedSocketClosesWithoutLeaveOrPeer() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "swap"); CallPeer b = CallPeer.joined(node, "swap")) {
            assertEquals(peer("swap"), a.nextText());
            var older = b.ws;
            b.connect();
            var closed = older.awaitClose(java.time.Duration.ofSeconds(5));
            assertEquals(1000, closed.closeCode());
            assertEquals("replaced by a newer connection", closed.closeReason());
            a.send("OFFER", "to-newer");
            assertEquals(event("swap", "OFFER", "to-newer"), b.nextText());
            b.send("ANSWER", "from-newer");
            assertEquals(event("swap", "ANSWER", "from-newer"), a.nextText(), "neither LEAVE nor PEER before it");
            b.ws.abort();
            assertEquals(leave("swap"), a.nextText());
        }
    }

    @Test
    void leaveEventsCanBeTurnedOff() throws Exception {
        node.close();
        node = TestNode.start("--call-leave-events=false");
        try (CallPeer a = CallPeer.joined(node, "quiet"); CallPeer b = CallPeer.joined(node, "quiet")) {
            assertEquals(peer("quiet"), a.nextText(), "PEER on a seat grant is the seed's own event");
            b.ws.abort();
            b.connect();
            b.send("OFFER", "marker");
            assertEquals(event("quiet", "OFFER", "marker"), a.nextText(), "no LEAVE and no second PEER");
        }
    }

    @Test
    void namesWithSpacesQuotesAndEmojiRoundTripExactly() throws Exception {
        try (CallPeer a = CallPeer.joined(node, "a b\"😀"); CallPeer b = CallPeer.seat(node, "a b\"😀")) {
            assertTrue(a.joinMessage.startsWith("{\"call\":\"a b\\\"😀\",\"session\":\""), a.joinMessage);
            assertEquals("{\"call\":\"a b\\\"😀\",\"kind\":\"PEER\"}", a.nextText());
        }
    }
}
