package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.leaveClient;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.DeployedTest;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/room.md membership and relay, asserted byte for byte over real WebSockets, on every
 * {@link dev.signals.server.testing.Deployment}: clustered, consecutive clients are on different
 * nodes, so joins, leaves and relays cross the backplane.
 */
class RoomMembershipTest extends DeployedTest {
    private static final Duration QUIET = Duration.ofMillis(300);
    private int clients;

    /** A client of the next node in turn, closed after the test. */
    private Client connect() throws Exception {
        return track(RoomClients.connect(node(clients++)));
    }

    /** {@code clients} in {@code room}, joined in order, past every join's frames. */
    private List<Client> inRoom(String room, int count) throws Exception {
        List<Client> members = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Client joiner = connect();
            joiner.join(room);
            assertEquals(joined(room, members.stream().map(Client::id).toArray(String[]::new)), joiner.next());
            for (Client earlier : members) {
                assertEquals(newClient(joiner.id()), earlier.next());
            }
            members.add(joiner);
        }
        return members;
    }

    @Test
    void seedFlowOfferAnswerAndCandidateWithSenderWrittenIn() throws Exception {
        String room = unique("r1");
        Client a = connect();
        Client b = connect();
        a.join(room);
        assertEquals(joined(room), a.next());
        b.join(room);
        assertEquals(joined(room, a.id()), b.next());
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

    @Test
    void newClientGoesToOthersOnlyAndUnicastReachesOnlyItsTarget() throws Exception {
        List<Client> abc = inRoom(unique("r"), 3);
        Client a = abc.get(0);
        Client b = abc.get(1);
        Client c = abc.get(2);
        assertNull(c.ws().poll(QUIET), "the joiner gets no new-client about itself");
        a.send(offer(c.id(), "x"));
        assertEquals(relayed("offer", a.id(), "x"), c.next());
        assertNull(b.ws().poll(QUIET), "a unicast must not reach other members");
        assertNull(a.ws().poll(Duration.ofMillis(50)));
    }

    @Test
    void joinedListsMembersOldestFirstAndALeaveReachesEveryMemberOnce() throws Exception {
        List<Client> members = inRoom(unique("mesh"), 6);
        Client leaver = members.get(1);
        leaver.send("{\"type\":\"leave\",\"payload\":{}}");
        for (Client member : members) {
            if (member != leaver) {
                assertEquals(leaveClient(leaver.id()), member.next());
            }
        }
        for (Client member : members) {
            assertNull(member.ws().poll(Duration.ofMillis(50)), "one leave-client each");
        }
    }

    @Test
    void leaveClientArrivesWithinASecondOfAnAbruptDisconnectAndLeavesNoGhost() throws Exception {
        String room = unique("r");
        List<Client> ab = inRoom(room, 2);
        Client a = ab.get(0);
        Client b = ab.get(1);
        b.ws().abort();
        assertEquals(leaveClient(b.id()), a.ws().next(Duration.ofSeconds(1)).text());
        // A newcomer (on b's node when there are two) finds only a.
        connect();
        Client c = connect();
        c.join(room);
        assertEquals(joined(room, a.id()), c.next());
        assertEquals(newClient(c.id()), a.next());
    }

    @Test
    void explicitLeaveNotifiesOthersAndEmptyRoomsAreDeleted() throws Exception {
        TestNode node = deploy().node(0);
        String room = unique("r");
        try (Client a = RoomClients.connect(node); Client b = RoomClients.connect(node)) {
            a.join(room);
            a.next();
            b.join(room);
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
        String one = unique("one");
        String two = unique("two");
        List<Client> ab = inRoom(one, 2);
        Client a = ab.get(0);
        Client b = ab.get(1);
        Client c = connect();
        c.join(two);
        c.next();
        b.join(two);
        assertEquals(joined(two, c.id()), b.next());
        assertEquals(newClient(b.id()), c.next());
        assertEquals(leaveClient(b.id()), a.next());
        b.join(two);
        assertEquals(joined(two, c.id()), b.next());
        assertNull(c.ws().poll(QUIET), "a re-join is not announced to others");
        b.send(offer(c.id(), "after-rejoin"));
        assertEquals(relayed("offer", b.id(), "after-rejoin"), c.next());
        a.send(offer(b.id(), "x"));
        assertEquals(RoomClients.error("failed to transfer offer"), a.next());
    }

    @Test
    void keepAlivePingFrameIsSentOnTheConfiguredInterval() throws Exception {
        TestNode fast = deploy("--room-ping-interval", "200ms").node(0);
        try (Client a = RoomClients.connect(fast)) {
            assertEquals("{\"type\":\"ping\"}", a.next());
        }
    }

    @Test
    void extraListenerServesTheSameRoutes() throws Exception {
        TestNode multi = deploy("--also-listen", "127.0.0.1:0").node(0);
        int extra = multi.server().extraPorts().get(0);
        try (WsTestClient ws = WsTestClient.connect(extra, "/connect")) {
            assertEquals(101, ws.status());
            assertTrue(ws.nextText().startsWith("{\"type\":\"notify-client-id\""));
        }
    }
}
