package dev.signals.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Redis Cluster the clustered tests run over (docs/cluster.md#redis-cluster): three masters
 * with a replica each serving every slot, a killed master replaced by its replica and rejoining
 * as one, and a slot migrated with its keys. One cluster for the class.
 */
class RedisClusterTopologyTest {
    private static RedisClusterTopology cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisClusterTopology.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void threeMastersEachWithAReplicaServeEverySlotAndCommandsFollowRedirections() throws Exception {
        List<RedisClusterTopology.Node> nodes = cluster.topology();
        List<RedisClusterTopology.Node> masters = nodes.stream().filter(RedisClusterTopology.Node::master).collect(Collectors.toList());
        assertEquals(3, masters.size(), cluster.toString());
        assertEquals(16384, masters.stream().flatMap(m -> m.slots().stream()).mapToInt(r -> r[1] - r[0] + 1).sum(), cluster.toString());
        Set<String> replicated = nodes.stream().filter(n -> !n.master()).map(RedisClusterTopology.Node::masterId).collect(Collectors.toSet());
        assertEquals(masters.stream().map(RedisClusterTopology.Node::id).collect(Collectors.toSet()), replicated, cluster.toString());
        assertTrue(cluster.address().matches("redis-cluster://127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+"), cluster.address());

        String prefix = RedisProcess.uniquePrefix();
        Set<Integer> slots = new java.util.HashSet<>();
        for (String entity : List.of("a", "b", "c", "d", "e", "f")) {
            cluster.command("SET", prefix + entity, entity, "PX", "60000");
            assertEquals(entity, cluster.command("GET", prefix + entity));
            slots.add(cluster.slot(prefix + entity));
        }
        assertTrue(slots.size() > 1, "the keys landed in one slot: " + slots);
        assertEquals(6, cluster.keys(prefix).size(), String.valueOf(cluster.keys(prefix)));
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndRejoinsAsAReplica() throws Exception {
        String key = RedisProcess.uniquePrefix() + "survivor";
        int slot = cluster.slot(key);
        cluster.command("SET", key, "kept", "PX", "60000");

        String master = cluster.master(slot).id();
        RedisClusterTopology.Node replicaNode = cluster.topology().stream().filter(n -> n.masterId().equals(master))
                .findFirst().orElseThrow();
        String replica = replicaNode.id();
        // The write reached the replica before the kill, so the promoted replica has it. (WAIT would
        // need the SET's own connection; the fixture opens one per command.)
        Await.matching("the replica holds " + key, Duration.ofSeconds(10),
                () -> cluster.commandOn(replicaNode, "KEYS", key), List.of(key)::equals);

        RedisClusterTopology.Node old = cluster.killMaster(slot);
        RedisClusterTopology.Node promoted = cluster.awaitFailover(old, slot, Duration.ofSeconds(20));
        assertEquals(replica, promoted.id(), "the killed master's replica took over: " + cluster);
        assertEquals("kept", cluster.command("GET", key));

        cluster.restart(old);
        RedisClusterTopology.Node back = cluster.topology().stream().filter(n -> n.id().equals(old.id())).findFirst().orElseThrow();
        assertFalse(back.master(), cluster.toString());
        assertEquals(promoted.id(), back.masterId(), cluster.toString());
    }

    @Test
    void aMigratedSlotTakesItsKeysToAnotherMaster() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        // One hash tag, one slot: the key layout docs/cluster.md#redis-cluster gives a room.
        List<String> keys = List.of(prefix + "room-members:{r1}", prefix + "room-nodes:{r1}", prefix + "room-seq:{r1}");
        int slot = cluster.slot(keys.get(0));
        for (String key : keys) {
            assertEquals(slot, cluster.slot(key), key);
            cluster.command("SET", key, key, "PX", "60000");
        }
        RedisClusterTopology.Node from = cluster.master(slot);

        RedisClusterTopology.Node to = cluster.migrateSlot(slot);

        assertNotEquals(from.port(), to.port());
        assertEquals(to.port(), cluster.master(slot).port(), cluster.toString());
        for (String key : keys) {
            assertEquals(key, cluster.command("GET", key));
        }
    }
}
