package dev.signals.server.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.redis.RedisAddress;
import dev.signals.server.testing.TestNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code docker/}: the compose file, the Prometheus config and the Grafana provisioning agree
 * with each other and with the server — every metric the dashboard queries is published by a
 * running node. Plain files and an in-process node: no podman needed, runs with the unit tests.
 */
class DeploymentFilesTest {
    private static final Path DOCKER = Path.of("..", "docker");
    /** A standalone node publishes nothing to Redis, so it has no publish-latency histogram. */
    private static final Set<String> CLUSTER_ONLY = Set.of("signal_backplane_publish_seconds_bucket");
    /** The panels issue 10 asks for: connections, messages, relay latency, errors, rate-limited, backplane. */
    private static final Set<String> REQUIRED = Set.of("signal_connections", "signal_messages_total",
            "signal_relay_seconds_bucket", "signal_errors_total", "signal_rate_limited_total", "signal_backplane_up");

    @Test
    void everyMetricTheDashboardQueriesIsPublishedByARunningNode() throws Exception {
        DashboardQueries dashboard = DashboardQueries.read(DOCKER.resolve("grafana/dashboards/signal.json"));
        assertTrue(dashboard.metricNames().containsAll(REQUIRED), "dashboard queries " + dashboard.metricNames());
        try (TestNode node = TestNode.start("--rate-limit", "5", "--rate-burst", "5")) {
            DashboardQueries.exerciseRoom(node.port());
            String scrape = node.adminGet("/metrics").body();
            Set<String> unexpected = new TreeSet<>(dashboard.missingFrom(scrape));
            unexpected.removeAll(CLUSTER_ONLY);
            assertEquals(Set.of(), unexpected, "queried by the dashboard but not on /metrics: " + unexpected
                    + "\npublished: " + DashboardQueries.exposed(scrape));
        }
    }

    @Test
    void metricNamesAreReadFromPromQlNotFromFunctionsOrLabels() {
        assertEquals(Set.of("signal_relay_seconds_bucket"), DashboardQueries.metricNames(
                "histogram_quantile(0.99, sum by (le, dialect) (rate(signal_relay_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"));
        assertEquals(Set.of("a_sum", "a_count"), DashboardQueries.metricNames(
                "sum without (x) (rate(a_sum{j=\"by (y)\"}[5m])) / on (i) rate(a_count[5m])"));
    }

    @Test
    void everyPanelUsesTheProvisionedPrometheusDatasource() throws Exception {
        JsonNode datasource = yaml(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml"))
                .path("datasources").get(0);
        assertEquals("prometheus", datasource.path("type").asText());
        assertEquals("http://prometheus:9090", datasource.path("url").asText());
        JsonNode dashboard = DashboardQueries.read(DOCKER.resolve("grafana/dashboards/signal.json")).json();
        List<JsonNode> refs = dashboard.findValues("datasource");
        assertTrue(refs.size() > 20, "panels, targets and variables name their datasource");
        for (JsonNode ref : refs) {
            assertEquals(datasource.path("uid").asText(), ref.path("uid").asText(), ref.toString());
        }
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id " + panel.path("id"));
            JsonNode grid = panel.path("gridPos");
            assertTrue(grid.path("x").asInt() + grid.path("w").asInt() <= 24, panel.path("title") + " is wider than the grid");
        }
    }

    @Test
    void prometheusScrapesTheAdminPortOfEverySignalNodeInTheComposeFile() throws Exception {
        JsonNode compose = yaml(DOCKER.resolve("compose.yaml"));
        Set<String> nodes = new TreeSet<>();
        compose.path("services").fields().forEachRemaining(s -> {
            if (s.getValue().path("image").asText().equals("localhost/signal:latest")) {
                nodes.add(s.getKey() + ":8090");
            }
        });
        assertEquals(Set.of("signal-1:8090", "signal-2:8090"), nodes);
        JsonNode job = yaml(DOCKER.resolve("prometheus/prometheus.yml")).path("scrape_configs").get(0);
        assertEquals("/metrics", job.path("metrics_path").asText());
        Set<String> targets = new TreeSet<>();
        job.path("static_configs").get(0).path("targets").forEach(t -> targets.add(t.asText()));
        assertEquals(nodes, targets);
    }

    @Test
    void composeNodesShareRedisBuildTheDockerfileAndDrainBeforeTheKill() throws Exception {
        JsonNode services = yaml(DOCKER.resolve("compose.yaml")).path("services");
        assertTrue(services.has("redis") && services.has("prometheus") && services.has("grafana"), services.toString());
        for (String name : List.of("signal-1", "signal-2")) {
            JsonNode node = services.path(name);
            assertEquals("redis:6379", node.path("environment").path("SIGNALS_REDIS_ADDR").asText(), name);
            assertEquals(name, node.path("environment").path("SIGNALS_NODE_ID").asText());
            assertTrue(Files.isRegularFile(DOCKER.resolve(node.path("build").path("context").asText())
                    .resolve(node.path("build").path("dockerfile").asText())), name + " builds a Dockerfile that exists");
            assertEquals("SIGTERM", node.path("stop_signal").asText());
            assertEquals("8s", node.path("environment").path("SIGNALS_SHUTDOWN_TIMEOUT").asText());
            assertEquals("20s", node.path("stop_grace_period").asText());
        }
    }

    @Test
    void theSentinelComposeNodesFindTheirPrimaryThroughTheThreeSentinelsOfOnePrimaryAndReplica() throws Exception {
        JsonNode services = yaml(DOCKER.resolve("compose.sentinel.yaml")).path("services");
        assertTrue(services.path("redis-replica").path("command").toString().contains("\"--replicaof\",\"redis-primary\",\"6379\""),
                services.path("redis-replica").toString());
        List<RedisAddress.Endpoint> sentinels = new ArrayList<>();
        for (String name : List.of("sentinel-1", "sentinel-2", "sentinel-3")) {
            String script = services.path(name).path("command").get(2).asText();
            assertTrue(script.contains("sentinel monitor signal redis-primary 6379 2\n"), script);
            assertTrue(script.contains("port 26379\n"), script);
            sentinels.add(new RedisAddress.Endpoint(name, 26379));
        }
        for (String name : List.of("signal-1", "signal-2")) {
            JsonNode node = services.path(name);
            RedisAddress addr = RedisAddress.parse(node.path("environment").path("SIGNALS_REDIS_ADDR").asText());
            assertEquals(RedisAddress.Topology.SENTINEL, addr.topology(), name);
            assertEquals(sentinels, addr.endpoints(), name);
            assertEquals("signal", addr.masterName(), name);
            assertEquals(name, node.path("environment").path("SIGNALS_NODE_ID").asText());
            assertEquals("localhost/signal:latest", node.path("image").asText());
        }
    }

    /** docs/cluster.md#redis-cluster: six servers made three masters and three replicas, two nodes on them, sessions off. */
    @Test
    void theClusterComposeNodesStartOnTheSixServersThatTheOneShotServiceJoinsIntoACluster() throws Exception {
        JsonNode services = yaml(DOCKER.resolve("compose.cluster.yaml")).path("services");
        List<String> servers = List.of("redis-1", "redis-2", "redis-3", "redis-4", "redis-5", "redis-6");
        for (String name : servers) {
            String command = services.path(name).path("command").toString();
            assertTrue(command.contains("\"--cluster-enabled\",\"yes\""), name + ": " + command);
        }
        JsonNode create = services.path("redis-cluster-create");
        assertEquals(servers, new ObjectMapper().convertValue(create.path("depends_on"), List.class));
        String script = create.path("command").get(2).asText();
        assertTrue(script.contains("for h in " + String.join(" ", servers) + "; do"), script);
        assertTrue(script.contains("redis-cli --cluster create $$addrs --cluster-replicas 1 --cluster-yes"), script);
        for (String name : List.of("signal-1", "signal-2")) {
            JsonNode node = services.path(name);
            java.util.Map<String, String> env = new ObjectMapper().convertValue(node.path("environment"),
                    new com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, String>>() { });
            // The node's own configuration check accepts it: a Cluster address with sessions off.
            dev.signals.server.config.SignalConfig config = new dev.signals.server.config.ConfigLoader(env, Path.of("").toAbsolutePath())
                    .load().config();
            RedisAddress addr = RedisAddress.parse(config.redis().addr());
            assertEquals(RedisAddress.Topology.CLUSTER, addr.topology(), name);
            for (RedisAddress.Endpoint seed : addr.endpoints()) {
                assertTrue(servers.contains(seed.host()) && seed.port() == 6379, name + ": " + seed);
            }
            assertEquals(name, config.nodeId());
            assertTrue(!config.resume().enabled(), name + " runs with sessions off");
            assertEquals("localhost/signal:latest", node.path("image").asText());
            assertEquals("SIGTERM", node.path("stop_signal").asText());
        }
    }

    @Test
    void everyFileTheComposeFileMountsExistsAndGrafanaLoadsTheDashboardFromItsMount() throws Exception {
        JsonNode services = yaml(DOCKER.resolve("compose.yaml")).path("services");
        List<String> mounts = new ArrayList<>();
        services.forEach(s -> s.path("volumes").forEach(v -> mounts.add(v.asText())));
        assertEquals(3, mounts.size(), mounts.toString());
        String dashboards = null;
        for (String mount : mounts) {
            String[] parts = mount.split(":");
            assertTrue(Files.exists(DOCKER.resolve(parts[0])), mount);
            if (parts[0].equals("./grafana/dashboards")) {
                dashboards = parts[1];
            }
        }
        JsonNode provider = yaml(DOCKER.resolve("grafana/provisioning/dashboards/signal.yaml"))
                .path("providers").get(0);
        assertEquals(dashboards, provider.path("options").path("path").asText());
        assertTrue(Files.isRegularFile(DOCKER.resolve("grafana/dashboards/signal.json")));
    }

    /** SnakeYAML rather than Jackson's YAML parser, because only SnakeYAML resolves {@code <<:} merge keys. */
    private static JsonNode yaml(Path file) throws IOException {
        return new ObjectMapper().valueToTree(new org.yaml.snakeyaml.Yaml().load(Files.readString(file)));
    }
}
