package dev.signals.server.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.ChildNode;
import dev.signals.server.testing.RoomPeer;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/production.md "One node": SIGTERM drains — sockets closed 1001, leave delivered, exit status 0. */
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

    /**
     * The drain handles one socket after another: each one's leave reaches the members not yet
     * closed before they are. So of three members of one room on one node, the first handled is
     * seen leaving by both others, the second by the last, and the last by nobody.
     */
    @Test
    void membersStillOpenReceiveTheLeaveOfThoseAlreadyHandled() throws Exception {
        try (ChildNode node = ChildNode.start("--shutdown-timeout", "5s")) {
            List<RoomPeer> peers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    RoomPeer p = RoomPeer.connect(node.port());
                    p.join("bye");
                    assertEquals(RoomPeer.joined("bye", peers), p.next());
                    for (RoomPeer earlier : peers) {
                        assertEquals(RoomPeer.newClient(p), earlier.next());
                    }
                    peers.add(p);
                }
                node.terminate();
                Set<Integer> leavesSeen = new TreeSet<>();
                Set<String> seenLeaving = new TreeSet<>();
                for (RoomPeer p : peers) {
                    List<String> beforeClose = textsUntilClose(p.ws());
                    for (String frame : beforeClose) {
                        assertTrue(peers.stream().anyMatch(o -> o != p && frame.equals(RoomPeer.leaveClient(o))),
                                "only leave-client of another member before the close: " + frame);
                        seenLeaving.add(frame);
                    }
                    leavesSeen.add(beforeClose.size());
                }
                assertEquals(Set.of(0, 1, 2), leavesSeen, "one member saw both others leave, one saw one, one saw none");
                assertEquals(2, seenLeaving.size(), "the last handled is seen leaving by nobody, the others by someone");
                assertEquals(0, node.awaitExit(Duration.ofSeconds(10)), String.join("\n", node.output()));
            } finally {
                peers.forEach(RoomPeer::close);
            }
        }
    }

    /** The text frames {@code ws} receives before the server's close frame, which must be 1001. */
    private static List<String> textsUntilClose(WsTestClient ws) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (WsTestClient.Frame f = ws.next(Duration.ofSeconds(10)); ; f = ws.next(Duration.ofSeconds(10))) {
            if (f.isClose()) {
                assertEquals(1001, f.closeCode());
                assertEquals("server shutting down", f.closeReason());
                return texts;
            }
            texts.add(f.text());
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
