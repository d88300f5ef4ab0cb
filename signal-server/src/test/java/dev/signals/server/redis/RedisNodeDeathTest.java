package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.leaveClient;
import static dev.signals.server.testing.RoomPeer.newClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} (PROTOCOLS.md §6): within its lease plus one renewal period
 * the survivors act as if its clients had left, and no ghost remains.
 */
class RedisNodeDeathTest {
    private static final Duration LEASE = Duration.ofSeconds(2);
    /** Lease + one renewal (a third of it), plus room for a loaded CI machine. */
    private static final Duration BOUND = LEASE.plus(LEASE.dividedBy(3)).plus(Duration.ofSeconds(3));

    @Test
    void survivorsGetLeaveClientForEveryMemberOfAKilledNode() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode survivor = TestNode.clustered(redis.address(), prefix, "survivor", "--node-lease", "2s");
             ChildNode doomed = ready(ChildNode.start("--redis-addr", redis.address(), "--redis-prefix", prefix,
                     "--node-id", "doomed", "--node-lease", "2s"));
             RoomPeer a = RoomPeer.connect(survivor.port());
             RoomPeer b = RoomPeer.connect(survivor.port());
             RoomPeer x = RoomPeer.connect(doomed.port());
             RoomPeer y = RoomPeer.connect(doomed.port())) {
            a.join("r1");
            assertEquals(joined("r1"), a.next());
            x.join("r1");
            assertEquals(joined("r1", a), x.next());
            assertEquals(newClient(x), a.next());
            b.join("r2");
            assertEquals(joined("r2"), b.next());
            y.join("r2");
            assertEquals(joined("r2", b), y.next());
            assertEquals(newClient(y), b.next());

            doomed.kill();
            long killed = System.nanoTime();
            assertEquals(137, doomed.awaitExit(Duration.ofSeconds(10)), "killed by SIGKILL");
            assertEquals(leaveClient(x), a.poll(BOUND), "a hears x leave within the lease bound");
            assertEquals(leaveClient(y), b.poll(BOUND), "b hears y leave within the lease bound");
            long tookMs = (System.nanoTime() - killed) / 1_000_000;

            // No ghost: a newcomer finds only the survivor's member, and Redis holds nothing of the dead node.
            try (RoomPeer c = RoomPeer.connect(survivor.port())) {
                c.join("r1");
                assertEquals(joined("r1", a), c.next());
                assertEquals(newClient(c), a.next());
            }
            List<String> keys = redis.keys(prefix);
            assertFalse(keys.contains(prefix + "node-rooms:doomed"), keys.toString());
            assertFalse(keys.contains(prefix + "node-lease:doomed"), keys.toString());
            assertEquals(List.of("survivor"), redis.command("ZRANGE", prefix + "nodes", "0", "-1"));
            assertTrue(survivor.adminGet("/metrics").body().contains("signal_backplane_nodes_reaped_total 1.0"));
            System.out.println("leave-client after kill -9 arrived in " + tookMs + " ms (lease 2 s)");
        }
    }

    private static ChildNode ready(ChildNode node) throws Exception {
        try {
            node.awaitReady(Duration.ofSeconds(10));
            return node;
        } catch (AssertionError | Exception e) {
            node.close();
            throw e;
        }
    }
}
