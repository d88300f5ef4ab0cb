package dev.signals.server.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.signals.server.testing.Await;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Client PINGs and PONGs are bounded like messages (SECURITY.md "Limits and their defaults"/docs/security.md "On a WebSocket"): each PING is answered
 * with its payload, but through the send queue and the per-connection rate, so a client that pings
 * without reading cannot grow the server's outbound buffer without limit.
 */
class WsControlFramesTest {
    /** Reactor Netty's warnings and errors: frames arriving around a close must not produce any. */
    private final Logger reactorNetty = (Logger) LoggerFactory.getLogger("reactor.netty");
    private final ListAppender<ILoggingEvent> reactorLog = new ListAppender<>();

    @BeforeEach
    void captureReactorNettyLog() {
        reactorLog.start();
        reactorNetty.addAppender(reactorLog);
    }

    @AfterEach
    void nothingWentWrongInside() {
        reactorNetty.detachAppender(reactorLog);
        assertEquals(List.of(), reactorLog.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage).toList());
    }
    @Test
    void aPingIsAnsweredWithItsPayload() throws Exception {
        try (TestNode node = TestNode.start(); WsTestClient ws = node.ws("/connect")) {
            ws.nextText(); // notify-client-id
            ws.queuePongs(true);
            ws.sendFrame(0x9, true, "are you there".getBytes(StandardCharsets.UTF_8));
            WsTestClient.Frame pong = ws.next();
            assertEquals(0xA, pong.opcode());
            assertArrayEquals("are you there".getBytes(StandardCharsets.UTF_8), pong.payload());
        }
    }

    @Test
    void pingsOverTheRateAreDroppedAndCounted() throws Exception {
        try (TestNode node = TestNode.start("--rate-limit", "1", "--rate-burst", "5");
             WsTestClient ws = node.ws("/ws")) {
            ws.queuePongs(true);
            ws.sendRepeated(0x9, new byte[0], 1_000);
            // Every ping is either answered or dropped and counted; at least the burst is answered.
            int[] pongs = new int[1];
            double limited = Await.matching("every ping answered or counted", Duration.ofSeconds(10), () -> {
                for (WsTestClient.Frame f = ws.poll(Duration.ZERO); f != null; f = ws.poll(Duration.ZERO)) {
                    assertEquals(0xA, f.opcode(), "only pongs come back");
                    pongs[0]++;
                }
                return NodeChecks.metric(node, "signal_rate_limited_total{dialect=\"call\"}");
            }, l -> l + pongs[0] == 1_000);
            assertTrue(pongs[0] >= 5, "the burst of 5 is answered: " + pongs[0] + " pongs, " + limited + " dropped");
        }
    }

    @Test
    void aClientPingingWithoutReadingIsClosedAtTheSendQueueBound() throws Exception {
        try (TestNode node = TestNode.start("--rate-limit", "0", "--ws-send-queue", "8");
             WsTestClient ws = node.ws("/connect")) {
            ws.nextText(); // notify-client-id
            ws.pauseReading();
            try {
                // ~12 MB of PONGs: far more than the socket buffers hold, so writes stay queued.
                ws.sendRepeated(0x9, new byte[125], 100_000);
            } catch (IOException hungUp) {
                // the server closed the connection while we were still flooding: what we want
            }
            // The close frame sits behind unread PONGs and the reset discards it, so the
            // overflow is observed in the metrics and the dropped connection.
            ws.resumeReading();
            assertTrue(ws.awaitEof(Duration.ofSeconds(10)), "the flooder's connection is closed");
            NodeChecks.awaitEmpty(node);
            assertEquals(1.0, NodeChecks.metric(node, "signal_errors_total{dialect=\"room\",reason=\"send_queue_overflow\"}"));
        }
    }

    /** On io_uring too: a turn's pongs the kernel takes are written, though reported a turn late. */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring"})
    void controlFramesDoNotDisturbOtherClients(String transport) throws Exception {
        try (TestNode node = TestNode.start("--rate-limit", "0", "--ws-send-queue", "8", "--transport", transport);
             WsTestClient flooder = node.ws("/connect", Map.of());
             WsTestClient other = node.ws("/connect")) {
            flooder.pauseReading();
            flooder.sendRepeated(0x9, new byte[125], 50_000);
            other.nextText(); // notify-client-id
            other.sendText("{\"type\":\"ping\"}");
            other.sendText("{\"type\":\"bogus\"}");
            assertEquals("{\"type\":\"error\",\"payload\":{\"error\":\"invalid type\"}}", other.nextText());
        }
    }

    @Test
    void framesAfterTheClientsCloseAreIgnoredQuietly() throws Exception {
        try (TestNode node = TestNode.start()) {
            for (String path : List.of("/connect", "/ws", "/ws/late-frames")) {
                try (WsTestClient ws = node.ws(path)) {
                    ws.sendClose(1000, "bye");
                    try {
                        ws.sendFrame(0x9, true, "late".getBytes(StandardCharsets.UTF_8));
                        ws.sendFrame(0xA, true, new byte[0]);
                        ws.sendText("{}");
                    } catch (IOException gone) {
                        // the server already answered the close and hung up: nothing left to check
                    }
                    assertTrue(ws.awaitEof(Duration.ofSeconds(5)), path + " closed");
                }
            }
            NodeChecks.awaitEmpty(node);
        }
    }
}
