package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/compose.yaml}, {@code docker/compose.sentinel.yaml} and {@code docker/compose.cluster.yaml} as Debian's podman-compose reads them: {@code --dry-run up} parses
 * a file and prints the podman commands it would run (this podman-compose has no
 * {@code config}). Nothing is pulled or started; the project network it creates is removed.
 */
@Tag("container")
class ComposeDryRunTest {
    private static final String PROJECT = "signal-test-" + Long.toHexString(System.nanoTime() & 0xffffff);
    private static Podman podman;

    @BeforeAll
    static void tools() {
        podman = Podman.ready(Path.of(System.getProperty("signal.workdir", "target/container-test")));
    }

    @AfterAll
    static void removeNetwork() {
        podman.run(Duration.ofSeconds(30), "network", "rm", "-f", PROJECT + "_default");
    }

    @Test
    void podmanComposeReadsTheFileAndWouldRunTwoNodesOnRedisWithPrometheusAndGrafana() {
        assertWouldRun("docker/compose.yaml",
            "podman build -t localhost/signal:latest -f ../docker/Dockerfile ..",
            "--network-alias signal-1 -p 8080:8080 -p 127.0.0.1:8090:8090 --stop-signal SIGTERM",
            "--network-alias signal-2 -p 8081:8080 -p 127.0.0.1:8091:8090 --stop-signal SIGTERM",
            "-e SIGNALS_REDIS_ADDR=redis:6379",
            "--network-alias redis",
            "/docker/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro",
            "/docker/grafana/dashboards:/var/lib/grafana/dashboards:ro",
            "/docker/grafana/provisioning:/etc/grafana/provisioning:ro");
    }

    /** docs/cluster.md#sentinel: a primary, its replica, three Sentinels and two nodes that find the primary through them. */
    @Test
    void podmanComposeReadsTheSentinelFileAndWouldRunTwoNodesOnAPrimaryAndReplicaUnderThreeSentinels() {
        String sentinels = "-e SIGNALS_REDIS_ADDR=redis-sentinel://sentinel-1:26379,sentinel-2:26379,sentinel-3:26379/signal";
        assertWouldRun("docker/compose.sentinel.yaml",
            "podman build -t localhost/signal:latest -f ../docker/Dockerfile ..",
            "--network-alias redis-primary",
            "--network-alias redis-replica",
            "--replicaof redis-primary 6379",
            "--network-alias sentinel-1",
            "--network-alias sentinel-2",
            "--network-alias sentinel-3",
            "sentinel monitor signal redis-primary 6379 2",
            "-e SIGNALS_NODE_ID=signal-1 " + sentinels,
            "-e SIGNALS_NODE_ID=signal-2 " + sentinels,
            "--network-alias signal-1 -p 8080:8080 -p 127.0.0.1:8090:8090 --stop-signal SIGTERM",
            "--network-alias signal-2 -p 8081:8080 -p 127.0.0.1:8091:8090 --stop-signal SIGTERM");
    }

    /**
     * docs/cluster.md#redis-cluster: six servers with cluster mode on, the one-shot service that
     * joins them (its script reaches the shell with {@code $$} read as {@code $}), and two nodes on
     * a {@code redis-cluster://} address with sessions off.
     */
    @Test
    void podmanComposeReadsTheClusterFileAndWouldRunTwoNodesOnSixServersJoinedIntoACluster() {
        String nodes = "-e SIGNALS_REDIS_ADDR=redis-cluster://redis-1:6379,redis-2:6379,redis-3:6379 -e SIGNALS_RESUME_WINDOW=0";
        assertWouldRun("docker/compose.cluster.yaml",
            "podman build -t localhost/signal:latest -f ../docker/Dockerfile ..",
            "--network-alias redis-1", "--network-alias redis-2", "--network-alias redis-3",
            "--network-alias redis-4", "--network-alias redis-5", "--network-alias redis-6",
            "redis-server --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000",
            "--network-alias redis-cluster-create --restart no docker.io/library/redis:7 sh -c",
            "redis-cli --cluster create $addrs --cluster-replicas 1 --cluster-yes",
            "-e SIGNALS_NODE_ID=signal-1 " + nodes,
            "-e SIGNALS_NODE_ID=signal-2 " + nodes,
            "--network-alias signal-1 -p 8080:8080 -p 127.0.0.1:8090:8090 --stop-signal SIGTERM",
            "--network-alias signal-2 -p 8081:8080 -p 127.0.0.1:8091:8090 --stop-signal SIGTERM");
    }

    private static void assertWouldRun(String file, String... expected) {
        Path compose = Path.of(System.getProperty("signal.repo", "..")).resolve(file).toAbsolutePath().normalize();
        Podman.Result dry = podman.host(Duration.ofMinutes(2), "podman-compose", "-p", PROJECT, "-f", compose.toString(),
                "--dry-run", "up", "-d");
        assertEquals(0, dry.exitCode(), dry.describe());
        String out = dry.output();
        for (String command : expected) {
            assertTrue(out.contains(command), "podman-compose would not run `" + command + "` for " + file + ":\n" + out);
        }
    }
}
