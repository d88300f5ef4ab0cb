package dev.signals.server.container;

import static dev.signals.server.room.RoomClients.connect;
import static dev.signals.server.room.RoomClients.error;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.joinTogether;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.WsTestClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image from {@code docker/Dockerfile}, built and run with podman: its declared contract,
 * health, a room exchange through the published port, configuration by env and mounted TOML,
 * and the SIGTERM drain of docs/production.md "One node" under {@code podman stop}. Runs in the
 * integration-test phase (after the jar is packaged): {@code ./mvnw verify}.
 */
@Tag("container")
class ContainerImageTest {
    private static final String RUN = Long.toHexString(System.nanoTime() & 0xffffff);
    private static final List<SignalContainer> STARTED = new ArrayList<>();
    private static Podman podman;
    private static String image;

    @BeforeAll
    static void buildImage() {
        podman = Podman.ready(Path.of(System.getProperty("signal.workdir", "target/container-test")));
        image = TestImages.from(podman).signal();
    }

    @AfterAll
    static void removeContainers() throws java.io.IOException {
        STARTED.forEach(SignalContainer::close);
        if (podman != null) {
            Files.deleteIfExists(configFile());
        }
    }

    private static Path configFile() {
        return podman.workDir().resolve("config-" + RUN + ".toml");
    }

    private static SignalContainer start(String suffix, List<String> options, String... flags) {
        SignalContainer c = SignalContainer.start(podman, image, "signal-test-" + RUN + "-" + suffix, options, flags);
        STARTED.add(c);
        return c;
    }

    @Test
    void imageDeclaresNonRootUserPortsStopSignalHealthcheckAndHeapShare() throws Exception {
        JsonNode inspect = new ObjectMapper().readTree(podman.ok(Duration.ofSeconds(30), "image", "inspect", image)).get(0);
        JsonNode config = inspect.get("Config");
        assertEquals("10001:10001", config.get("User").asText());
        assertEquals(Set.of("8080/tcp", "8090/tcp"), fieldNames(config.get("ExposedPorts")));
        assertEquals("SIGTERM", config.get("StopSignal").asText());
        assertEquals("/etc/signal", config.get("WorkingDir").asText());
        assertEquals("[\"/app/start.sh\"]", config.get("Entrypoint").toString());
        assertEquals("[\"CMD\",\"/app/healthcheck.sh\"]", inspect.get("Healthcheck").get("Test").toString(), inspect.toString());
        assertTrue(config.get("Env").toString().contains("JDK_JAVA_OPTIONS=-XX:+UseZGC -XX:MaxRAMPercentage="), config.toString());
    }

    @Test
    void healthzAnswersAndTheHealthcheckPassesAsANonRootUser() throws Exception {
        SignalContainer node = start("health", List.of());
        HttpResponse<String> health = node.adminGet("/healthz");
        assertEquals(200, health.statusCode());
        assertEquals("", health.body());
        Podman.Result check = node.healthcheck();
        assertEquals(0, check.exitCode(), check.describe());
        assertEquals("10001", node.exec("id", "-u").output().trim());
        Podman.Result wrongPort = node.exec("env", "SIGNALS_HEALTHZ_ADDR=0.0.0.0:9", "/app/healthcheck.sh");
        assertEquals(1, wrongPort.exitCode(), "the health check must fail when /healthz cannot be reached: " + wrongPort.describe());
    }

    @Test
    void directMemoryIsAQuarterOfTheMemoryLimitAndTheSendBudgetHalfOfThat() throws Exception {
        SignalContainer node = start("memory", List.of("--memory", "512m"));
        assertTrue(node.logs().contains("WebSocket send budget 64 MiB of 128 MiB direct memory; 1024 KiB per socket"),
                node.logs());
    }

    @Test
    void roomExchangeRelaysExactBytesThroughThePublishedPort() throws Exception {
        SignalContainer node = start("room", List.of());
        try (Client a = connect(node.port()); Client b = connect(node.port())) {
            joinTogether("lobby", a, b);
            a.send(offer(b.id(), "v=0\\r\\no=- 1 2 IN IP4 127.0.0.1"));
            assertEquals("{\"type\":\"offer\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"sdp\":\"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\"}}",
                    b.next());
            b.send("{\"type\":\"answer\",\"payload\":{\"client_id\":\"" + a.id() + "\",\"sdp\":\"v=1\"}}");
            assertEquals(relayed("answer", b.id(), "v=1"), a.next());
        }
        String metrics = node.adminGet("/metrics").body();
        assertTrue(metrics.contains("signal_messages_total{dialect=\"room\",direction=\"out\",type=\"offer\"} 1.0"), metrics);
        assertTrue(metrics.contains("signal_relay_seconds_bucket{dialect=\"room\""), metrics);
    }

    @Test
    void environmentOverridesTheMountedTomlWhichTheServerReads() throws Exception {
        Path toml = configFile();
        Files.writeString(toml, "[server]\nnode_id = \"from-toml\"\n\n[room]\nmax_clients = 1\n");
        SignalContainer node = start("config", List.of("-e", "SIGNALS_NODE_ID=from-env",
                "-v", toml + ":/etc/signal/config.toml:ro"));
        assertTrue(node.adminGet("/debug/state").body().startsWith("{\"node_id\":\"from-env\""),
                node.adminGet("/debug/state").body());
        try (Client a = connect(node.port()); Client b = connect(node.port())) {
            a.join("small");
            assertEquals(joined("small"), a.next());
            b.join("small");
            assertEquals(error("room is full"), b.next(), "[room] max_clients = 1 from the mounted file");
        }
    }

    @Test
    void podmanStopDrainsSocketsWith1001AndTheContainerExitsZeroBeforeTheKill() throws Exception {
        // podman stop sends SIGKILL 10 s after SIGTERM (exit status 137); a drain bounded by
        // --shutdown-timeout 5s must exit 0 before that.
        SignalContainer node = start("drain", List.of(), "--shutdown-timeout", "5s");
        try (Client a = connect(node.port()); Client b = connect(node.port())) {
            joinTogether("bye", a, b);
            CompletableFuture<Podman.Result> stop = podman.runAsync(Duration.ofSeconds(60), "stop", "-t", "10", node.name());
            for (WsTestClient ws : List.of(a.ws(), b.ws())) {
                WsTestClient.Frame close = ws.awaitClose(Duration.ofSeconds(15));
                assertEquals(1001, close.closeCode());
                assertEquals("server shutting down", close.closeReason());
            }
            Podman.Result stopped = stop.get(70, TimeUnit.SECONDS);
            assertEquals(0, stopped.exitCode(), stopped.describe());
        }
        assertEquals("exited", node.state());
        assertEquals(0, node.exitCode(), node.logs());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
