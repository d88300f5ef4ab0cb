package dev.signals.server.redis;

import static dev.signals.server.testing.ClusteredTest.awaitStatus;
import static dev.signals.server.testing.RoomPeer.error;
import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.leaveClient;
import static dev.signals.server.testing.RoomPeer.newClient;
import static dev.signals.server.testing.RoomPeer.offerFrom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Redis going away and coming back (docs/cluster.md): a node keeps serving what it can alone,
 * answers cross-node operations with the room errors, reports itself unready, and on Redis's
 * return re-registers its live members and resumes without a restart.
 */
class RedisOutageTest {
    private static final Pattern JOINED_IDS = Pattern.compile("\\{\"type\":\"joined\",\"payload\":\\{\"client_ids\":\\[(.*)],\"room_id\":\"r\"}}");

    @Test
    void degradedWhileRedisIsDownAndBackWithoutRestart() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode nodeA = TestNode.clustered(redis.address(), prefix, "a");
             TestNode nodeB = TestNode.clustered(redis.address(), prefix, "b");
             RoomPeer a1 = RoomPeer.connect(nodeA.port());
             RoomPeer a2 = RoomPeer.connect(nodeA.port());
             RoomPeer a3 = RoomPeer.connect(nodeA.port());
             RoomPeer b1 = RoomPeer.connect(nodeB.port())) {
            a1.join("r");
            assertEquals(joined("r"), a1.next());
            a2.join("r");
            assertEquals(joined("r", a1), a2.next());
            assertEquals(newClient(a2), a1.next());
            b1.join("r");
            assertEquals(joined("r", a1, a2), b1.next());
            assertEquals(newClient(b1), a1.next());
            assertEquals(newClient(b1), a2.next());

            redis.stop();
            awaitStatus(nodeA, "/readyz", 503);
            assertEquals(500, nodeA.adminGet("/healthz").statusCode());
            assertEquals("unhealthy\n", nodeA.adminGet("/healthz").body());
            assertTrue(nodeA.adminGet("/metrics").body().contains("signal_backplane_up 0.0"));
            assertTrue(nodeA.adminGet("/debug/state").body().contains("\"backplane\":\"down\""));

            // Same-node relay keeps working; cross-node operations get the room errors.
            a1.offer(a2, "same-node");
            assertEquals(offerFrom(a1, "same-node"), a2.next());
            a1.offer(b1, "cross-node");
            assertEquals(error("failed to transfer offer"), a1.next());
            a3.join("r");
            assertEquals(error("failed to join room"), a3.next());
            // A same-node leave is announced on the node at once.
            a2.abort();
            assertEquals(leaveClient(a2), a1.next());

            redis.restart(); // empty: persistence is off, every node must re-register
            awaitStatus(nodeA, "/readyz", 200);
            awaitStatus(nodeB, "/readyz", 200);

            // b1 learns that a2 left while Redis was away; the nodes' members are registered again.
            b1.await(leaveClient(a2)::equals, Duration.ofSeconds(10));
            try (RoomPeer b2 = RoomPeer.connect(nodeB.port())) {
                b2.join("r");
                Matcher m = JOINED_IDS.matcher(b2.next());
                assertTrue(m.matches());
                assertEquals(Set.of("\"" + a1.id() + "\"", "\"" + b1.id() + "\""), Set.of(m.group(1).split(",")));
                a1.await(newClient(b2)::equals, Duration.ofSeconds(5));
                b1.await(newClient(b2)::equals, Duration.ofSeconds(5));
                a1.offer(b2, "after-restart");
                assertEquals(offerFrom(a1, "after-restart"), b2.next());
                a3.join("r");
                String joinedA3 = a3.next();
                assertTrue(joinedA3.startsWith("{\"type\":\"joined\""), joinedA3);
            }
            assertTrue(nodeA.adminGet("/metrics").body().contains("signal_backplane_reconnects_total 1.0"));
        }
    }

    @Test
    void aNodeStartsDegradedWhenRedisIsUnreachableAndJoinsWhenItAppears() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start()) {
            redis.stop();
            try (TestNode node = TestNode.start("--redis-addr", redis.address(), "--redis-prefix", prefix, "--node-id", "late",
                    "--backplane-wait", "300ms");
                 RoomPeer a = RoomPeer.connect(node.port())) {
                assertEquals(503, node.adminGet("/readyz").statusCode());
                a.join("r");
                assertEquals(error("failed to join room"), a.next());
                redis.restart();
                node.awaitReady(Duration.ofSeconds(10));
                a.join("r");
                assertEquals(joined("r"), a.next());
            }
        }
    }

    @Test
    void aWrongPasswordKeepsTheNodeUnreadyAndTheRightOneWorks() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start("--requirepass", "s3cret");
             TestNode wrong = TestNode.start("--redis-addr", "redis://:nope@127.0.0.1:" + redis.port() + "/1",
                     "--redis-prefix", prefix, "--node-id", "wrong", "--backplane-wait", "0");
             TestNode right = TestNode.clustered("redis://:s3cret@127.0.0.1:" + redis.port() + "/1", prefix, "right");
             RoomPeer a = RoomPeer.connect(right.port())) {
            assertEquals(200, right.adminGet("/readyz").statusCode());
            assertEquals(503, wrong.adminGet("/readyz").statusCode());
            a.join("r");
            assertEquals(joined("r"), a.next());
            assertEquals(List.of(), redis.keys(prefix), "database 0 holds nothing: the node uses /1");
        }
    }
}
