package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.connect;
import static dev.signals.server.room.RoomClients.error;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.room.RoomClients.Client;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-connection limits of SECURITY.md "Limits and their defaults"/docs/security.md "On a WebSocket" on the room dialect. */
class RoomLimitsTest {

    @Test
    void floodGetsOneErrorPerSecondThenA1008CloseAfterTenWindows() throws Exception {
        try (TestNode node = TestNode.start("--rate-limit", "5", "--rate-burst", "5");
             Client a = connect(node); Client b = connect(node)) {
            a.join("r");
            a.next();
            for (int i = 0; i < 10; i++) {
                a.send("{\"type\":\"ping\"}");
            }
            assertEquals(error("rate limit exceeded"), a.next());
            // A well-behaved client on the same node is unaffected.
            b.join("quiet");
            assertEquals(joined("quiet"), b.next());
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            WsTestClient.Frame frame = null;
            while (System.nanoTime() < deadline) {
                try {
                    for (int i = 0; i < 10; i++) {
                        a.send("{\"type\":\"ping\"}");
                    }
                } catch (java.io.IOException closedMeanwhile) {
                    break;
                }
                frame = a.ws().poll(Duration.ofMillis(100));
                while (frame != null && !frame.isClose()) {
                    assertEquals(error("rate limit exceeded"), frame.text());
                    frame = a.ws().poll(Duration.ofMillis(10));
                }
                if (frame != null) {
                    break;
                }
            }
            if (frame == null) {
                frame = a.ws().awaitClose(Duration.ofSeconds(2));
            }
            assertEquals(1008, frame.closeCode());
            assertEquals("rate limit exceeded", frame.closeReason());
        }
    }

    /** On io_uring too, whose write reports come a turn late (docs/production.md "Transport"): the sender's bursts of errors are no slow reader's. */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void clientThatStopsReadingIsClosedWithoutSlowingOthers(String transport) throws Exception {
        // The sender pushes 24 MB: without --ws-read-rate 0 its own read budget (docs/security.md)
        // would pace it at 1 MiB/s, which is not what this test is about.
        try (TestNode node = TestNode.start("--ws-send-queue", "16", "--rate-limit", "0", "--ws-read-rate", "0",
                "--transport", transport);
             Client stalled = connect(node); Client sender = connect(node); Client peer = connect(node)) {
            for (Client c : new Client[] {stalled, sender, peer}) {
                c.join("busy");
            }
            stalled.next();
            stalled.ws().pauseReading();
            sender.next();
            peer.next();
            String big = "z".repeat(60_000);
            // The stalled client may be closed while the peer is still being offered to, so the
            // membership frames skipped on the way are kept and its leave-client looked for there too.
            List<String> skipped = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                sender.send(offer(stalled.id(), big));
                if (i % 20 == 0) {
                    sender.send(offer(peer.id(), "ok" + i));
                    assertEquals(relayed("offer", sender.id(), "ok" + i), drainTo(peer, "offer", skipped));
                }
            }
            node.awaitState(state -> state.contains("\"room\":2"));
            String leave = RoomClients.leaveClient(stalled.id());
            if (!skipped.contains(leave)) {
                assertEquals(leave, drainTo(peer, "leave-client", skipped));
            }
            stalled.ws().resumeReading();
            assertTrue(stalled.ws().awaitEof(Duration.ofSeconds(10)), "the stalled client's socket is closed");
            sender.send(offer(peer.id(), "after"));
            assertEquals(relayed("offer", sender.id(), "after"), drainTo(peer, "offer", skipped));
        }
    }

    /** Skips membership noise (new-client/leave-client) into {@code skipped} and returns the next frame of {@code type}. */
    private static String drainTo(Client c, String type, List<String> skipped) throws InterruptedException {
        while (true) {
            String text = c.next();
            if (text.startsWith("{\"type\":\"" + type + "\"")) {
                return text;
            }
            skipped.add(text);
        }
    }

    @Test
    void silentClientIsClosedWithReadTimeout() throws Exception {
        try (TestNode node = TestNode.start("--ws-read-timeout", "500ms", "--ws-ping-interval", "10s");
             Client a = connect(node)) {
            WsTestClient.Frame close = a.ws().awaitClose(Duration.ofSeconds(5));
            assertEquals(1001, close.closeCode());
            assertEquals("read timeout", close.closeReason());
        }
    }

    @Test
    void clientAnsweringPingsStaysConnectedPastTheReadTimeout() throws Exception {
        try (TestNode node = TestNode.start("--ws-read-timeout", "600ms", "--ws-ping-interval", "150ms");
             Client a = connect(node); Client b = connect(node)) {
            Thread.sleep(1500);
            a.join("alive");
            assertEquals(joined("alive"), a.next());
            b.join("alive");
            b.next();
            assertEquals(newClient(b.id()), a.next());
        }
    }

    @Test
    void foreignOriginIsRefusedBeforeTheUpgradeAndAllowedOriginsPass() throws Exception {
        try (TestNode node = TestNode.start("--allowed-origins", "https://app.example.com,https://*.example.org")) {
            try (WsTestClient evil = node.ws("/connect", Map.of("Origin", "https://evil.example.net"))) {
                assertEquals(403, evil.status());
                assertEquals("", evil.body());
            }
            try (WsTestClient ok = node.ws("/connect", Map.of("Origin", "https://app.example.com"))) {
                assertEquals(101, ok.status());
            }
            try (WsTestClient sub = node.ws("/connect", Map.of("Origin", "https://a.b.example.org"))) {
                assertEquals(101, sub.status());
            }
            try (WsTestClient bare = node.ws("/connect", Map.of("Origin", "https://example.org"))) {
                assertEquals(403, bare.status());
            }
            try (WsTestClient same = node.ws("/connect", Map.of("Origin", "http://127.0.0.1:" + node.port()))) {
                assertEquals(101, same.status());
            }
            try (WsTestClient nul = node.ws("/connect", Map.of("Origin", "null"))) {
                assertEquals(403, nul.status());
            }
        }
    }

    @Test
    void connectionCapAnswers503BeforeTheUpgrade() throws Exception {
        try (TestNode node = TestNode.start("--max-connections", "1");
             Client a = connect(node);
             WsTestClient b = node.ws("/connect")) {
            assertEquals(503, b.status());
            a.close();
            node.awaitState(s -> s.contains("\"room\":0"));
            try (Client c = connect(node)) {
                assertTrue(c.id().length() == 20);
            }
        }
    }
}
