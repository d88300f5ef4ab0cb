package dev.signals.server.container;

import static dev.signals.server.room.RoomClients.connect;
import static dev.signals.server.room.RoomClients.joinTogether;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.leaveClient;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.WsTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two containers of the image under test sharing a Redis container (Debian's redis-server on the
 * local Debian base) on their own podman network: a room exchange crosses the nodes through the
 * backplane (docs/cluster.md), a draining node's leave reaches the other node (docs/production.md "One node"), and both
 * nodes publish the backplane meters the dashboard reads.
 */
@Tag("container")
class ContainerClusterTest {
    private static final String RUN = "signal-test-" + Long.toHexString(System.nanoTime() & 0xffffff);
    private static final String NETWORK = RUN;
    private static final String REDIS = RUN + "-redis";
    private static final List<SignalContainer> STARTED = new ArrayList<>();
    private static Podman podman;
    private static String image;
    private static SignalContainer node1;
    private static SignalContainer node2;

    @BeforeAll
    static void startCluster() {
        podman = Podman.ready(Path.of(System.getProperty("signal.workdir", "target/container-test")));
        TestImages images = TestImages.from(podman);
        image = images.signal();
        String redisImage = images.redis();
        podman.ok(Duration.ofSeconds(30), "network", "create", NETWORK);
        podman.ok(Duration.ofMinutes(1), "run", "-d", "--name", REDIS, "--network", NETWORK, "--pull=never", redisImage);
        awaitRedis();
        node1 = startNode("node-1");
        node2 = startNode("node-2");
    }

    @AfterAll
    static void removeCluster() {
        if (podman != null) {
            STARTED.forEach(SignalContainer::close);
            podman.run(Duration.ofSeconds(60), "rm", "-f", REDIS);
            podman.run(Duration.ofSeconds(30), "network", "rm", "-f", NETWORK);
        }
    }

    private static SignalContainer startNode(String id) {
        SignalContainer node = SignalContainer.start(podman, image, RUN + "-" + id,
                List.of("--network", NETWORK, "-e", "SIGNALS_REDIS_ADDR=" + REDIS + ":6379", "-e", "SIGNALS_NODE_ID=" + id),
                "--shutdown-timeout", "5s");
        STARTED.add(node);
        return node;
    }

    private static void awaitRedis() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Podman.Result ping = null;
        while (System.nanoTime() < deadline) {
            ping = podman.run(Duration.ofSeconds(10), "exec", REDIS, "redis-cli", "ping");
            if (ping.ok() && ping.output().trim().equals("PONG")) {
                return;
            }
            SignalContainer.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError("redis container did not answer PING: " + (ping == null ? "" : ping.describe())
                + "\n" + podman.run(Duration.ofSeconds(30), "logs", REDIS).output());
    }

    @Test
    void roomExchangeCrossesTheTwoContainersThroughRedis() throws Exception {
        try (Client a = connect(node1.port()); Client b = connect(node2.port())) {
            a.join("across");
            assertEquals(joined("across"), a.next());
            b.join("across");
            assertEquals(joined("across", a.id()), b.next(),
                    "a joiner on node-2 must see the member on node-1 (needs the Redis backplane)");
            assertEquals(newClient(b.id()), a.next());
            a.send(offer(b.id(), "v=0 cross-node"));
            assertEquals("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"sdp\":\"v=0 cross-node\"}}", b.next());
            b.send("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"sdp\":\"v=1\"}}");
            assertEquals(relayed("answer", b.id(), "v=1"), a.next());
        }
    }

    @Test
    void aDrainingNodesLeaveReachesTheOtherNodeAndItExitsZero() throws Exception {
        SignalContainer leaving = startNode("node-3");
        try (Client a = connect(node1.port()); Client c = connect(leaving.port())) {
            joinTogether("drain", a, c);
            CompletableFuture<Podman.Result> stop = podman.runAsync(Duration.ofSeconds(60), "stop", "-t", "10", leaving.name());
            WsTestClient.Frame close = c.ws().awaitClose(Duration.ofSeconds(15));
            assertEquals(1001, close.closeCode());
            assertEquals("server shutting down", close.closeReason());
            assertEquals(leaveClient(c.id()), a.next(), "the member on node-1 learns that node-3's client left");
            Podman.Result stopped = stop.get(70, TimeUnit.SECONDS);
            assertEquals(0, stopped.exitCode(), stopped.describe());
        }
        assertEquals(0, leaving.exitCode(), leaving.logs());
    }

    @Test
    void bothNodesAreHealthyWithTheBackplaneUpAndPublishItsMeters() throws Exception {
        try (Client a = connect(node1.port()); Client b = connect(node2.port())) {
            joinTogether("meters", a, b);
        }
        for (SignalContainer node : List.of(node1, node2)) {
            assertEquals(200, node.adminGet("/healthz").statusCode());
            String scrape = node.adminGet("/metrics").body();
            assertTrue(scrape.lines().anyMatch(l -> l.matches("signal_backplane_up(\\{[^}]*})? 1\\.0")),
                    node.name() + " publishes signal_backplane_up 1:\n" + scrape);
            Set<String> backplane = new TreeSet<>(DashboardQueries.read(Path.of(System.getProperty("signal.repo", ".."))
                    .resolve("docker/grafana/dashboards/signal.json")).metricNames());
            backplane.removeIf(name -> !name.startsWith("signal_backplane_"));
            backplane.removeAll(DashboardQueries.exposed(scrape));
            assertEquals(Set.of(), backplane, node.name() + " lacks backplane meters the dashboard reads");
        }
    }
}
