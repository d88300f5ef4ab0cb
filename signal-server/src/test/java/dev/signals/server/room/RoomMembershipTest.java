package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.connect;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.leaveClient;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/room.md membership and relay, asserted byte for byte over real WebSockets. */
class RoomMembershipTest {
    private static final Duration QUIET = Duration.ofMillis(300);
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
    void seedFlowOfferAnswerAndCandidateWithSenderWrittenIn() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            a.join("r1");
            assertEquals(joined("r1"), a.next());
            b.join("r1");
            assertEquals(joined("r1", a.id()), b.next());
            assertEquals(newClient(b.id()), a.next());
            a.send(offer(b.id(), "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1"));
            assertEquals(relayed("offer", a.id(), "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1"), b.next());
            b.send("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"sdp\":\"v=1\",\"extra\":true}}");
            assertEquals(relayed("answer", b.id(), "v=1"), a.next());
            a.send("{\"type\":\"ice-candidate\",\"payload\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"client_id\":\""
                    + b.id() + "\",\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\"}}");
            assertEquals("{\"type\":\"ice-candidate\",\"payload\":{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 5000 typ host\","
                    + "\"client_id\":\"" + a.id() + "\",\"sdpMLineIndex\":0,\"sdpMid\":\"0\"}}", b.next());
            b.send("{\"type\":\"ice-candidate\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"candidate\":\"c\",\"sdpMid\":null}}");
            assertEquals("{\"type\":\"ice-candidate\",\"payload\":{\"candidate\":\"c\",\"client_id\":\"" + b.id()
                    + "\",\"sdpMLineIndex\":null,\"sdpMid\":null}}", a.next());
        }
    }

    @Test
    void newClientGoesToOthersOnlyAndUnicastReachesOnlyItsTarget() throws Exception {
        try (Client a = connect(node); Client b = connect(node); Client c = connect(node)) {
            a.join("r");
            a.next();
            b.join("r");
            b.next();
            assertEquals(newClient(b.id()), a.next());
            c.join("r");
            assertEquals(joined("r", a.id(), b.id()), c.next());
            assertEquals(newClient(c.id()), a.next());
            assertEquals(newClient(c.id()), b.next());
            assertNull(c.ws().poll(QUIET), "the joiner gets no new-client about itself");
            a.send(offer(c.id(), "x"));
            assertEquals(relayed("offer", a.id(), "x"), c.next());
            assertNull(b.ws().poll(QUIET), "a unicast must not reach other members");
            assertNull(a.ws().poll(Duration.ofMillis(50)));
        }
    }

    @Test
    void leaveClientArrivesWithinASecondOfAnAbruptDisconnect() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            a.join("r");
            a.next();
            b.join("r");
            b.next();
            a.next();
            b.ws().abort();
            assertEquals(leaveClient(b.id()), a.ws().next(Duration.ofSeconds(1)).text());
        }
    }

    @Test
    void explicitLeaveNotifiesOthersAndEmptyRoomsAreDeleted() throws Exception {
        try (Client a = connect(node); Client b = connect(node)) {
            a.join("r");
            a.next();
            b.join("r");
            b.next();
            a.next();
            node.awaitState(s -> s.contains("\"rooms\":1"));
            b.send("{\"type\":\"leave\",\"payload\":{}}");
            assertEquals(leaveClient(b.id()), a.next());
            a.send("{\"type\":\"leave\"}");
            node.awaitState(s -> s.contains("\"rooms\":0") && s.contains("\"room_members\":0"));
            a.send("{\"type\":\"leave\"}");
            assertNull(a.ws().poll(QUIET), "leave outside a room is a silent no-op");
        }
    }

    @Test
    void joiningAnotherRoomMovesTheClientAndRejoiningRepeatsJoinedOnlyToTheJoiner() throws Exception {
        try (Client a = connect(node); Client b = connect(node); Client c = connect(node)) {
            a.join("one");
            a.next();
            b.join("one");
            b.next();
            a.next();
            c.join("two");
            c.next();
            b.join("two");
            assertEquals(joined("two", c.id()), b.next());
            assertEquals(newClient(b.id()), c.next());
            assertEquals(leaveClient(b.id()), a.next());
            b.join("two");
            assertEquals(joined("two", c.id()), b.next());
            assertNull(c.ws().poll(QUIET), "a re-join is not announced to others");
            a.send(offer(b.id(), "x"));
            assertEquals(RoomClients.error("failed to transfer offer"), a.next());
        }
    }

    @Test
    void keepAlivePingFrameIsSentOnTheConfiguredInterval() throws Exception {
        try (TestNode fast = TestNode.start("--room-ping-interval", "200ms"); Client a = connect(fast)) {
            assertEquals("{\"type\":\"ping\"}", a.next());
        }
    }

    @Test
    void extraListenerServesTheSameRoutes() throws Exception {
        try (TestNode multi = TestNode.start("--also-listen", "127.0.0.1:0")) {
            int extra = multi.server().extraPorts().get(0);
            try (dev.signals.server.testing.WsTestClient ws = dev.signals.server.testing.WsTestClient.connect(extra, "/connect")) {
                assertEquals(101, ws.status());
                assertTrue(ws.nextText().startsWith("{\"type\":\"notify-client-id\""));
            }
        }
    }
}
