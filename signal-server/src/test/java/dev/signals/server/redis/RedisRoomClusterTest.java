package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.answerFrom;
import static dev.signals.server.testing.RoomPeer.candidateFrom;
import static dev.signals.server.testing.RoomPeer.error;
import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.leaveClient;
import static dev.signals.server.testing.RoomPeer.newClient;
import static dev.signals.server.testing.RoomPeer.offerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Rooms spanning nodes through a real Redis (docs/room.md, docs/cluster.md): what only members on
 * different nodes see. The membership and relay flows across nodes are {@code RoomMembershipTest}'s,
 * run on every deployment; the membership rules are {@code RoomMembershipContract}'s.
 */
class RedisRoomClusterTest extends ClusteredTest {
    private TestNode nodeA;
    private TestNode nodeB;

    /** Starts nodes a and b with {@code flags}. */
    private void twoNodes(String... flags) throws Exception {
        nodeA = node("a", flags);
        nodeB = node("b", flags);
    }

    /** A client on node a and one on node b, both in {@code room}, past the joins. */
    private RoomPeer[] meet(String room) throws Exception {
        RoomPeer a = peer(nodeA);
        RoomPeer b = peer(nodeB);
        a.join(room);
        assertEquals(joined(room), a.next());
        b.join(room);
        assertEquals(joined(room, a), b.next());
        assertEquals(newClient(b), a.next());
        return new RoomPeer[] {a, b};
    }

    /** Waits until {@code node}'s {@code signal_relay_seconds_count{dialect="room"}} reads {@code expected}. */
    private static void awaitRelayCount(TestNode node, int expected) throws Exception {
        Await.matching("relays timed on " + node.port() + ": " + expected, Duration.ofSeconds(5),
                () -> node.metric("signal_relay_seconds_count{dialect=\"room\"}"), seen -> seen == expected);
    }

    private RoomPeer peer(TestNode node) throws Exception {
        return track(RoomPeer.connect(node.port()));
    }

    @Test
    void relaysAreTimedOnTheSendersNodeWhenRedisTookThem() throws Exception {
        twoNodes();
        RoomPeer[] ab = meet("r1");
        RoomPeer a = ab[0];
        RoomPeer b = ab[1];
        a.offer(b, "v=0\\r\\n");
        assertEquals(offerFrom(a, "v=0\\r\\n"), b.next());
        b.answer(a, "v=1");
        assertEquals(answerFrom(b, "v=1"), a.next());
        a.candidate(b, "candidate:1 1 udp 1 1.2.3.4 5 typ host", 0);
        assertEquals(candidateFrom(a, "candidate:1 1 udp 1 1.2.3.4 5 typ host", 0), b.next());
        awaitRelayCount(nodeA, 2); // a's offer and candidate
        awaitRelayCount(nodeB, 1); // b's answer
    }

    @Test
    void roomSizeCapHoldsAcrossNodes() throws Exception {
        twoNodes("--room-max-clients", "2");
        RoomPeer[] ab = meet("small");
        RoomPeer a = ab[0];
        RoomPeer b = ab[1];
        RoomPeer c = peer(nodeA);
        RoomPeer d = peer(nodeB);

        c.join("small");
        assertEquals(error("room is full"), c.next());
        d.join("small");
        assertEquals(error("room is full"), d.next());
        // A refused joiner stays where it was: in no room.
        d.offer(a, "x");
        assertEquals(error("failed to transfer offer"), d.next());

        b.leave();
        assertEquals(leaveClient(b), a.next());
        d.join("small");
        assertEquals(joined("small", a), d.next());
        assertEquals(newClient(d), a.next());
    }

    @Test
    void transferToAMemberOfAnotherRoomOrUnknownIdFails() throws Exception {
        twoNodes();
        RoomPeer a = peer(nodeA);
        RoomPeer b = peer(nodeB);
        a.join("r");
        assertEquals(joined("r"), a.next());
        b.join("elsewhere");
        assertEquals(joined("elsewhere"), b.next());
        a.offer(b, "x");
        assertEquals(error("failed to transfer offer"), a.next());
        a.answer(b, "x");
        assertEquals(error("failed to transfer answer"), a.next());
        a.candidate(b, "c", 0);
        assertEquals(error("failed to transfer ice candidate"), a.next());
    }

    @Test
    void messagesFromOneSenderArriveInOrderAcrossNodes() throws Exception {
        twoNodes();
        RoomPeer[] ab = meet("order");
        RoomPeer a = ab[0];
        RoomPeer b = ab[1];
        // 200: the default --rate-burst; a larger burst can overflow b's 256-message send queue.
        for (int i = 0; i < 200; i++) {
            a.candidate(b, "c" + i, i);
        }
        for (int i = 0; i < 200; i++) {
            assertEquals(candidateFrom(a, "c" + i, i), b.next());
        }
    }

    @Test
    void aJoinerHearsNothingBeforeItsJoined() throws Exception {
        // The joiner's own messages sent right behind the join wait for it (docs/security.md "On a WebSocket").
        twoNodes();
        RoomPeer a = peer(nodeA);
        RoomPeer b = peer(nodeB);
        a.join("quick");
        assertEquals(joined("quick"), a.next());
        b.join("quick");
        b.offer(a, "right-behind-the-join");
        assertEquals(joined("quick", a), b.next());
        assertEquals(newClient(b), a.next());
        assertEquals(offerFrom(b, "right-behind-the-join"), a.next());
    }

    @Test
    void aClientDroppingRightBehindItsJoinLeavesNoGhost() throws Exception {
        twoNodes();
        RoomPeer a = peer(nodeA);
        a.join("flaky");
        assertEquals(joined("flaky"), a.next());
        RoomPeer b = peer(nodeB);
        b.join("flaky");
        b.abort();
        RoomPeer c = peer(nodeB);
        c.join("flaky");
        // Depending on how the drop and c's join interleave, c may or may not have seen b; if it
        // did, it hears b leave. Either way nobody keeps a ghost of b.
        String cJoined = c.next();
        if (cJoined.equals(joined("flaky", a, b))) {
            assertEquals(leaveClient(b), c.next());
        } else {
            assertEquals(joined("flaky", a), cJoined);
        }
        List<String> toA = new ArrayList<>();
        while (!toA.contains(newClient(c)) || toA.contains(newClient(b)) && !toA.contains(leaveClient(b))) {
            toA.add(a.next());
        }
        if (toA.contains(newClient(b))) {
            assertTrue(toA.indexOf(newClient(b)) < toA.indexOf(leaveClient(b)), toA.toString());
        }
        assertTrue(Set.of(newClient(b), leaveClient(b), newClient(c)).containsAll(toA), toA.toString());
        Await.matching("Redis holds a and c", Duration.ofSeconds(5),
                () -> redis.command("ZRANGE", key("room-members:flaky"), "0", "-1"), List.of(a.id(), c.id())::equals);
    }

    @Test
    void everyKeyUnderThePrefixHasATtl() throws Exception {
        twoNodes();
        meet("ttl");
        assertEveryKeyHasATtl("room-members:ttl", "node-lease:a");
    }

    @Test
    void aFlushedScriptCacheIsRefilled() throws Exception {
        twoNodes();
        redis.command("SCRIPT", "FLUSH");
        meet("flushed");
        assertFalse(nodeA.adminGet("/metrics").body().contains("signal_backplane_script_errors_total{"),
                "NOSCRIPT is recovered, not counted as a script error");
    }

    @Test
    void aNodeStoppingGracefullyAnnouncesItsMembersAndLeavesNothing() throws Exception {
        twoNodes();
        RoomPeer[] ab = meet("bye");
        RoomPeer a = ab[0];
        RoomPeer b = ab[1];
        nodeB.close();
        assertEquals(leaveClient(b), a.next());
        List<String> keys = plainKeys();
        assertFalse(keys.contains(prefix + "node-lease:b"), keys.toString());
        assertFalse(keys.contains(prefix + "node-rooms:b"), keys.toString());
        assertEquals(List.of("a"), redis.command("ZRANGE", key("nodes"), "0", "-1"));
    }

    @Test
    void debugStateAndMetricsReportTheBackplane() throws Exception {
        twoNodes();
        String state = nodeA.adminGet("/debug/state").body();
        assertTrue(state.contains("\"node_id\":\"a\""), state);
        assertTrue(state.contains("\"backplane\":\"up\""), state);
        assertTrue(nodeA.adminGet("/metrics").body().contains("signal_backplane_up 1.0"));
        assertEquals(200, nodeA.adminGet("/healthz").statusCode());
    }
}
