package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.join;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisTopology;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Resumable room sessions with nodes sharing Redis (docs/resume.md, docs/cluster.md "Resumable
 * sessions"): a session resumes on any node with the same client id and room, the offers sent to
 * it meanwhile replayed once each, in order; a drained node's sessions resume elsewhere; a resume
 * on another node closes the older socket with 4001. Not on a Redis Cluster, where sessions do not
 * run yet (docs/cluster.md#redis-cluster).
 */
class ClusteredRoomResumeTest extends ClusteredTest {
    private static final int OFFERS = 20;

    /** Over single Redis and Sentinel only: sessions do not run on a Redis Cluster yet. */
    protected static Stream<RedisTopology.Kind> topologies() {
        return Stream.of(RedisTopology.Kind.SINGLE, RedisTopology.Kind.SENTINEL);
    }

    @Test
    void aDrainedNodesSessionResumesOnAnotherNodeWithEveryOfferOnceInOrder() throws Exception {
        TestNode one = node("n1");
        TestNode two = node("n2");
        try (RoomClients.Client a = RoomClients.connect(one.port())) {
            Pair pair = pair(a, two, "drain");
            SessionClient b = pair.b;
            a.send(offer(pair.bId, "before"));
            assertEquals(relayed("offer", a.id(), "before"), b.next());

            two.close(); // the drain: 1012 for session sockets, the session held in Redis
            WsTestClient.Frame close = b.ws.next(Duration.ofSeconds(10));
            assertEquals(1012, close.closeCode());
            for (int i = 0; i < OFFERS; i++) {
                a.send(offer(pair.bId, "x" + i));
            }
            SessionClient b2 = b.resumeAnyLastSeq(one.port(), "/connect", 0);
            for (int i = 0; i < OFFERS; i++) {
                assertEquals(relayed("offer", a.id(), "x" + i), b2.next(), "offer " + i + " once, in order");
            }
            b2.send("{\"type\":\"answer\",\"payload\":{\"sdp\":\"ok\",\"client_id\":\"" + a.id() + "\"}}");
            assertEquals(relayed("answer", pair.bId, "ok"), a.next(), "A saw no leave-client, and B kept its id");
            a.send(offer(pair.bId, "after"));
            assertEquals(relayed("offer", a.id(), "after"), b2.next(), "live after the replay, no gap");
            b2.close();
        }
    }

    @Test
    void aResumeOnAnotherNodeClosesTheOlderSocketWith4001() throws Exception {
        TestNode one = node("n1");
        TestNode two = node("n2");
        try (RoomClients.Client a = RoomClients.connect(one.port())) {
            Pair pair = pair(a, two, "moved");
            SessionClient b = pair.b;
            SessionClient b2 = b.resume(one.port(), "/connect", b.lastSeq(), 0);
            WsTestClient.Frame close = b.ws.next(Duration.ofSeconds(10));
            assertEquals(4001, close.closeCode());
            assertEquals("session resumed elsewhere", close.closeReason());
            a.send(offer(pair.bId, "here"));
            assertEquals(relayed("offer", a.id(), "here"), b2.next());
            b2.sendNumbered(1, "{\"type\":\"answer\",\"payload\":{\"sdp\":\"once\",\"client_id\":\"" + a.id() + "\"}}");
            assertEquals(relayed("answer", pair.bId, "once"), a.next(), "A saw no leave-client");
            b2.close();
        }
    }

    /**
     * A window longer than the state TTL's base (5 minutes): the room a held session keeps must not
     * expire before the window does, since a dead node's members are refreshed by nobody
     * (docs/cluster.md "Key layout and TTLs").
     */
    @Test
    void aLongWindowKeepsTheRoomStateOfHeldSessionsForTheWholeWindow() throws Exception {
        Duration window = Duration.ofMinutes(20);
        TestNode one = node("n1", "--resume-window", "20m");
        try (RoomClients.Client a = RoomClients.connect(one.port())) {
            pair(a, one, "long").b.close();
            for (String key : new String[] {"room-members:long", "room-nodes:long"}) {
                long ttl = (Long) redis.command("PTTL", key(key));
                assertTrue(ttl > window.toMillis(), key + " expires in " + ttl + " ms, before the " + window + " window");
            }
        }
    }

    /** B opens a session on {@code node} and joins A's room {@code room}. */
    static Pair pair(RoomClients.Client a, TestNode node, String room) throws Exception {
        a.join(room);
        assertEquals(joined(room), a.next());
        SessionClient b = SessionClient.open(node.port(), "/connect");
        String notify = b.next();
        assertTrue(notify.matches(".*\"client_id\":\"[0-9a-v]{20}\".*"), notify);
        String bId = notify.replaceAll(".*\"client_id\":\"([0-9a-v]{20})\".*", "$1");
        assertTrue(b.token.startsWith(bId + "-"), "a shared session's token names its client: " + b.token);
        b.send(join(room));
        assertEquals(joined(room, a.id()), b.next());
        assertEquals(newClient(bId), a.next());
        return new Pair(b, bId);
    }

    record Pair(SessionClient b, String bId) {
    }
}
