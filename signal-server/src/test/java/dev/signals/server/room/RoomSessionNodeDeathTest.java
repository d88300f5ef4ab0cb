package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.leaveClient;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.NodeDeathFixture;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A node holding a resumable room session killed with {@code kill -9} (docs/cluster.md "Resumable
 * sessions"): offers sent to the session meanwhile go to its log in Redis and are replayed once each,
 * in order, when it resumes on a survivor, and nobody sees it leave; a session nobody resumes leaves
 * once, through a survivor, when its window lapses.
 */
class RoomSessionNodeDeathTest {
    private static final int OFFERS = 20;

    @Test
    void offersToAKilledNodesSessionAreReplayedOnceInOrderOnASurvivor() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.start("30s");
             RoomClients.Client a = RoomClients.connect(f.survivor().port())) {
            ClusteredRoomResumeTest.Pair pair = pairOn(a, f.doomed, "kill");
            f.killDoomed();
            for (int i = 0; i < OFFERS; i++) {
                a.send(offer(pair.bId(), "x" + i));
            }
            SessionClient b2 = pair.b().resumeAnyLastSeq(f.survivor().port(), "/connect", 0);
            for (int i = 0; i < OFFERS; i++) {
                assertEquals(relayed("offer", a.id(), "x" + i), b2.next(), "offer " + i + " once, in order");
            }
            // Past the lease and its reaping: still nobody saw B leave, and B still reaches A.
            f.awaitDoomedReaped();
            try (RoomClients.Client c = RoomClients.connect(f.survivor().port())) {
                c.join("kill");
                assertEquals(joined("kill", a.id(), pair.bId()), c.next(), "B kept its place in the room");
                assertEquals(newClient(c.id()), a.next(), "A saw no leave-client for B");
                assertEquals(newClient(c.id()), b2.next());
                b2.send("{\"type\":\"answer\",\"payload\":{\"sdp\":\"ok\",\"client_id\":\"" + a.id() + "\"}}");
                assertEquals(relayed("answer", pair.bId(), "ok"), a.next(), "B, resumed, still reaches A");
            }
            b2.close();
        }
    }

    /**
     * Relays already published to B's node when it dies (it is stopped first, so they sit in its
     * socket, received by nobody) must not be lost: they wait in the session's inbox in Redis and
     * are numbered when B resumes on the survivor.
     */
    @Test
    void relaysOnTheirWayToAKilledNodeReachItsSessionOnceInOrder() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.start("30s");
             RoomClients.Client a = RoomClients.connect(f.survivor().port())) {
            ClusteredRoomResumeTest.Pair pair = pairOn(a, f.doomed, "gap");
            int live = 5;
            for (int i = 0; i < live; i++) {
                a.send(offer(pair.bId(), "x" + i));
            }
            for (int i = 0; i < live; i++) {
                assertEquals(relayed("offer", a.id(), "x" + i), pair.b().next(), "offer " + i + " live");
            }
            signal(f.doomed, "STOP");
            for (int i = live; i < OFFERS; i++) {
                a.send(offer(pair.bId(), "x" + i));
            }
            // Every relay reached Redis while the stopped node still listened on its channel.
            Await.until("the survivor relayed every offer", Duration.ofSeconds(10),
                    () -> f.survivor().metric("signal_relay_seconds_count{dialect=\"room\"}") == OFFERS);
            f.killDoomed();
            SessionClient b2 = pair.b().resumeAnyLastSeq(f.survivor().port(), "/connect", 0);
            for (int i = live; i < OFFERS; i++) {
                assertEquals(relayed("offer", a.id(), "x" + i), b2.next(), "offer " + i + " once, in order");
            }
            a.send(offer(pair.bId(), "end"));
            assertEquals(relayed("offer", a.id(), "end"), b2.next(), "nothing twice");
            b2.close();
        }
    }

    /**
     * Joins and leaves in the room of a session whose node is dead are kept for it (docs/cluster.md
     * "Resumable sessions"): B, resumed on the survivor, hears D's leave-client (a plain member on
     * B's node, reaped with it), C's new-client, C's offer and A's leave-client once each, in that
     * order, as if it had been connected.
     */
    @Test
    void joinsAndLeavesWhileAKilledNodesSessionIsHeldReachItOnceInOrder() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.start("30s");
             RoomClients.Client a = RoomClients.connect(f.survivor().port());
             RoomClients.Client c = RoomClients.connect(f.survivor().port())) {
            ClusteredRoomResumeTest.Pair pair = pairOn(a, f.doomed, "news");
            RoomClients.Client d = RoomClients.connect(f.doomed.port());
            d.join("news");
            assertEquals(joined("news", a.id(), pair.bId()), d.next());
            assertEquals(newClient(d.id()), a.next());
            assertEquals(newClient(d.id()), pair.b().next());
            f.killDoomed();
            assertEquals(leaveClient(d.id()), a.ws().next(Duration.ofSeconds(20)).text(), "D reaped with its node");
            c.join("news");
            assertEquals(joined("news", a.id(), pair.bId()), c.next());
            assertEquals(newClient(c.id()), a.next());
            c.send(offer(pair.bId(), "hello"));
            // C's offer is in Redis before A leaves, so B's log has it before A's leave-client.
            Await.until("the survivor relayed C's offer", Duration.ofSeconds(10),
                    () -> f.survivor().metric("signal_relay_seconds_count{dialect=\"room\"}") == 1);
            a.send("{\"type\":\"leave\"}");
            assertEquals(leaveClient(a.id()), c.next());
            SessionClient b2 = pair.b().resumeAnyLastSeq(f.survivor().port(), "/connect", 0);
            assertEquals(leaveClient(d.id()), b2.next(), "B hears D leave, reaped while B was held");
            assertEquals(newClient(c.id()), b2.next(), "then of C, who joined while B was held");
            assertEquals(relayed("offer", c.id(), "hello"), b2.next(), "then C's offer");
            assertEquals(leaveClient(a.id()), b2.next(), "then A's leave");
            c.send(offer(pair.bId(), "end"));
            assertEquals(relayed("offer", c.id(), "end"), b2.next(), "nothing twice");
            b2.close();
        }
    }

    /**
     * A session on a live node hears each join and leave once, numbered by its node's append, which
     * takes the copy Redis kept out of the session's inbox: when that node dies afterwards, the
     * resume on the survivor replays none of them again.
     */
    @Test
    void announcementsToALiveNodesSessionAreNotReplayedAgainAfterItsNodeDies() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.start("30s");
             RoomClients.Client a = RoomClients.connect(f.survivor().port());
             RoomClients.Client c = RoomClients.connect(f.survivor().port())) {
            ClusteredRoomResumeTest.Pair pair = pairOn(a, f.doomed, "once");
            c.join("once");
            assertEquals(joined("once", a.id(), pair.bId()), c.next());
            assertEquals(newClient(c.id()), a.next());
            assertEquals(newClient(c.id()), pair.b().next(), "live, from B's node");
            c.send("{\"type\":\"leave\"}");
            assertEquals(leaveClient(c.id()), a.next());
            assertEquals(leaveClient(c.id()), pair.b().next(), "live, from B's node");
            f.killDoomed();
            SessionClient b2 = pair.b().resume(f.survivor().port(), "/connect", pair.b().lastSeq(), 0);
            a.send(offer(pair.bId(), "after"));
            assertEquals(relayed("offer", a.id(), "after"), b2.next(), "no announcement numbered twice");
            b2.close();
        }
    }

    /** Where the offer of {@link #anOfferWhoseCseqItsDyingNodeStoredStillReachesItsTarget} goes. */
    enum Target {
        /** A on the survivor, a plain socket: the relay script publishes it alone. */
        PLAIN_SOCKET_ON_ANOTHER_NODE,
        /** C with a session on the survivor: the relay script keeps it in C's inbox too. */
        SESSION_ON_ANOTHER_NODE,
        /** C with a session on B's own node: the append script numbers it into C's log. */
        SESSION_ON_THE_SAME_NODE
    }

    /**
     * A frame's cseq and its effect reach Redis in one script (docs/cluster.md "Resumable
     * sessions"): B's node is cut off from Redis right after the command that carries B's cseq 1
     * and killed. B resumes on the survivor, which reports {@code last_cseq} 1, so B does not send
     * the offer again: the offer must have reached its target with that same command. (When the
     * cseq was stored in a command of its own, ahead of the relay, the offer was lost here.)
     */
    @ParameterizedTest
    @EnumSource(Target.class)
    void anOfferWhoseCseqItsDyingNodeStoredStillReachesItsTarget(Target where) throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().cutLink().survivor("survivor", "--node-lease", "2s").doomed("30s").start();
             RoomClients.Client a = RoomClients.connect(f.survivor().port())) {
            ClusteredRoomResumeTest.Pair pair = pairOn(a, f.doomed, "cseq");
            SessionClient c = null;
            String targetId = a.id();
            if (where != Target.PLAIN_SOCKET_ON_ANOTHER_NODE) {
                c = SessionClient.open(where == Target.SESSION_ON_THE_SAME_NODE ? f.doomed.port() : f.survivor().port(), "/connect");
                targetId = c.next().replaceAll(".*\"client_id\":\"([0-9a-v]{20})\".*", "$1");
                c.send(RoomClients.join("cseq"));
                assertEquals(joined("cseq", a.id(), pair.bId()), c.next());
                assertEquals(newClient(targetId), a.next());
                assertEquals(newClient(targetId), pair.b().next());
            }
            f.link.holdAfter("cseq");
            pair.b().sendNumbered(1, offer(targetId, "x"));
            Await.until("B's node stored cseq 1 and holds what follows", Duration.ofSeconds(10), () -> f.link.holding()
                    && "1".equals(f.redis.command("HGET", f.prefix + "session:{" + pair.bId() + "}", "cseq")));
            f.killDoomed();
            SessionClient b2 = pair.b().resumeAnyLastSeq(f.survivor().port(), "/connect", 1);
            String expected = relayed("offer", pair.bId(), "x");
            switch (where) {
                case PLAIN_SOCKET_ON_ANOTHER_NODE:
                    assertEquals(expected, a.next(), "A got the offer B's node had taken");
                    break;
                case SESSION_ON_ANOTHER_NODE:
                    assertEquals(expected, c.next(), "C got the offer B's node had taken");
                    break;
                default:
                    SessionClient c2 = c.resumeAnyLastSeq(f.survivor().port(), "/connect", 0);
                    assertEquals(expected, c2.next(), "C's log has the offer B's node had taken");
                    c2.close();
            }
            b2.close();
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    void aKilledNodesSessionNobodyResumesLeavesOnceWhenItsWindowLapses() throws Exception {
        try (NodeDeathFixture f = NodeDeathFixture.with().survivor("one", "--node-lease", "1s", "--resume-window", "1s")
                .survivor("two", "--node-lease", "1s", "--resume-window", "1s").doomed("1s").start();
             RoomClients.Client a = RoomClients.connect(f.survivor(0).port());
             RoomClients.Client d = RoomClients.connect(f.survivor(1).port())) {
            ClusteredRoomResumeTest.Pair pair = pairOn(a, f.doomed, "lapse");
            d.join("lapse");
            assertEquals(joined("lapse", a.id(), pair.bId()), d.next());
            assertEquals(newClient(d.id()), a.next());
            f.killDoomed();
            // Two survivors sweep; the leave happens once, after the lease lapsed and the window after it.
            assertEquals(leaveClient(pair.bId()), a.ws().next(Duration.ofSeconds(20)).text());
            assertEquals(leaveClient(pair.bId()), d.ws().next(Duration.ofSeconds(20)).text());
            try (RoomClients.Client c = RoomClients.connect(f.survivor(0).port())) {
                c.join("lapse");
                assertEquals(joined("lapse", a.id(), d.id()), c.next());
                assertEquals(newClient(c.id()), a.next(), "no second leave-client for B");
                assertEquals(newClient(c.id()), d.next(), "no second leave-client for B");
            }
            try (WsTestClient late = f.survivor(0).ws("/connect?" + SessionClient.resumeQuery(pair.b().token, pair.b().lastSeq()))) {
                assertEquals(410, late.status());
            }
        }
    }

    private static void signal(ChildNode node, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(node.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    /** B opens a session on the child node and joins A's room. */
    private static ClusteredRoomResumeTest.Pair pairOn(RoomClients.Client a, ChildNode node, String room) throws Exception {
        a.join(room);
        assertEquals(joined(room), a.next());
        SessionClient b = SessionClient.open(node.port(), "/connect");
        String bId = b.next().replaceAll(".*\"client_id\":\"([0-9a-v]{20})\".*", "$1");
        b.send(RoomClients.join(room));
        assertEquals(joined(room, a.id()), b.next());
        assertEquals(newClient(bId), a.next());
        return new ClusteredRoomResumeTest.Pair(b, bId);
    }
}
