package dev.signals.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** PROTOCOLS.md §1.6: SIGTERM drains — sockets closed 1001, leave delivered, exit status 0. */
class ShutdownTest {

    @Test
    void sigtermClosesSocketsWith1001AndExitsZero() throws Exception {
        try (ChildNode node = ChildNode.start("--shutdown-timeout", "5s");
             WsTestClient a = WsTestClient.connect(node.port(), "/connect");
             WsTestClient b = WsTestClient.connect(node.port(), "/connect")) {
            a.nextText();
            b.nextText();
            a.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"bye\"}}");
            a.nextText();
            b.sendText("{\"type\":\"join\",\"payload\":{\"room_id\":\"bye\"}}");
            b.nextText();
            assertTrue(a.nextText().startsWith("{\"type\":\"new-client\""));
            node.terminate();
            for (WsTestClient c : new WsTestClient[] {a, b}) {
                WsTestClient.Frame close = c.awaitClose(Duration.ofSeconds(10));
                assertEquals(1001, close.closeCode());
                assertEquals("server shutting down", close.closeReason());
            }
            assertEquals(0, node.awaitExit(Duration.ofSeconds(10)), String.join("\n", node.output()));
        }
    }

    @Test
    void badFlagExitsWithStatusTwoAndOneLine() throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.signals.server.Main", "--seat-count", "x")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertEquals("signal-server: invalid value for --seat-count: 'x': must be a whole number\n", out);
    }
}
