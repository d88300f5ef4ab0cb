package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.Frames;
import dev.signals.loadtest.net.SendBatch;
import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsListener;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code room-relay}: N clients in rooms of k; the schedule's sends go round-robin over the
 * clients, each to its room peers in turn, alternating {@code offer} and {@code answer}
 * (docs/room.md). The receiver measures latency from the stamp in the SDP. Uses only
 * {@code join}/{@code offer}/{@code answer} and learns ids from {@code notify-client-id} and
 * {@code new-client}, so it works against any room server (signal, singo, the bare relay); any
 * other message a server sends ({@code joined}, {@code ping}…) is ignored, an {@code error} is
 * counted.
 *
 * <p>With {@code sessions} each client opens a resumable session ({@code ?resume=new},
 * docs/resume.md) and behaves as the bundled client library does: relayed frames go out as
 * {@code {"cseq":n,"msg":…}}, what arrives is unwrapped from {@code {"seq":n,"msg":…}}, and every
 * {@value #ACK_EVERY} frames are acknowledged — so the same run measures the session layer's cost.
 *
 * <p>With {@code inFlight} above zero it is also a {@link ClosedLoop} over rooms of two: each
 * pair starts with that many messages in flight, and every relayed message a client receives is
 * answered, from the event loop that received it, with the next one to its peer (an answer to an
 * offer, an offer to an answer), so each pair always has exactly {@code inFlight} in flight
 * (docs/benchmarks.md § Closed loop).
 */
public final class RoomRelayScenario implements Scenario, ClosedLoop {
    private static final byte[] OFFER = Frames.ascii("offer\"");
    private static final byte[] ANSWER = Frames.ascii("answer\"");
    private static final byte[] SEQ = Frames.ascii("{\"seq\":");
    /** As the client library (static/client/signal.js) acknowledges. */
    static final int ACK_EVERY = 16;
    /** Closed-loop figures in the report's extras; counts over this process's pairs, so shards add them up. */
    public static final String PAIRS = "pairs";
    public static final String SILENT_PAIRS = "pairs silent through the measured window";
    public static final String MISCOUNTED_PAIRS = "pairs not ending with their messages in flight";

    private final String path;
    private final boolean sessions;
    private final int inFlight;
    private final long epoch = System.nanoTime() - 1;
    private final String runId = Long.toString(System.nanoTime() & 0xFFFFFFFFFFL, 36);
    private final AtomicLong resolved = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final AtomicLong sessionsOpened = new AtomicLong();
    /** Touched only by the schedule's thread, through {@link #fire} and {@link #endBatch}. */
    private final SendBatch batch = new SendBatch();
    private LoadContext ctx;
    private SdpFrames frames;
    private RoomClient[] clients = new RoomClient[0];
    private volatile boolean closing;
    /** Closed loop: whether a received message is answered. */
    private volatile boolean looping;
    private volatile int silentPairs;

    /** @param path the room dialect's WebSocket path, {@code /connect} on signal and singo */
    public RoomRelayScenario(String path) {
        this(path, false);
    }

    /** @param sessions whether every client opens a resumable session (signal only, docs/resume.md) */
    public RoomRelayScenario(String path, boolean sessions) {
        this(path, sessions, 0);
    }

    /** @param inFlight above zero: a closed loop with that many messages in flight per pair; 0: open loop ({@link #fire}) */
    public RoomRelayScenario(String path, boolean sessions, int inFlight) {
        if (inFlight < 0) {
            throw new IllegalArgumentException("--in-flight must be 0 (open loop) or more; got " + inFlight);
        }
        if (inFlight > 0 && sessions) {
            throw new IllegalArgumentException("--in-flight does not run over resumable sessions (--sessions) yet");
        }
        this.path = path;
        this.sessions = sessions;
        this.inFlight = inFlight;
    }

    @Override
    public String name() {
        return "room-relay";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("path", path);
        p.put("sessions", sessions ? "on" : "off");
        if (inFlight > 0) {
            p.put("in-flight", Integer.toString(inFlight));
        }
        return p;
    }

    @Override
    public void setup(LoadContext context) {
        this.ctx = context;
        closing = false;
        looping = false;
        RunSettings s = context.settings();
        int n = s.connections();
        int k = s.roomSize();
        if (k < 2 || n < k || n % k != 0) {
            throw new IllegalArgumentException("room-relay needs --connections to be a multiple of --room-size (>= 2); got "
                    + n + " and " + k);
        }
        if (inFlight > 0 && k != 2) {
            throw new IllegalArgumentException("--in-flight ping-pongs within pairs: it needs --room-size 2; got " + k);
        }
        frames = new SdpFrames(s.messageSize());
        RoomClient[] fresh = new RoomClient[n];
        for (int i = 0; i < n; i++) {
            fresh[i] = new RoomClient(i);
        }
        clients = fresh;
        WsConn[] conns = ConnectionSet.openAll(context, n, i -> sessions ? path + "?resume=new" : path, i -> new Listener(fresh[i]));
        for (int i = 0; i < n; i++) {
            fresh[i].conn = conns[i];
        }
        Duration wait = Duration.ofSeconds(10 + n / 1000);
        if (!ConnectionSet.await(() -> Arrays.stream(fresh).allMatch(c -> c.clientId != null), wait)) {
            throw new IllegalStateException("not every client received notify-client-id within " + wait.toSeconds() + "s");
        }
        joinRooms(fresh, k, wait);
    }

    /**
     * Joins member j of every room in round j, then waits until the room has been told of it: a
     * join is only known to be complete once {@code new-client} reached the members already
     * there — the one acknowledgement every room server sends. Joins of consecutive rounds may
     * still be handled in either order, so the check counts the room's notices in total: with
     * j + 1 members in, whatever their order, there were 0 + 1 + … + j of them.
     */
    private void joinRooms(RoomClient[] all, int k, Duration wait) {
        int rooms = all.length / k;
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < rooms; r++) {
                all[r * k + j].conn.send(RoomMessages.join("lt-" + runId + "-" + r));
            }
            final int expected = j * (j + 1) / 2;
            boolean joined = ConnectionSet.await(() -> {
                for (int r = 0; r < rooms; r++) {
                    int seen = 0;
                    for (int i = 0; i < k; i++) {
                        seen += all[r * k + i].newClientsSeen.get();
                    }
                    if (seen < expected) {
                        return false;
                    }
                }
                return true;
            }, wait);
            if (!joined) {
                throw new IllegalStateException("rooms were never told of every member of join round " + j
                        + " (new-client missing)");
            }
        }
        for (int r = 0; r < rooms; r++) {
            for (int i = 0; i < k; i++) {
                List<String> peers = new ArrayList<>();
                for (int m = 0; m < k; m++) {
                    if (m != i) {
                        peers.add(all[r * k + m].clientId);
                    }
                }
                all[r * k + i].peers = peers.toArray(String[]::new);
            }
        }
    }

    @Override
    public void fire(long index, long intendedNanos) {
        RoomClient sender = clients[(int) (index % clients.length)];
        long round = index / clients.length;
        String[] peers = sender.peers;
        String target = peers[(int) (round % peers.length)];
        long cseq = sessions ? ++sender.cseq : 0;
        ByteBuf frame = frames.relay(sender.conn.alloc(), (round & 1) == 0, target, intendedNanos - epoch,
                System.nanoTime() - intendedNanos, cseq);
        if (batch.add(sender.conn, frame)) {
            sent.increment();
            ctx.stats().sent();
        } else {
            ctx.stats().error("send on a closed connection");
        }
    }

    /**
     * Sends each pair's first {@code inFlight} messages: its first member ceil(n/2), its second
     * floor(n/2), each from its own event loop, so a client's state stays on its loop.
     */
    @Override
    public void startLoop() {
        looping = true;
        for (int p = 0; p + 1 < clients.length; p += 2) {
            for (int m = 0; m < 2; m++) {
                RoomClient c = clients[p + m];
                int share = initialShare(inFlight, m);
                if (share > 0 && !c.conn.execute(() -> {
                    long now = System.nanoTime();
                    for (int i = 0; i < share; i++) {
                        sendToPeer(c, true, now);
                    }
                })) {
                    ctx.stats().errors("send on a closed connection", share);
                }
            }
        }
    }

    /** Stops answering, and counts the pairs that received nothing since {@code windowStartNanos}. */
    @Override
    public void stopLoop(long windowStartNanos) {
        looping = false;
        int silent = 0;
        for (int p = 0; p + 1 < clients.length; p += 2) {
            if (silent(clients[p].lastHeardNanos.get(), clients[p + 1].lastHeardNanos.get(), windowStartNanos)) {
                silent++;
            }
        }
        silentPairs = silent;
    }

    /** How many of a pair's {@code inFlight} first messages its {@code member} (0 or 1) sends: ceil(n/2), then floor(n/2). */
    static int initialShare(int inFlight, int member) {
        return (inFlight + 1 - member) / 2;
    }

    /**
     * Whether a pair whose members last heard a message at {@code a} and {@code b}
     * ({@link RoomClient#NEVER} if not yet) heard nothing since {@code windowStartNanos}; nanoTime
     * values are compared by their difference, as {@link System#nanoTime} asks.
     */
    static boolean silent(long a, long b, long windowStartNanos) {
        boolean aHeard = a != RoomClient.NEVER && a - windowStartNanos >= 0;
        boolean bHeard = b != RoomClient.NEVER && b - windowStartNanos >= 0;
        return !aHeard && !bHeard;
    }

    /**
     * Closed loop: the pairs, those silent through the measured window (a lost message stalls a
     * pair for good), and, once the drain is over, those whose messages received unanswered after
     * the stop were not exactly {@code inFlight} (lost, duplicated or extra messages).
     */
    @Override
    public Map<String, Object> extras() {
        if (inFlight == 0) {
            return Map.of();
        }
        int miscounted = 0;
        for (int p = 0; p + 1 < clients.length; p += 2) {
            if (clients[p].unanswered.get() + clients[p + 1].unanswered.get() != inFlight) {
                miscounted++;
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put(PAIRS, clients.length / 2);
        e.put(SILENT_PAIRS, silentPairs);
        e.put(MISCOUNTED_PAIRS, miscounted);
        return e;
    }

    /** Closed loop: the next message from {@code c} to its peer, stamped {@code nowNanos}; on c's event loop. */
    private void sendToPeer(RoomClient c, boolean offer, long nowNanos) {
        ByteBuf frame = frames.relay(c.conn.alloc(), offer, c.peers[0], nowNanos - epoch, 0);
        if (c.conn.sendFrame(frame)) {
            sent.increment();
            ctx.stats().sent();
        } else {
            ctx.stats().error("send on a closed connection");
        }
    }

    /** Relayed messages sent over the whole run, every window and warm-up included. */
    public long sentTotal() {
        return sent.sum();
    }

    /** With sessions: how many clients the server gave a session (its first frame, docs/resume.md). */
    public long sessionsOpened() {
        return sessionsOpened.get();
    }

    @Override
    public void endBatch() {
        batch.submit();
    }

    @Override
    public long inFlight() {
        return sent.sum() - ctx.stats().receivedCount() - resolved.get() - abandoned.get();
    }

    @Override
    public long abandonInFlight() {
        long n = Math.max(0, inFlight());
        abandoned.addAndGet(n);
        return n;
    }

    @Override
    public boolean healthy() {
        return Arrays.stream(clients).allMatch(c -> c.conn != null && c.conn.isOpen());
    }

    @Override
    public void close() {
        closing = true;
        looping = false;
        List<WsConn> conns = new ArrayList<>();
        for (RoomClient c : clients) {
            conns.add(c.conn);
        }
        ConnectionSet.closeAll(conns);
    }

    /** One client's inbound messages: relayed SDPs are timed, control messages update its state. */
    private final class Listener implements WsListener {
        private final RoomClient client;

        Listener(RoomClient client) {
            this.client = client;
        }

        @Override
        public void onText(WsConn conn, ByteBuf utf8) {
            if (sessions) {
                acknowledge(conn, Frames.numberAfter(utf8, SEQ));
            }
            boolean offer = Frames.typeIs(utf8, OFFER);
            if (offer || Frames.typeIs(utf8, ANSWER)) {
                int at = SdpFrames.stampAt(utf8);
                long stamp = SdpFrames.intendedAt(utf8, at);
                if (stamp > 0) {
                    long now = System.nanoTime();
                    long intended = stamp + epoch;
                    ctx.latency().record(intended, intended + Math.max(0, SdpFrames.lagAt(utf8, at)), now);
                    ctx.stats().received();
                    if (inFlight > 0) {
                        answer(offer, now);
                    }
                    return;
                }
            }
            control(Frames.text(utf8));
        }

        /**
         * Closed loop: the next message to the peer, stamped with the arrival time just measured
         * (the harness's own turnaround is then charged to the next message's latency, not lost).
         */
        private void answer(boolean offer, long now) {
            client.lastHeardNanos.lazySet(now);
            if (looping) {
                sendToPeer(client, !offer, now);
            } else {
                client.unanswered.incrementAndGet();
            }
        }

        /** Acknowledges every {@value #ACK_EVERY} numbered frames; runs on the connection's event loop only. */
        private void acknowledge(WsConn conn, long seq) {
            if (seq > client.lastSeq) {
                client.lastSeq = seq;
                if (seq - client.acked >= ACK_EVERY && conn.send("{\"ack\":" + seq + "}")) {
                    client.acked = seq;
                }
            }
        }

        private void control(String text) {
            if (text.startsWith("{\"session\":")) {
                sessionsOpened.incrementAndGet();
                return;
            }
            RoomMessages.Message m = RoomMessages.parse(text);
            if (m == null) {
                return;
            }
            switch (m.type()) {
                case "notify-client-id":
                    client.clientId = m.text("client_id");
                    break;
                case "new-client":
                    client.newClientsSeen.incrementAndGet();
                    break;
                case "error":
                    resolved.incrementAndGet();
                    ctx.stats().error("server error: " + (m.payload().isObject() ? m.text("error") : m.payload().asText()));
                    break;
                default:
                    break; // joined, ping, leave-client…: not part of the measurement
            }
        }

        @Override
        public void onClosed(WsConn conn, int code, String reason) {
            ctx.stats().connectionClosed();
            if (!closing) {
                ctx.stats().error("connection closed by the server (" + code + " " + reason + ")");
            }
        }
    }
}
