package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.newClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisClusterTopology;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.RoomRelay;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A Cluster master's death, and a slot's migration, under traffic, as the nodes report it (docs/cluster.md "Redis
 * Cluster", Observability): one {@code signal_redis_endpoint_up} series per master; while a slot
 * has no master the nodes are not ready; once the replica took over they are ready again, the new
 * master's series reads 1, and a room spanning two nodes, whose slot that master served, relays
 * again with no message out of order or twice. The replica is paused while its master dies, so
 * the not-ready state lasts until the test lets the failover happen, rather than racing it. The
 * silence is reported, not asserted.
 */
class RedisClusterFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String ROOM = "fo";
    // A lease longer than any failover on a loaded machine: reaping is RedisNodeDeathTest's subject.
    private static final String[] FLAGS = {"--resume-window", "0", "--rate-limit", "0", "--http-rate-limit", "0",
        "--node-lease", "60s"};

    @Test
    void eachMasterHasItsSeriesAndTheNodesAreNotReadyWhileASlotHasNoMasterThenTheRoomGoesOn() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        List<RoomPeer> members = new ArrayList<>();
        try (RedisClusterTopology cluster = RedisClusterTopology.start();
             TestNode a = TestNode.clustered(cluster.address(), prefix, "a", FLAGS);
             TestNode b = TestNode.clustered(cluster.address(), prefix, "b", FLAGS)) {
            List<RedisClusterTopology.Node> servers = cluster.topology();
            assertEquals(3, servers.stream().filter(RedisClusterTopology.Node::master).count());
            for (TestNode node : List.of(a, b)) {
                String scrape = node.adminGet("/metrics").body();
                for (RedisClusterTopology.Node server : servers) {
                    assertEquals(server.master() ? 1.0 : 0.0, TestNode.metric(scrape, up(server)), server + "\n" + scrape);
                }
            }
            RoomRelay relay = relayAcross(a, b, members);

            int slot = SlotTags.slot(ROOM);
            RedisClusterTopology.Node master = cluster.master(slot);
            RedisClusterTopology.Node replica = cluster.replicaOf(master);
            cluster.pause(replica);
            try {
                cluster.kill(master);
                for (TestNode node : List.of(a, b)) {
                    ClusteredTest.awaitStatus(node, "/readyz", 503);
                    awaitMetric(node, up(master), 0.0);
                    assertEquals(500, node.adminGet("/healthz").statusCode());
                }
            } finally {
                cluster.unpause(replica);
            }
            long unpaused = System.nanoTime();
            assertEquals(replica.port(), cluster.awaitFailover(master, slot, WAIT).port());
            long promoted = System.nanoTime();
            RoomRelay.Recovery back = relay.awaitRecovered(List.of(a, b), WAIT);
            System.out.printf("Cluster failover: promoted %d ms after the replica could act, both nodes ready %d ms"
                            + " and every pair relaying again %d ms after it; %d sends refused with the backend error%n",
                    (promoted - unpaused) / 1_000_000, (back.readyNanos() - unpaused) / 1_000_000,
                    (back.relayingNanos() - unpaused) / 1_000_000, relay.refused());

            for (TestNode node : List.of(a, b)) {
                awaitMetric(node, up(replica), 1.0);
                String scrape = node.adminGet("/metrics").body();
                String now = "{endpoint=\"127.0.0.1:" + replica.port() + "\"}";
                assertEquals(0.0, TestNode.metric(scrape, up(master)), scrape);
                assertEquals(1.0, TestNode.metric(scrape, "signal_redis_reconnects_total" + now), scrape);
                // The room's scripts and relays run on its slot's master, now the promoted replica.
                assertTrue(TestNode.metric(scrape, "signal_redis_command_seconds_count" + now) > 0, scrape);
                for (RedisClusterTopology.Node other : servers) {
                    if (other.master() && other.port() != master.port()) {
                        assertEquals(1.0, TestNode.metric(scrape, up(other)), other + "\n" + scrape);
                    }
                }
            }
        } finally {
            members.forEach(RoomPeer::close);
        }
    }

    /**
     * Resharding under traffic (docs/cluster.md "Redis Cluster"): the room's slot moves to another
     * master, with its keys, while members on two nodes relay. A send may be refused with the
     * documented backend error while the nodes subscribe again where the slot now lives; none is
     * delivered out of order or twice, and every pair relays again afterwards.
     */
    @Test
    void aRoomsSlotMovesToAnotherMasterWhileItsMembersRelayAndTheRoomGoesOn() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        List<RoomPeer> members = new ArrayList<>();
        try (RedisClusterTopology cluster = RedisClusterTopology.start();
             TestNode a = TestNode.clustered(cluster.address(), prefix, "a", FLAGS);
             TestNode b = TestNode.clustered(cluster.address(), prefix, "b", FLAGS)) {
            RoomRelay relay = relayAcross(a, b, members);
            int slot = SlotTags.slot(ROOM);
            int from = cluster.master(slot).port();
            long moving = System.nanoTime();
            assertTrue(cluster.migrateSlot(slot).port() != from, "the slot moved");
            relay.awaitEveryPairPast(relay.round(), WAIT);
            long resumed = System.nanoTime();
            relay.close();
            System.out.printf("Cluster resharding: every pair relaying again %d ms after the move began;"
                    + " %d sends refused with the backend error%n", (resumed - moving) / 1_000_000, relay.refused());
            assertEquals(List.of(), relay.violations());
            for (TestNode node : List.of(a, b)) {
                node.awaitReady(WAIT);
            }
        } finally {
            members.forEach(RoomPeer::close);
        }
    }

    /** Two members on each node join ROOM, then relay to each other every 100 ms. */
    private static RoomRelay relayAcross(TestNode a, TestNode b, List<RoomPeer> members) throws Exception {
        for (TestNode node : List.of(a, a, b, b)) {
            RoomPeer p = RoomPeer.connect(node.port());
            members.add(p);
            p.join(ROOM);
            assertEquals(joined(ROOM, members.subList(0, members.size() - 1)), p.next());
            for (RoomPeer earlier : members.subList(0, members.size() - 1)) {
                assertEquals(newClient(p), earlier.next());
            }
        }
        RoomRelay relay = RoomRelay.start(members, Duration.ofMillis(100));
        relay.awaitEveryPairPast(0, Duration.ofSeconds(10));
        return relay;
    }

    private static String up(RedisClusterTopology.Node server) {
        return "signal_redis_endpoint_up{endpoint=\"127.0.0.1:" + server.port() + "\"}";
    }

    private static void awaitMetric(TestNode node, String series, double value) throws Exception {
        Await.until(series + " reads " + value, WAIT, () -> node.metric(series) == value);
    }
}
