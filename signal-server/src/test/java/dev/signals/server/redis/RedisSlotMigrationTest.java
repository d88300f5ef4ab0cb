package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.signals.core.backplane.BackplaneException;
import dev.signals.server.testing.Await;
import dev.signals.server.testing.RedisClusterTopology;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A slot moving to another master on a Cluster of three (docs/cluster.md "Redis Cluster",
 * resharding and failover): by migration, where Redis drops the nodes' sharded subscriptions of
 * that slot, or by its master's death and its replica's promotion; either way each node
 * subscribes again where the slot now lives, so messages about an entity of that slot reach their
 * node again, in order.
 */
class RedisSlotMigrationTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    @RegisterExtension
    static final RedisStoreFixture redis = RedisStoreFixture.ownDeployments();

    @Test
    void aNodeListensOnAMovedSlotAgain() throws Exception {
        movesAndChecks(false);
    }

    @Test
    void aNodeListensAgainAfterItsSlotsMasterFailedOver() throws Exception {
        movesAndChecks(true);
    }

    private void movesAndChecks(boolean failover) throws Exception {
        RedisStoreNodes nodes = redis.nodes(RedisStoreFixture.Kind.CLUSTER);
        RedisClusterTopology cluster = (RedisClusterTopology) nodes.redis();
        List<String> inbox = RedisStoreNodes.inbox();
        nodes.startOver("a", "room", inbox, bp -> bp);
        RedisBackplane b = nodes.startOver("b", "room", null, bp -> bp);
        String room = "moving-room";
        int slot = SlotTags.slot(room);
        b.send("a", "room", room, "before").block(Duration.ofSeconds(10));
        Await.until("the first message arrives", WAIT, () -> inbox.contains("before"));

        int from = cluster.master(slot).port();
        if (failover) {
            RedisClusterTopology.Node old = cluster.killMaster(slot);
            assertNotEquals(from, cluster.awaitFailover(old, slot, WAIT).port());
        } else {
            assertNotEquals(from, cluster.migrateSlot(slot).port());
        }
        // Until node a has subscribed again on the new master, a send finds nobody listening there.
        Await.until("a message about the room is taken again", WAIT, () -> {
            try {
                b.send("a", "room", room, "probe").block(Duration.ofSeconds(10));
                return true;
            } catch (BackplaneException e) {
                return false;
            }
        });
        for (int i = 0; i < 20; i++) {
            b.send("a", "room", room, "after " + i).block(Duration.ofSeconds(10));
        }
        Await.until("every message after the move arrives", WAIT, () -> inbox.contains("after 19"));
        List<String> after = inbox.stream().filter(m -> m.startsWith("after ")).toList();
        assertEquals(java.util.stream.IntStream.range(0, 20).mapToObj(i -> "after " + i).toList(), after);
    }
}
