package dev.signals.server.redis;

import static dev.signals.server.testing.RoomPeer.joined;
import static dev.signals.server.testing.RoomPeer.leaveClient;
import static dev.signals.server.testing.RoomPeer.newClient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.Await;
import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RedisProcess;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A node killed with {@code kill -9} (docs/cluster.md): within its lease plus one renewal period
 * the survivors act as if its clients had left — room members get {@code leave-client}, call
 * peers {@code LEAVE}, domains are freed — and no ghost remains.
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
             ChildNode doomed = ChildNode.startReady("--redis-addr", redis.address(), "--redis-prefix", prefix,
                     "--node-id", "doomed", "--node-lease", "2s");
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

    @Test
    void callPeersHearLeaveAndDomainsAreFreedWhenTheirNodeIsKilled() throws Exception {
        String prefix = RedisProcess.uniquePrefix();
        try (RedisProcess redis = RedisProcess.start();
             TestNode survivor = TestNode.clustered(redis.address(), prefix, "survivor", "--node-lease", "2s");
             ChildNode doomed = ChildNode.startReady("--redis-addr", redis.address(), "--redis-prefix", prefix,
                     "--node-id", "doomed", "--node-lease", "2s");
             WsTestClient a = callSocket(survivor.port(), seat(survivor.port(), "k"));
             WsTestClient domainOnDoomed = WsTestClient.connect(doomed.port(), "/ws/D")) {
            String bJoin = seat(doomed.port(), "k");
            assertEquals(PEER, a.nextText());
            try (WsTestClient b = callSocket(doomed.port(), bJoin)) {
                awaitValue(redis, prefix + "domain:D", "doomed ");
                String offer = "{\"offer_sdp\":\"s\",\"candidate\":[],\"answer_domain\":\"D\",\"offer_domain\":\"A\"}";
                assertEquals(200, post(survivor.port(), "/offer", offer).statusCode());
                assertEquals("{\"ty\":\"offer\",\"answer_resp\":null,\"offer_req\":" + offer + "}", domainOnDoomed.nextText());

                doomed.kill();
                long killed = System.nanoTime();
                assertEquals(137, doomed.awaitExit(Duration.ofSeconds(10)), "killed by SIGKILL");
                // Nobody listens on the dead node's channel: its domain is unreachable at once...
                HttpResponse<String> lost = post(survivor.port(), "/offer", offer);
                assertEquals(404, lost.statusCode());
                assertEquals("{\"code\":-1,\"msg\":\"answer domain not connected\",\"data\":null}", lost.body());
                // ...and within the lease bound the survivor reaps it: b's call peer hears LEAVE, D is freed.
                WsTestClient.Frame leave = a.next(BOUND);
                assertEquals(LEAVE, leave.text());
                long tookMs = (System.nanoTime() - killed) / 1_000_000;
                awaitGone(redis, prefix + "domain:D");
                System.out.println("LEAVE after kill -9 arrived in " + tookMs + " ms (lease 2 s)");
            }
            // b's seat outlives its node (the seed's rejoin window): b comes back through the survivor,
            // which is a PEER again; a heard exactly one LEAVE before it.
            try (WsTestClient back = callSocket(survivor.port(), bJoin)) {
                assertEquals(PEER, a.nextText());
            }
            assertEquals(LEAVE, a.nextText());
            try (WsTestClient again = WsTestClient.connect(survivor.port(), "/ws/D")) {
                awaitValue(redis, prefix + "domain:D", "survivor ");
            }
            List<String> keys = redis.keys(prefix);
            assertFalse(keys.contains(prefix + "node-calls:doomed"), keys.toString());
            assertFalse(keys.contains(prefix + "node-domains:doomed"), keys.toString());
        }
    }

    private static final String PEER = "{\"call\":\"k\",\"kind\":\"PEER\"}";
    private static final String LEAVE = "{\"call\":\"k\",\"kind\":\"LEAVE\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** Takes a seat in {@code call} on the node at {@code port}; answers the JOIN message. */
    private static String seat(int port, String call) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/call/" + call))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return res.body();
    }

    /** Presents {@code join} on {@code /ws} and expects WELCOME. */
    private static WsTestClient callSocket(int port, String join) throws Exception {
        WsTestClient ws = WsTestClient.connect(port, "/ws");
        ws.sendText(join);
        assertEquals("{\"call\":\"k\",\"kind\":\"WELCOME\"}", ws.nextText());
        return ws;
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitValue(RedisProcess redis, String key, String startsWith) throws Exception {
        Await.matching(key + " starts with " + startsWith, Duration.ofSeconds(5), () -> redis.command("GET", key),
                value -> value != null && value.toString().startsWith(startsWith));
    }

    private static void awaitGone(RedisProcess redis, String key) throws Exception {
        Await.until(key + " is reaped", Duration.ofSeconds(5), () -> (Long) redis.command("EXISTS", key) == 0);
    }
}
