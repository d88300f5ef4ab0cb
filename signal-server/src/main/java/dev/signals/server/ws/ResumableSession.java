package dev.signals.server.ws;

import dev.signals.server.http.ConnectionSlot;
import dev.signals.server.logging.ConnLog;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One resumable session (docs/resume.md): the dialect handler's connection for as long as the
 * session lives, across any number of sockets. It attaches sockets, drops client frames whose cseq
 * it has processed, and holds the session when its socket is lost; what it writes is its
 * {@link SessionOutbox}'s, its hold its {@link SessionHold}'s. Everything but the log is confined to
 * the home event loop (the first socket's), where the dialect runs. Clustered, a dialect that
 * remembers its address shares the session through {@link SessionShare} (docs/cluster.md
 * "Resumable sessions"): seqs are issued there and frames come back to be written, and the
 * session may move to another node, which restores the dialect from its state.
 */
final class ResumableSession implements WsConnection {
    /** Why a session ended. */
    enum End { CLIENT, DIALECT, WINDOW, OVERFLOW, NODE_STOPPED, MOVED }

    private volatile String token;
    private final SessionKey key;
    private final EventLoop home;
    private final ConnLog log;
    private final ResumableSessions sessions;
    private final ConnectionSlot slot;
    private final SessionOutbox outbox;
    private final SessionShare share;
    private final SessionHold hold;
    private final SessionTimers timers;
    private WsHandler dialect;
    private volatile boolean ended;
    private volatile boolean readTimeoutArmed;
    private final SessionAttachment sockets;
    /** Home-loop state: the session ended or was let go. */
    private boolean finished;

    ResumableSession(String token, SessionKey key, EventLoop home, ConnLog log, SessionLog frames,
                     ResumableSessions sessions, ConnectionSlot slot) {
        this.token = token;
        this.key = key;
        this.home = home;
        this.log = log;
        this.sessions = sessions;
        this.slot = slot;
        this.outbox = new SessionOutbox(frames, home, this::current);
        this.timers = new SessionTimers(home, this::guarded, () -> current() != null, () -> ended);
        this.share = new SessionShare(log);
        this.hold = new SessionHold(this, sessions, share, home, log);
        SessionIce ice = new SessionIce(sessions.iceServers(), key.subject(), home, () -> ended ? null : current());
        this.sockets = new SessionAttachment(this, sessions, outbox, share, hold, ice);
    }

    /** What the session's sockets report to. */
    SessionAttachment sockets() {
        return sockets;
    }

    private SessionSocket current() {
        return sockets.current();
    }

    void bind(WsHandler dialect) {
        this.dialect = dialect;
    }

    /** This session may be shared through {@code store} once its dialect remembers its address. */
    void shareThrough(SharedSessions store) {
        share.through(store);
    }

    /** A session restored on this node from {@code store}: shared from the start, its dialect not yet opened. */
    void restored(SharedSessions store, String address, long lastCseq) {
        share.as(store, address);
        sockets.restoredAt(lastCseq);
    }

    /** The address this session is shared under, or null while it lives in this node's memory only. */
    String address() {
        return share.address();
    }

    boolean isShared() {
        return share.address() != null;
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
        return !ended && outbox.canResumeAfter(seq);
    }

    long issued() {
        return outbox.issued();
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
        return send(text, CseqClaim.NONE);
    }

    @Override
    public boolean send(String text, CseqClaim cseq) {
        if (ended) {
            return false;
        }
        if (share.address() != null) {
            // Numbered in Redis; the frame comes back to this node as delivered() (docs/cluster.md).
            share.append(text, cseq.take(), this::overflowed);
            return true;
        }
        if (!outbox.append(text)) {
            // docs/resume.md#bounded: a full log ends the session with the ordinary leave.
            home.execute(() -> finish(End.OVERFLOW, new WsClose(1008, "resume buffer overflow")));
            return false;
        }
        return true;
    }

    @Override
    public CseqClaim cseq() {
        return sockets.cseq();
    }

    @Override
    public void close(int code, String reason) {
        ended = true;
        // Later, as with a socket: the dialect's onClose never runs inside its own close call.
        home.execute(() -> finish(End.DIALECT, new WsClose(code, reason)));
    }

    @Override
    public void every(Duration period, Runnable task) {
        timers.every(period, task);
    }

    @Override
    public void after(Duration delay, Runnable task) {
        timers.after(delay, task);
    }

    @Override
    public void armReadTimeout() {
        readTimeoutArmed = true;
        execute(() -> {
            SessionSocket socket = current();
            if (socket != null) {
                socket.ws().armReadTimeout();
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
        if (!share.possible() || ended) {
            return;
        }
        if (share.address() != null) {
            share.noteState(state);
            return;
        }
        SessionSocket socket = sockets.socketOrOpening();
        String secret = token;
        token = clientAddress + "-" + secret;
        share.name(clientAddress);
        sessions.shared(this, secret);
        share.open(secret, key, socket == null ? "" : socket.conn(), state);
    }

    /** Frame {@code seq}, numbered in Redis, for this session's socket (any thread, in order). */
    void delivered(long seq, String wire) {
        outbox.delivered(seq, wire);
    }

    /** Resumed on another node: that node has the session now; nobody leaves (docs/resume.md#resume). */
    void movedAway() {
        execute(() -> letGo(End.MOVED, new WsClose(4001, "session resumed elsewhere")));
    }

    /** The shared log is full (docs/resume.md#bounded). */
    void overflowed() {
        execute(() -> finish(End.OVERFLOW, new WsClose(1008, "resume buffer overflow")));
    }

    // ---- what the session's parts need ----

    /** Whether the caller runs on the session's home event loop. */
    boolean onHome() {
        return home.inEventLoop();
    }

    boolean readTimeoutArmed() {
        return readTimeoutArmed;
    }

    WsHandler dialect() {
        return dialect;
    }

    /** The timers stopped when the session ends or is let go. */
    SessionTimers timers() {
        return timers;
    }

    // ---- what the hold reports (home loop) ----

    /** A held session's stand-in for its client's pongs (docs/resume.md#held). */
    void heldPong() {
        guarded("onPong", dialect::onPong);
    }

    boolean finished() {
        return finished;
    }

    void windowEnded() {
        finish(End.WINDOW, null);
    }

    void resumedElsewhere() {
        letGo(End.MOVED, null);
    }

    /**
     * The node is stopping and sessions live in its memory: none can be resumed anywhere else, so
     * each ends with the ordinary leave, as a plain socket's does in the drain (docs/resume.md#drain).
     */
    CompletableFuture<Void> endWithNode() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        home.execute(() -> {
            try {
                if (share.address() != null) {
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

    /** Ends the session once: closes the attached socket, forgets the token, runs the dialect's leave. */
    void finish(End why, WsClose close) {
        if (finished) {
            return;
        }
        ended = true;
        detach(why, close);
        log.debug("session ended: {}", why);
        guarded("onClose", dialect::onClose);
        if (share.address() != null) {
            share.end();
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
        hold.release();
        timers.cancelAll();
        SessionSocket socket = sockets.detach();
        if (socket != null && close != null) {
            socket.ws().close(close.code(), close.reason());
        }
        sessions.ended(this, why);
        slot.release();
    }

    /** A dialect bug ends this session, not the event loop's other work. */
    void guarded(String callback, Runnable call) {
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
