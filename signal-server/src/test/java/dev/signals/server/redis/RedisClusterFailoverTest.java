package dev.signals.server.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ClusteredTest;
import dev.signals.server.testing.RedisClusterTopology;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A Cluster master's death as a node reports it (docs/cluster.md "Redis Cluster", Observability):
 * one {@code signal_redis_endpoint_up} series per master; while a slot has no master the node is
 * not ready; once the replica took over, it is ready again and the new master's series reads 1.
 * The replica is paused while its master dies, so the not-ready state lasts until the test lets
 * the failover happen, rather than racing it.
 */
class RedisClusterFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void eachMasterHasItsSeriesAndTheNodeIsNotReadyWhileASlotHasNoMaster() throws Exception {
        try (RedisClusterTopology cluster = RedisClusterTopology.start();
             TestNode node = TestNode.clustered(cluster.address(), RedisProcess.uniquePrefix(), "a", "--resume-window", "0")) {
            List<RedisClusterTopology.Node> servers = cluster.topology();
            String scrape = node.adminGet("/metrics").body();
            for (RedisClusterTopology.Node server : servers) {
                assertEquals(server.master() ? 1.0 : 0.0, TestNode.metric(scrape, up(server)), server + "\n" + scrape);
            }
            assertEquals(3, servers.stream().filter(RedisClusterTopology.Node::master).count());

            int slot = cluster.slot("failing-over");
            RedisClusterTopology.Node master = cluster.master(slot);
            RedisClusterTopology.Node replica = cluster.replicaOf(master);
            cluster.pause(replica);
            try {
                cluster.kill(master);
                ClusteredTest.awaitStatus(node, "/readyz", 503);
                awaitMetric(node, up(master), 0.0);
                assertEquals(500, node.adminGet("/healthz").statusCode());
            } finally {
                cluster.unpause(replica);
            }

            assertEquals(replica.port(), cluster.awaitFailover(master, slot, WAIT).port());
            node.awaitReady(WAIT);
            awaitMetric(node, up(replica), 1.0);
            String after = node.adminGet("/metrics").body();
            assertEquals(0.0, TestNode.metric(after, up(master)), after);
            assertEquals(1.0, TestNode.metric(after, "signal_redis_reconnects_total{endpoint=\"127.0.0.1:" + replica.port() + "\"}"),
                    after);
            List<String> others = servers.stream().filter(s -> s.master() && s.port() != master.port())
                    .map(RedisClusterFailoverTest::up).collect(Collectors.toList());
            for (String series : others) {
                assertEquals(1.0, TestNode.metric(after, series), series + "\n" + after);
            }
        }
    }

    private static String up(RedisClusterTopology.Node server) {
        return "signal_redis_endpoint_up{endpoint=\"127.0.0.1:" + server.port() + "\"}";
    }

    private static void awaitMetric(TestNode node, String series, double value) throws Exception {
        Await.until(series + " reads " + value, WAIT, () -> node.metric(series) == value);
    }
}
