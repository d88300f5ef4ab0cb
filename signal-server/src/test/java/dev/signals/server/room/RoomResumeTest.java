package dev.signals.server.room;

import static dev.signals.server.room.RoomClients.join;
import static dev.signals.server.room.RoomClients.joined;
import static dev.signals.server.room.RoomClients.leaveClient;
import static dev.signals.server.room.RoomClients.newClient;
import static dev.signals.server.room.RoomClients.offer;
import static dev.signals.server.room.RoomClients.relayed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signals.server.testing.CutProxy;
import dev.signals.server.testing.Await;
import dev.signals.server.testing.SessionClient;
import dev.signals.server.testing.TestNode;
import dev.signals.server.testing.WsTestClient;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resumable room sessions (docs/resume.md), standalone: a client whose connection is cut keeps its
 * client id and room, receives every frame sent meanwhile exactly once and in order, and its room
 * mate sees no leave — until the window lapses, when the ordinary leave happens.
 */
class RoomResumeTest {
    private static final Pattern NOTIFY = Pattern.compile("\\{\"type\":\"notify-client-id\",\"payload\":\\{\"client_id\":\"([0-9a-v]{20})\"}}");
    private TestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** A session client B in {@code room} with plain client A already there; B's frames acknowledged. */
    private record Pair(RoomClients.Client a, SessionClient b, String bId) {
    }

    private Pair pair(int bPort, String room) throws Exception {
        RoomClients.Client a = RoomClients.connect(node.port());
        a.join(room);
        assertEquals(joined(room), a.next());
        SessionClient b = SessionClient.open(bPort, "/connect");
        Matcher m = NOTIFY.matcher(b.next());
        assertTrue(m.matches());
        String bId = m.group(1);
        b.send(join(room));
        assertEquals(joined(room, a.id()), b.next());
        assertEquals(newClient(bId), a.next());
        return new Pair(a, b, bId);
    }

    @Test
    void aCutConnectionResumesWithEveryFrameOnceInOrderAndNoLeave() throws Exception {
        node = TestNode.start();
        try (CutProxy proxy = CutProxy.to(node.port())) {
            Pair p = pair(proxy.port(), "r1");
            p.a().send(offer(p.bId(), "one"));
            assertEquals(relayed("offer", p.a().id(), "one"), p.b().next());
            p.b().ack();
            proxy.cutAll();
            assertTrue(p.b().ws.awaitEof(Duration.ofSeconds(5)));
            // A keeps sending into the gap; every one is accepted (no error back).
            for (int i = 2; i <= 5; i++) {
                p.a().send(offer(p.bId(), "n" + i));
            }
            SessionClient b2 = p.b().resume(node.port(), "/connect", 7, 0);
            for (int i = 2; i <= 5; i++) {
                assertEquals(relayed("offer", p.a().id(), "n" + i), b2.next());
            }
            // Live again, same client id and room: B answers A, and A's next frame is that answer.
            b2.send("{\"type\":\"answer\",\"payload\":{\"sdp\":\"ans\",\"client_id\":\"" + p.a().id() + "\"}}");
            assertEquals(relayed("answer", p.bId(), "ans"), p.a().next(), "A saw no leave-client");
            p.a().send(offer(p.bId(), "live"));
            assertEquals(relayed("offer", p.a().id(), "live"), b2.next());
            assertEquals(1, node.metric("signal_resumes_total{dialect=\"room\",result=\"resumed\"}"));
            assertEquals(4, node.metric("signal_replayed_messages_total{dialect=\"room\"}"));
            b2.close();
            p.a().close();
        }
    }

    @Test
    void whenTheWindowLapsesTheOrdinaryLeaveHappensAndResumeIsGone() throws Exception {
        node = TestNode.start("--resume-window", "300ms");
        Pair p = pair(node.port(), "r2");
        p.b().ws.abort();
        assertEquals(leaveClient(p.bId()), p.a().next());
        WsTestClient late = node.ws("/connect?" + SessionClient.resumeQuery(p.b().token, p.b().lastSeq()));
        assertEquals(410, late.status());
        assertEquals("session expired", late.body());
        assertEquals(0, node.metric("signal_sessions_held"));
    }

    @Test
    void aClientThatClosesNormallyEndsItsSessionAtOnce() throws Exception {
        node = TestNode.start();
        Pair p = pair(node.port(), "r3");
        p.b().ws.sendClose(1000, "bye");
        assertEquals(leaveClient(p.bId()), p.a().next());
        WsTestClient late = node.ws("/connect?" + SessionClient.resumeQuery(p.b().token, p.b().lastSeq()));
        assertEquals(410, late.status());
    }

    @Test
    void aHeldSessionCountsInTheGaugeUntilResumed() throws Exception {
        node = TestNode.start();
        Pair p = pair(node.port(), "r4");
        p.b().ws.abort();
        Await.until("one session held", Duration.ofSeconds(5), () -> node.metric("signal_sessions_held") == 1);
        SessionClient b2 = p.b().resume(node.port(), "/connect", p.b().lastSeq(), 0);
        Await.until("no session held", Duration.ofSeconds(5), () -> node.metric("signal_sessions_held") == 0);
        b2.close();
    }

    @Test
    void resendsOfProcessedCseqAreDroppedExactlyOnce() throws Exception {
        node = TestNode.start();
        Pair p = pair(node.port(), "r5");
        String o1 = "{\"type\":\"answer\",\"payload\":{\"sdp\":\"c1\",\"client_id\":\"" + p.a().id() + "\"}}";
        String o2 = "{\"type\":\"answer\",\"payload\":{\"sdp\":\"c2\",\"client_id\":\"" + p.a().id() + "\"}}";
        String o3 = "{\"type\":\"answer\",\"payload\":{\"sdp\":\"c3\",\"client_id\":\"" + p.a().id() + "\"}}";
        p.b().sendNumbered(1, o1);
        p.b().sendNumbered(1, o1);
        p.b().sendNumbered(2, o2);
        assertEquals(relayed("answer", p.bId(), "c1"), p.a().next());
        assertEquals(relayed("answer", p.bId(), "c2"), p.a().next());
        p.b().ws.abort();
        SessionClient b2 = p.b().resume(node.port(), "/connect", p.b().lastSeq(), 2);
        // The client is not sure 2 arrived and sends it again, then 3.
        b2.sendNumbered(2, o2);
        b2.sendNumbered(3, o3);
        assertEquals(relayed("answer", p.bId(), "c3"), p.a().next(), "c2 was relayed once");
        b2.close();
    }

    @Test
    void aResumeClosesTheOlderSocketOfAHalfOpenConnection() throws Exception {
        node = TestNode.start();
        Pair p = pair(node.port(), "r6");
        SessionClient b2 = p.b().resume(node.port(), "/connect", p.b().lastSeq(), 0);
        WsTestClient.Frame close = p.b().ws.awaitClose(Duration.ofSeconds(5));
        assertEquals(4001, close.closeCode());
        assertEquals("session resumed elsewhere", close.closeReason());
        p.a().send(offer(p.bId(), "to-new"));
        assertEquals(relayed("offer", p.a().id(), "to-new"), b2.next());
        b2.close();
    }

    @Test
    void aFullLogEndsTheSessionWithTheOrdinaryLeave() throws Exception {
        node = TestNode.start("--resume-buffer", "4");
        Pair p = pair(node.port(), "r7");
        // B has acknowledged nothing: notify, joined and two offers fill its log of 4.
        p.a().send(offer(p.bId(), "x1"));
        p.a().send(offer(p.bId(), "x2"));
        p.a().send(offer(p.bId(), "x3"));
        WsTestClient.Frame close = p.b().ws.awaitClose(Duration.ofSeconds(5));
        assertEquals(1008, close.closeCode());
        assertEquals("resume buffer overflow", close.closeReason());
        assertEquals(leaveClient(p.bId()), p.a().next());
    }

    /**
     * On every transport: io_uring reports a write a loop turn after it was flushed, so a replay
     * paced by turns instead of by written frames overflowed this queue there (docs/production.md
     * "Transport"); the replay waits for the writes with an empty write behind them, which each
     * transport must report in its turn.
     */
    @ParameterizedTest
    @ValueSource(strings = {"epoll", "io_uring", "nio"})
    void aLongReplayFitsThroughASmallSendQueue(String transport) throws Exception {
        node = TestNode.start("--ws-send-queue", "24", "--transport", transport);
        Pair p = pair(node.port(), "r9");
        p.b().ws.abort();
        for (int i = 0; i < 150; i++) {
            p.a().send(offer(p.bId(), "m" + i));
        }
        // A's frames are handled in order: the answer to a bad one means all 150 are in B's log.
        p.a().send("{\"type\":\"nonsense\"}");
        assertTrue(p.a().next().contains("\"error\""));
        SessionClient b2 = p.b().resume(node.port(), "/connect", 152, 0);
        for (int i = 0; i < 150; i++) {
            assertEquals(relayed("offer", p.a().id(), "m" + i), b2.next());
        }
        b2.close();
    }

    /**
     * A resumed client that reads slowly still gets its whole replay: 15 MB, more than the kernel's
     * buffers hold, wait in the session's log while the socket's queue holds only what it takes.
     */
    @Test
    void aReplayWaitsForAClientThatReadsSlowly() throws Exception {
        String sdp = "x".repeat(100_000);
        Pair p = largeReplayWaiting("r10", sdp);
        SessionClient b2 = resumeBackedUp(p);
        b2.ws.resumeReading();
        assertEquals("{\"resumed\":{\"last_seq\":152,\"last_cseq\":0}}", b2.ws.nextText());
        assertReplayed(p, b2, sdp);
    }

    /** The same backed-up replay, its socket dropped: the next resume gets every frame from the start again. */
    @Test
    void aReplayBackedUpOnASocketThatDropsGoesOnOnTheNext() throws Exception {
        String sdp = "y".repeat(100_000);
        Pair p = largeReplayWaiting("r11", sdp);
        resumeBackedUp(p).ws.abort();
        assertReplayed(p, p.b().resume(node.port(), "/connect", 152, 0), sdp);
    }

    /**
     * A node with a small socket queue and a large session log, and a pair whose B has dropped
     * while 150 offers of {@code sdp}, 15 MB in all, were logged for it.
     */
    private Pair largeReplayWaiting(String room, String sdp) throws Exception {
        node = TestNode.start("--ws-send-queue", "24", "--resume-buffer", "1000", "--resume-buffer-bytes", "64MiB",
                "--max-message-bytes", "1MiB", "--rate-limit", "0", "--ws-read-rate", "0");
        Pair p = pair(node.port(), room);
        p.b().ws.abort();
        for (int i = 0; i < 150; i++) {
            p.a().send(offer(p.bId(), i + sdp));
        }
        p.a().send("{\"type\":\"nonsense\"}");
        assertTrue(p.a().next().contains("\"error\""));
        return p;
    }

    /** B resumes with its reading paused until the node holds replayed bytes it cannot write. */
    private SessionClient resumeBackedUp(Pair p) throws Exception {
        SessionClient resumed = p.b().resumeWithReadingPaused(node.port(), "/connect");
        Await.until("the replay backs up on the server", Duration.ofSeconds(10),
                () -> node.metric("signal_ws_queued_bytes") > 0);
        return resumed;
    }

    /** {@code b} receives the 150 offers of {@link #largeReplayWaiting}, in order, and closes. */
    private static void assertReplayed(Pair p, SessionClient b, String sdp) throws Exception {
        for (int i = 0; i < 150; i++) {
            assertEquals(relayed("offer", p.a().id(), i + sdp), b.next(), "frame " + i);
        }
        b.close();
    }

    @Test
    void aDrainClosesSessionSocketsWith1012AndOthersAsBefore() throws Exception {
        node = TestNode.start();
        Pair p = pair(node.port(), "r8");
        node.close();
        WsTestClient.Frame sessionClose = p.b().ws.awaitClose(Duration.ofSeconds(5));
        assertEquals(1012, sessionClose.closeCode());
        assertEquals("service restart", sessionClose.closeReason());
        // A's next frame is its own close: the held B never left the room.
        WsTestClient.Frame plain = p.a().ws().next();
        assertTrue(plain.isClose(), plain.text());
        assertEquals(1001, plain.closeCode());
        node = null;
    }
}
