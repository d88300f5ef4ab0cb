package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.error;
import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.newClient;
import static dev.signals.server.testing.RoomPeer.offerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.RedisClusterTopology;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.RoomRelay;
import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Cluster master with no replica dies (docs/cluster.md "Redis Cluster", "A master dies and has
 * no replica"): its slots are served by nobody, so both nodes are not ready and their backplane is
 * down for every slot (coarse), as "Redis unreachable" of the single-Redis table says — a relay to
 * a member on the other node is refused with the backend error in that master's room and in a room
 * of another master alike, members on one node still reach each other, a join is refused — and
 * nobody is disconnected. Once the master is restarted on its port with its {@code nodes.conf} and
 * its data (append-only file), both nodes are ready again and the rooms relay again: nothing
 * refused was delivered, nothing arrived out of order or twice.
 */
class RedisClusterMasterLossTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROOM = "fo";
    // A lease longer than the outage: reaping is RedisNodeDeathTest's subject.
    private static final String[] FLAGS = {"--resume-window", "0", "--rate-limit", "0", "--http-rate-limit", "0",
        "--node-lease", "60s", "--room-ping-interval", "0"};

    @Test
    void aMasterWithoutAReplicaDiesThenComesBackAndTheRoomsGoOn() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        List<RoomPeer> peers = new ArrayList<>();
        // Every write on disk before it is answered, so the restarted master has what it had.
        try (RedisClusterTopology cluster = RedisClusterTopology.withoutReplicas("--appendonly", "yes", "--appendfsync", "always");
             TestNode a = TestNode.clustered(cluster.address(), prefix, "a", FLAGS);
             TestNode b = TestNode.clustered(cluster.address(), prefix, "b", FLAGS)) {
            int slot = SlotTags.slot(ROOM);
            RedisClusterTopology.Node master = cluster.master(slot);
            String other = roomOfAnotherMaster(cluster, master);

            // ROOM: four relaying members (two per node), then p and p2 on a and q on b.
            List<RoomPeer> relaying = List.of(peer(peers, a), peer(peers, a), peer(peers, b), peer(peers, b));
            RoomPeer p = peer(peers, a);
            RoomPeer p2 = peer(peers, a);
            RoomPeer q = peer(peers, b);
            List<RoomPeer> inRoom = new ArrayList<>(relaying);
            inRoom.addAll(List.of(p, p2, q));
            joinInTurn(ROOM, inRoom);
            // The other room, on another master: x and x2 on a, y on b.
            RoomPeer x = peer(peers, a);
            RoomPeer x2 = peer(peers, a);
            RoomPeer y = peer(peers, b);
            joinInTurn(other, List.of(x, x2, y));
            RoomRelay relay = RoomRelay.start(relaying, Duration.ofMillis(100));
            relay.awaitEveryPairPast(0, WAIT);

            long killed = System.nanoTime();
            cluster.kill(master);
            for (TestNode node : List.of(a, b)) {
                node.awaitState(s -> s.contains("\"backplane\":\"down\""));
            }
            // The Cluster's own verdict: with a master failed and nobody to take over, its slots are unserved.
            Await.until("the Cluster reports cluster_state:fail", WAIT,
                    () -> String.valueOf(cluster.command("CLUSTER", "INFO")).contains("cluster_state:fail"));
            // Every master refuses now, not only the dead one's slots (Redis's cluster-require-full-coverage).
            RedisClusterTopology.Node otherMaster = cluster.master(SlotTags.slot(other));
            IOException refused = assertThrows(IOException.class, () -> cluster.commandOn(otherMaster, "GET", other));
            assertTrue(refused.getMessage().startsWith("CLUSTERDOWN"), refused.getMessage());
            // The slot is served by nobody now, and stays so until the master is back.
            for (TestNode node : List.of(a, b)) {
                assertEquals(503, node.adminGet("/readyz").statusCode());
                assertEquals("not ready", node.adminGet("/readyz").body());
                assertEquals(500, node.adminGet("/healthz").statusCode());
                assertEquals(200, node.adminGet("/livez").statusCode());
            }
            // In the dead master's room and in another master's room alike (coarse): across nodes refused...
            p.offer(q, "down");
            assertEquals(error("failed to transfer offer"), p.next());
            x.offer(y, "down");
            assertEquals(error("failed to transfer offer"), x.next());
            // ...on one node delivered...
            p.offer(p2, "local");
            assertEquals(offerFrom(p, "local"), p2.next());
            x.offer(x2, "local");
            assertEquals(offerFrom(x, "local"), x2.next());
            long during = relay.round();
            relay.awaitPairsPast(List.of("0>1", "1>0", "2>3", "3>2"), during, WAIT);
            // ...and a join refused.
            try (RoomPeer late = RoomPeer.connect(b.port())) {
                late.join("fresh");
                assertEquals(error("failed to join room"), late.next());
            }

            long restarting = System.nanoTime();
            cluster.restart(master);
            assertEquals(master.port(), cluster.master(slot).port());
            RoomRelay.Recovery back = relay.awaitRecovered(List.of(a, b), WAIT);
            System.out.printf("Cluster master without a replica: down %d ms until restarted; both nodes ready %d ms and"
                            + " every pair relaying again %d ms after the restart began; %d sends refused with the backend error%n",
                    (restarting - killed) / 1_000_000, (back.readyNanos() - restarting) / 1_000_000,
                    (back.relayingNanos() - restarting) / 1_000_000, relay.refused());

            // The refused offers were never delivered: the next frame each target gets is the one sent now.
            p.offer(q, "up");
            assertEquals(offerFrom(p, "up"), q.next());
            x.offer(y, "up");
            assertEquals(offerFrom(x, "up"), y.next());
            q.offer(p, "back");
            assertEquals(offerFrom(q, "back"), p.next());
        } finally {
            peers.forEach(RoomPeer::close);
        }
    }

    /** A room name whose slot another master than {@code master} serves. */
    private static String roomOfAnotherMaster(RedisClusterTopology cluster, RedisClusterTopology.Node master) throws Exception {
        for (int i = 0; ; i++) {
            String name = "other-" + i;
            if (cluster.master(SlotTags.slot(name)).port() != master.port()) {
                return name;
            }
        }
    }

    private static RoomPeer peer(List<RoomPeer> peers, TestNode node) throws Exception {
        RoomPeer p = RoomPeer.connect(node.port());
        peers.add(p);
        return p;
    }

    /** Each of {@code members} joins {@code room} in turn; every earlier one hears it. */
    private static void joinInTurn(String room, List<RoomPeer> members) throws Exception {
        for (int i = 0; i < members.size(); i++) {
            RoomPeer p = members.get(i);
            p.join(room);
            assertEquals(joined(room, members.subList(0, i)), p.next());
            for (RoomPeer earlier : members.subList(0, i)) {
                assertEquals(newClient(p), earlier.next());
            }
        }
    }
}
