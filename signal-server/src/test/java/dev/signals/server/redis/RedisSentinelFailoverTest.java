package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.newClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RedisSentinelTopology;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.RoomRelay;
import dev.signals.server.testing.TestNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Sentinel failover under traffic (docs/cluster.md#sentinel): the primary is SIGKILLed while a
 * room spanning two nodes relays at a fixed rate; the nodes follow the Sentinels to the promoted
 * replica, re-register their members, and the room goes on. The silence is reported, not
 * asserted: it is the Sentinels' detection time plus a reconnect.
 */
class RedisSentinelFailoverTest {
    private static final Pattern JOINED_IDS = Pattern.compile("\\{\"type\":\"joined\",\"payload\":\\{\"client_ids\":\\[(.*)],\"room_id\":\"fo\"}}");
    // No node dies here: a lease longer than any failover on a loaded machine keeps the survivors
    // from reaping each other while Redis changes primary (reaping after a lapsed lease is
    // RedisNodeDeathTest's subject, not this one's).
    private static final String[] NO_LIMITS = {"--rate-limit", "0", "--http-rate-limit", "0", "--node-lease", "60s"};

    @Test
    void aFailoverOnCommandMovesBothNodesToTheNewPrimaryAndTheRoomGoesOn() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisSentinelTopology redis = RedisSentinelTopology.start();
             TestNode a = TestNode.clustered(redis.address(), prefix, "a", NO_LIMITS);
             TestNode b = TestNode.clustered(redis.address(), prefix, "b", NO_LIMITS);
             RoomPeer onA = RoomPeer.connect(a.port());
             RoomPeer onB = RoomPeer.connect(b.port())) {
            meet("m", onA, onB);

            RedisProcess old = redis.primary();
            redis.failover();
            RedisProcess promoted = redis.awaitFailover(old, Duration.ofSeconds(30));
            String now = "signal_redis_endpoint_up{endpoint=\"127.0.0.1:" + promoted.port() + "\"}";
            for (TestNode node : List.of(a, b)) {
                awaitMetric(node, now, 1.0);
                node.awaitReady(Duration.ofSeconds(20));
            }
            onA.offer(onB, "after-failover");
            assertEquals(RoomPeer.offerFrom(onA, "after-failover"), onB.next());
            onB.answer(onA, "back");
            assertEquals(RoomPeer.answerFrom(onB, "back"), onA.next());
            assertEquals(List.of(onA.id(), onB.id()), redis.command("ZRANGE", prefix + "room-members:m", "0", "-1"));
        }
    }

    @Test
    void thePasswordInTheAddressIsTheDataNodesAndTheSentinelsAreAskedWithoutOne() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisSentinelTopology redis = RedisSentinelTopology.start("s3cret")) {
            String withPassword = redis.address().replace("redis-sentinel://", "redis-sentinel://:s3cret@");
            try (TestNode wrong = TestNode.start("--redis-addr", redis.address(), "--redis-prefix", prefix, "--node-id", "c");
                 TestNode a = TestNode.clustered(withPassword, prefix, "a", NO_LIMITS);
                 TestNode b = TestNode.clustered(withPassword, prefix, "b", NO_LIMITS);
                 RoomPeer onA = RoomPeer.connect(a.port());
                 RoomPeer onB = RoomPeer.connect(b.port())) {
                meet("pw", onA, onB);
                assertEquals(503, wrong.adminGet("/readyz").statusCode(), "no password for the data nodes");
            }
        }
    }

    /** {@code first} then {@code second} join {@code room}; answers when both have seen it. */
    private static void meet(String room, RoomPeer first, RoomPeer second) throws Exception {
        first.join(room);
        assertEquals(joined(room), first.next());
        second.join(room);
        assertEquals(joined(room, first), second.next());
        assertEquals(newClient(second), first.next());
    }

    private static void awaitMetric(TestNode node, String series, double expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (node.metric(series) != expected) {
            assertTrue(System.nanoTime() < deadline, series + " stayed " + node.metric(series));
            Thread.sleep(50);
        }
    }

    @Test
    void aKilledPrimaryIsReplacedAndTheRoomSpanningTwoNodesKeepsRelaying() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisSentinelTopology redis = RedisSentinelTopology.start();
             TestNode a = TestNode.clustered(redis.address(), prefix, "a", NO_LIMITS);
             TestNode b = TestNode.clustered(redis.address(), prefix, "b", NO_LIMITS)) {
            List<RoomPeer> members = new ArrayList<>();
            try {
                for (TestNode node : List.of(a, a, b, b)) {
                    RoomPeer p = RoomPeer.connect(node.port());
                    p.join("fo");
                    assertEquals(joined("fo", members), p.next());
                    for (RoomPeer earlier : members) {
                        assertEquals(newClient(p), earlier.next());
                    }
                    members.add(p);
                }
                RoomRelay relay = RoomRelay.start(members, Duration.ofMillis(100));
                relay.awaitEveryPairPast(0, Duration.ofSeconds(10));

                long killed = System.nanoTime();
                RedisProcess old = redis.killPrimary();
                RedisProcess promoted = redis.awaitFailover(old, Duration.ofSeconds(30));
                long promotedAt = System.nanoTime();
                a.awaitReady(Duration.ofSeconds(20));
                b.awaitReady(Duration.ofSeconds(20));
                relay.awaitEveryPairPast(relay.round(), Duration.ofSeconds(20));
                long resumed = System.nanoTime();
                relay.close();

                System.out.printf("Sentinel failover: promoted after %d ms, every pair relaying again after %d ms;"
                                + " longest cross-node silence %d ms; %d sends refused with the backend error%n",
                        (promotedAt - killed) / 1_000_000, (resumed - killed) / 1_000_000,
                        relay.longestGap(List.of("0>2", "0>3", "1>2", "1>3", "2>0", "2>1", "3>0", "3>1")).toMillis(),
                        relay.refused());
                assertEquals(List.of(), relay.violations());
                for (TestNode node : List.of(a, b)) {
                    String scrape = node.adminGet("/metrics").body();
                    String was = "{endpoint=\"127.0.0.1:" + old.port() + "\"}";
                    String now = "{endpoint=\"127.0.0.1:" + promoted.port() + "\"}";
                    // At least one reconnect: a loaded machine may see the link drop twice while the
                    // Sentinels settle on the new primary.
                    assertTrue(TestNode.metric(scrape, "signal_backplane_reconnects_total") >= 1.0, scrape);
                    assertEquals(0.0, TestNode.metric(scrape, "signal_redis_endpoint_up" + was), scrape);
                    assertEquals(1.0, TestNode.metric(scrape, "signal_redis_endpoint_up" + now), scrape);
                    assertTrue(TestNode.metric(scrape, "signal_redis_reconnects_total" + now) >= 1.0, scrape);
                    assertTrue(TestNode.metric(scrape, "signal_redis_command_seconds_count" + now) > 0, scrape);
                }

                // Redis on the new primary holds all four members: a newcomer on either node sees them.
                Set<String> ids = new java.util.HashSet<>();
                members.forEach(m -> ids.add("\"" + m.id() + "\""));
                for (TestNode node : List.of(a, b)) {
                    RoomPeer late = RoomPeer.connect(node.port());
                    late.join("fo");
                    Matcher m = JOINED_IDS.matcher(late.next());
                    assertTrue(m.matches());
                    assertEquals(ids, Set.of(m.group(1).split(",")));
                    for (RoomPeer member : members) {
                        member.await(newClient(late)::equals, Duration.ofSeconds(5));
                    }
                    members.add(late);
                    ids.add("\"" + late.id() + "\"");
                }
            } finally {
                members.forEach(RoomPeer::close);
            }
        }
    }
}
