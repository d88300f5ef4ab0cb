package dev.signals.server.ws;

import dev.signals.server.http.ConnectionSlot;
import dev.signals.server.logging.ConnLog;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One resumable session (docs/resume.md): the dialect handler's connection for as long as the
 * session lives, across any number of sockets. It numbers and logs what the dialect sends, writes
 * it to the attached socket, replays it to a resuming one, drops client frames whose cseq it has
 * processed, and holds the session for the resume window when its socket is lost. Everything but
 * the log is confined to the home event loop (the first socket's), where the dialect runs.
 * Clustered, a dialect that remembers its address shares the session through {@link SharedSessions}
 * (docs/cluster.md "Resumable sessions"): seqs are issued there and frames come back to be written,
 * and the session may move to another node, which restores the dialect from its state.
 */
final class ResumableSession implements WsConnection {
    /** Why a session ended. */
    enum End { CLIENT, DIALECT, WINDOW, OVERFLOW, NODE_STOPPED, MOVED }

    /** Frames written to a socket per turn of the flush. */
    static final int WRITE_TURN = 16;

    private volatile String token;
    private final SessionKey key;
    private final EventLoop home;
    private final ConnLog log;
    private final SessionLog frames;
    private final ResumableSessions sessions;
    private final ConnectionSlot slot;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    private final Queue<Future<?>> timers = new ConcurrentLinkedQueue<>();
    private WsHandler dialect;
    private volatile boolean ended;
    private volatile boolean readTimeoutArmed;
    /** Home-loop state: the attached socket (null while held), what it has been sent, cseq, hold timers. */
    private SessionSocket current;
    private long sentUpTo;
    private long lastCseq;
    private boolean finished;
    private Future<?> holdExpiry;
    private Future<?> heldPongs;
    /** Clustered: the shared store (null in memory), and once the dialect remembered it, the address. */
    private SharedSessions shared;
    private volatile String address;
    /** The socket whose dialect start is running, before it is announced and attached. */
    private SessionSocket opening;
    /** Whether the dialect's onOpen ran on this node (a session restored here runs it at its resume). */
    private boolean opened;

    ResumableSession(String token, SessionKey key, EventLoop home, ConnLog log, SessionLog frames,
                     ResumableSessions sessions, ConnectionSlot slot) {
        this.token = token;
        this.key = key;
        this.home = home;
        this.log = log;
        this.frames = frames;
        this.sessions = sessions;
        this.slot = slot;
    }

    void bind(WsHandler dialect) {
        this.dialect = dialect;
    }

    /** This session may be shared through {@code store} once its dialect remembers its address. */
    void shareThrough(SharedSessions store) {
        this.shared = store;
    }

    /** A session restored on this node from {@code store}: shared from the start, its dialect not yet opened. */
    void restored(SharedSessions store, String address, long lastCseq) {
        this.shared = store;
        this.address = address;
        this.lastCseq = lastCseq;
    }

    /** The address this session is shared under, or null while it lives in this node's memory only. */
    String address() {
        return address;
    }

    boolean isShared() {
        return address != null;
    }

    String token() {
        return token;
    }

    SessionKey key() {
        return key;
    }

    boolean ended() {
        return ended;
    }

    /** Whether a client that has every frame up to {@code seq} can be given the rest (docs/resume.md#resume). */
    boolean canResumeAfter(long seq) {
        return !ended && frames.canResumeAfter(seq);
    }

    long issued() {
        return frames.issued();
    }

    // ---- what the dialect sees ----

    @Override
    public ConnLog log() {
        return log;
    }

    @Override
    public boolean isOpen() {
        return !ended;
    }

    @Override
    public boolean send(String text) {
        if (ended) {
            return false;
        }
        String shareAddress = address;
        if (shareAddress != null) {
            // Numbered in Redis; the frame comes back to this node as delivered() (docs/cluster.md).
            shared.append(shareAddress, text).subscribe(seq -> {
                if (seq < 0) {
                    overflowed();
                }
            }, e -> log.debug("session frame not logged: {}", e.toString()));
            return true;
        }
        if (frames.append(text) < 0) {
            // docs/resume.md#bounded: a full log ends the session with the ordinary leave.
            home.execute(() -> finish(End.OVERFLOW, new WsClose(1008, "resume buffer overflow")));
            return false;
        }
        if (flushQueued.compareAndSet(false, true)) {
            home.execute(this::flush);
        }
        return true;
    }

    @Override
    public void close(int code, String reason) {
        ended = true;
        // Later, as with a socket: the dialect's onClose never runs inside its own close call.
        home.execute(() -> finish(End.DIALECT, new WsClose(code, reason)));
    }

    @Override
    public void every(Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        long ms = period.toMillis();
        // A held session has nobody to keep alive; keep-alives would only fill its log.
        timers.add(home.scheduleAtFixedRate(() -> {
            if (current != null && !ended) {
                guarded("every", task);
            }
        }, ms, ms, TimeUnit.MILLISECONDS));
    }

    @Override
    public void after(Duration delay, Runnable task) {
        timers.add(home.schedule(() -> {
            if (!ended) {
                guarded("after", task);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void armReadTimeout() {
        readTimeoutArmed = true;
        execute(() -> {
            if (current != null) {
                current.ws().armReadTimeout();
            }
        });
    }

    @Override
    public void execute(Runnable task) {
        if (home.inEventLoop()) {
            task.run();
        } else {
            home.execute(task);
        }
    }

    /**
     * The first call shares the session (clustered, when the dialect can be restored elsewhere):
     * its token becomes {@code <address>-<secret>} before it is announced, and Redis gets it.
     */
    @Override
    public void remember(String clientAddress, String state) {
        if (shared == null || ended) {
            return;
        }
        if (address != null) {
            shared.noteState(address, state).subscribe(null, e -> log.debug("session state not stored: {}", e.toString()));
            return;
        }
        SessionSocket socket = current != null ? current : opening;
        String secret = token;
        token = clientAddress + "-" + secret;
        address = clientAddress;
        sessions.shared(this, secret);
        shared.open(clientAddress, secret, key, socket == null ? "" : socket.conn(), state)
                .subscribe(null, e -> log.debug("session not stored: {}", e.toString()));
    }

    /** Frame {@code seq}, numbered in Redis, for this session's socket (any thread, in order). */
    void delivered(long seq, String wire) {
        frames.put(seq, wire);
        if (flushQueued.compareAndSet(false, true)) {
            home.execute(this::flush);
        }
    }

    /** Resumed on another node: that node has the session now; nobody leaves (docs/resume.md#resume). */
    void movedAway() {
        execute(() -> letGo(End.MOVED, new WsClose(4001, "session resumed elsewhere")));
    }

    /** The shared log is full (docs/resume.md#bounded). */
    void overflowed() {
        execute(() -> finish(End.OVERFLOW, new WsClose(1008, "resume buffer overflow")));
    }

    // ---- what the sockets report (on their own loops; handled on the home loop) ----

    boolean readTimeoutArmed() {
        return readTimeoutArmed;
    }

    WsHandler dialect() {
        return dialect;
    }

    /** The session's first socket is open: announce the session, then let the dialect start. */
    void started(SessionSocket socket) {
        execute(() -> {
            // The dialect starts first, so that a shared session's token names its address; what
            // it sends meanwhile is logged and written after the session frame (the same bytes).
            opening = socket;
            opened = true;
            guarded("onOpen", dialect::onOpen);
            opening = null;
            current = socket;
            socket.ws().send("{\"session\":{\"token\":\"" + token + "\",\"window_ms\":" + sessions.window().toMillis() + "}}");
            startIceServers(socket);
            flush();
        });
    }

    /** A resuming socket is open: take over from any older one, confirm, replay after {@code lastSeq}. */
    void resumed(SessionSocket socket, long lastSeq) {
        execute(() -> {
            if (!canResumeAfter(lastSeq)) {
                // Decided before the upgrade, but the session ended or its log moved on since.
                sessions.resumeRefused(key.dialect(), "expired");
                socket.ws().close(4002, "session expired");
                return;
            }
            SessionSocket older = current;
            if (older != null) {
                current = null;
                older.ws().close(4001, "session resumed elsewhere");
            }
            release();
            current = socket;
            long issued = frames.issued();
            socket.ws().send("{\"resumed\":{\"last_seq\":" + issued + ",\"last_cseq\":" + lastCseq + "}}");
            sendIceServers(socket);
            sessions.resumedOk(key.dialect(), issued - lastSeq);
            sentUpTo = lastSeq;
            flush();
            if (!opened) {
                // Restored on this node (docs/cluster.md "Resumable sessions"): the dialect takes over.
                opened = true;
                startIceServers(null);
                guarded("onOpen", dialect::onOpen);
            }
            if (readTimeoutArmed) {
                socket.ws().armReadTimeout();
            }
        });
    }

    void inbound(SessionSocket socket, ClientEnvelope frame) {
        execute(() -> {
            if (socket != current) {
                return;
            }
            switch (frame.kind()) {
                case ACK:
                    frames.ack(frame.number());
                    if (address != null) {
                        shared.ack(address, frame.number()).subscribe(null, e -> log.debug("ack not stored: {}", e.toString()));
                    }
                    break;
                case CSEQ:
                    if (frame.number() <= lastCseq) {
                        return; // already processed: exactly once (docs/resume.md#wire)
                    }
                    lastCseq = frame.number();
                    if (address != null) {
                        // Stored before the next frame is read, so a resume elsewhere knows it (docs/cluster.md).
                        shared.noteCseq(address, lastCseq).subscribe(null, e -> log.debug("cseq not stored: {}", e.toString()));
                    }
                    guarded("onText", () -> dialect.onText(frame.message()));
                    break;
                default:
                    guarded("onText", () -> dialect.onText(frame.message()));
            }
        });
    }

    void binary(SessionSocket socket) {
        execute(() -> {
            if (socket == current) {
                guarded("onBinary", dialect::onBinary);
            }
        });
    }

    void pong(SessionSocket socket) {
        execute(() -> {
            if (socket == current) {
                guarded("onPong", dialect::onPong);
            }
        });
    }

    /** The socket is gone: a 1000/1001 close from the client ends the session, anything else holds it. */
    void lost(SessionSocket socket, int peerCloseCode) {
        execute(() -> {
            if (socket != current) {
                return;
            }
            current = null;
            if (ended) {
                finish(End.DIALECT, null);
            } else if (peerCloseCode == 1000 || peerCloseCode == 1001) {
                finish(End.CLIENT, null);
            } else {
                hold();
                if (address != null) {
                    shared.hold(address, socket.conn()).subscribe(null, e -> log.debug("hold not stored: {}", e.toString()));
                }
            }
        });
    }

    /** Held, not gone (docs/resume.md#held): logged, kept alive for the dialect, ended when the window lapses. */
    private void hold() {
        sessions.heldChanged(+1);
        holdExpiry = home.schedule(this::windowLapsed, sessions.window().toMillis(), TimeUnit.MILLISECONDS);
        long ping = sessions.pingInterval().toMillis();
        if (ping > 0) {
            // A dialect that keeps its client alive on pongs (the call seat) must not see it lapse.
            heldPongs = home.scheduleAtFixedRate(() -> guarded("onPong", dialect::onPong), ping, ping, TimeUnit.MILLISECONDS);
        }
        log.debug("session held for {}", sessions.window());
    }

    /**
     * The window lapsed. A shared session ends only if Redis agrees it is still held here, so the
     * leave runs once even if it resumed on another node meanwhile (docs/cluster.md).
     */
    private void windowLapsed() {
        if (address == null) {
            finish(End.WINDOW, null);
            return;
        }
        shared.expire(address).subscribe(expired -> execute(() -> {
            if (holdExpiry == null || finished) {
                return;
            }
            switch (expired.outcome()) {
                case EXPIRED:
                    finish(End.WINDOW, null);
                    break;
                case WAIT:
                case BUSY:
                    holdExpiry = home.schedule(this::windowLapsed, Math.max(100, expired.waitMs()), TimeUnit.MILLISECONDS);
                    break;
                default:
                    letGo(End.MOVED, null);
            }
        }), e -> execute(() -> {
            if (holdExpiry != null && !finished) {
                holdExpiry = home.schedule(this::windowLapsed, 1, TimeUnit.SECONDS);
            }
        }));
    }

    private void release() {
        if (holdExpiry != null) {
            holdExpiry.cancel(false);
            holdExpiry = null;
            sessions.heldChanged(-1);
        }
        if (heldPongs != null) {
            heldPongs.cancel(false);
            heldPongs = null;
        }
    }

    /**
     * The node is stopping and sessions live in its memory: none can be resumed anywhere else, so
     * each ends with the ordinary leave, as a plain socket's does in the drain (docs/resume.md#drain).
     */
    CompletableFuture<Void> endWithNode() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        home.execute(() -> {
            try {
                if (address != null) {
                    // Held in Redis: the cluster keeps it for the window from now (docs/resume.md#drain).
                    letGo(End.NODE_STOPPED, WsClose.SERVICE_RESTART);
                    return;
                }
                finish(End.NODE_STOPPED, WsClose.SERVICE_RESTART);
            } finally {
                done.complete(null);
            }
        });
        return done;
    }

    /**
     * Writes every logged frame the attached socket has not been sent, in order, a turn of
     * {@link #WRITE_TURN} at a time: a long replay must not overflow the socket's bounded send
     * queue, so the next turn waits until the socket's event loop has taken this one.
     */
    private void flush() {
        flushQueued.set(false);
        SessionSocket socket = current;
        if (socket == null) {
            return;
        }
        int written = 0;
        for (SessionLog.Entry e : frames.after(sentUpTo, WRITE_TURN + 1)) {
            if (written++ == WRITE_TURN) {
                socket.ws().eventLoop().execute(() -> home.execute(this::flush));
                return;
            }
            if (!socket.ws().send(e.wire())) {
                return; // the socket is closing; a resume replays the rest
            }
            sentUpTo = e.seq();
        }
    }

    /** Ends the session once: closes the attached socket, forgets the token, runs the dialect's leave. */
    private void finish(End why, WsClose close) {
        if (finished) {
            return;
        }
        ended = true;
        detach(why, close);
        log.debug("session ended: {}", why);
        guarded("onClose", dialect::onClose);
        if (address != null) {
            shared.end(address).subscribe(null, e -> log.debug("session end not stored: {}", e.toString()));
        }
    }

    /**
     * This node lets go of a shared session without its leave: it resumed on another node, or this
     * node stops and Redis holds it. What the dialect still sends here goes to Redis, numbered, until
     * the dialect hears where the client is now.
     */
    private void letGo(End why, WsClose close) {
        if (finished) {
            return;
        }
        detach(why, close);
        log.debug("session let go: {}", why);
    }

    /** What ending and letting go share: timers stopped, the socket closed, the slot given back. */
    private void detach(End why, WsClose close) {
        finished = true;
        release();
        for (Future<?> t : timers) {
            t.cancel(false);
        }
        SessionSocket socket = current;
        current = null;
        if (socket != null && close != null) {
            socket.ws().close(close.code(), close.reason());
        }
        sessions.ended(this, why);
        slot.release();
    }

    /**
     * TURN credentials right after the session frame, then fresh ones every {@code refreshEvery}
     * to whichever socket is attached (a held session gets them on resume), docs/turn.md.
     */
    private void startIceServers(SessionSocket first) {
        IceServersPush push = sessions.iceServers();
        if (push == null) {
            return;
        }
        if (first != null) {
            sendIceServers(first);
        }
        long ms = push.refreshEvery().toMillis();
        timers.add(home.scheduleAtFixedRate(() -> {
            if (current != null && !ended) {
                sendIceServers(current);
            }
        }, ms, ms, TimeUnit.MILLISECONDS));
    }

    /** One {@code ice_servers} control frame (no seq: it is never replayed, a resume gets a fresh one). */
    private void sendIceServers(SessionSocket socket) {
        IceServersPush push = sessions.iceServers();
        if (push != null) {
            socket.ws().send("{\"ice_servers\":" + push.iceServersJson(key.subject()) + "}");
        }
    }

    /** A dialect bug ends this session, not the event loop's other work. */
    private void guarded(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException | Error e) {
            log.warn("handler failed in {}: {}", callback, e.toString(), e);
            if (!"onClose".equals(callback)) {
                close(1011, "internal error");
            }
        }
    }
}
