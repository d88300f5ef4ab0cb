package dev.signals.server.ws;

/**
 * Which socket a resumable session is attached to and what its sockets report (docs/resume.md):
 * the first socket announces the session, a resuming one takes over and gets the replay, client
 * frames whose cseq was processed are dropped, and a lost socket holds the session or, closed
 * with 1000/1001 or after the dialect's own close, ends it. Reports come on the sockets' loops and
 * are handled on the session's home loop, where all of this state lives.
 */
final class SessionAttachment {
    private final ResumableSession session;
    private final ResumableSessions sessions;
    private final SessionOutbox outbox;
    private final SessionShare share;
    private final SessionHold hold;
    private final SessionIce ice;
    /** The attached socket (null while held), and the one whose dialect start is running. */
    private SessionSocket current;
    private SessionSocket opening;
    /** Whether the dialect's onOpen ran on this node (a session restored here runs it at its resume). */
    private boolean opened;
    private long lastCseq;
    /** The cseq of the client frame onText is handling, until a write takes it (0: none). */
    private long pendingCseq;

    SessionAttachment(ResumableSession session, ResumableSessions sessions, SessionOutbox outbox, SessionShare share,
                      SessionHold hold, SessionIce ice) {
        this.session = session;
        this.sessions = sessions;
        this.outbox = outbox;
        this.share = share;
        this.hold = hold;
        this.ice = ice;
    }

    /** The attached socket, or null while held. */
    SessionSocket current() {
        return current;
    }

    /** The attached socket or, while the dialect starts, the one it starts on; null while held. */
    SessionSocket socketOrOpening() {
        return current != null ? current : opening;
    }

    /** Detaches and answers the attached socket (null while held): the session ends or lets go. */
    SessionSocket detach() {
        SessionSocket socket = current;
        current = null;
        return socket;
    }

    /** A session restored on this node: the cseq processed before, elsewhere. */
    void restoredAt(long cseq) {
        lastCseq = cseq;
    }

    /** The session's first socket is open: let the dialect start, then announce the session. */
    void started(SessionSocket socket) {
        session.execute(() -> {
            // The dialect starts first, so that a shared session's token names its address; what
            // it sends meanwhile is logged and written after the session frame (the same bytes).
            opening = socket;
            opened = true;
            session.guarded("onOpen", session.dialect()::onOpen);
            opening = null;
            current = socket;
            socket.ws().send("{\"session\":{\"token\":\"" + session.token() + "\",\"window_ms\":"
                    + sessions.window().toMillis() + "}}");
            ice.start(socket, session.timers());
            outbox.flush();
        });
    }

    /** A resuming socket is open: take over from any older one, confirm, replay after {@code lastSeq}. */
    void resumed(SessionSocket socket, long lastSeq) {
        session.execute(() -> {
            String dialect = session.key().dialect();
            if (!session.canResumeAfter(lastSeq)) {
                // Decided before the upgrade, but the session ended or its log moved on since.
                sessions.resumeRefused(dialect, "expired");
                socket.ws().close(4002, "session expired");
                return;
            }
            SessionSocket older = current;
            if (older != null) {
                current = null;
                older.ws().close(4001, "session resumed elsewhere");
            }
            hold.release();
            current = socket;
            long issued = outbox.issued();
            socket.ws().send("{\"resumed\":{\"last_seq\":" + issued + ",\"last_cseq\":" + lastCseq + "}}");
            ice.send(socket);
            sessions.resumedOk(dialect, issued - lastSeq);
            outbox.replayAfter(lastSeq);
            if (!opened) {
                // Restored on this node (docs/cluster.md "Resumable sessions"): the dialect takes over.
                opened = true;
                ice.start(null, session.timers());
                session.guarded("onOpen", session.dialect()::onOpen);
            }
            if (session.readTimeoutArmed()) {
                socket.ws().armReadTimeout();
            }
        });
    }

    void inbound(SessionSocket socket, ClientEnvelope frame) {
        session.execute(() -> {
            if (socket != current) {
                return;
            }
            switch (frame.kind()) {
                case ACK:
                    outbox.ack(frame.number());
                    if (share.address() != null) {
                        share.ack(frame.number());
                    }
                    break;
                case CSEQ:
                    if (frame.number() <= lastCseq) {
                        return; // already processed: exactly once (docs/resume.md#wire)
                    }
                    lastCseq = frame.number();
                    // A shared session's cseq goes to Redis with the frame's effect when the dialect
                    // hands it to that write (cseq()), else alone, ahead of the effects; either way
                    // before the next frame is read, on the same connection (docs/cluster.md
                    // "Resumable sessions").
                    if (share.address() != null && session.dialect().handsOnCseq()) {
                        pendingCseq = lastCseq;
                    } else if (share.address() != null) {
                        share.noteCseq(lastCseq);
                    }
                    session.guarded("onText", () -> session.dialect().onText(frame.message()));
                    if (pendingCseq != 0) {
                        share.noteCseq(pendingCseq);
                        pendingCseq = 0;
                    }
                    break;
                default:
                    session.guarded("onText", () -> session.dialect().onText(frame.message()));
            }
        });
    }

    /** The cseq of the frame onText is handling, for the write that is its effect. Home loop. */
    CseqClaim cseq() {
        long cseq = pendingCseq;
        if (cseq == 0) {
            return CseqClaim.NONE;
        }
        return new CseqClaim() {
            @Override
            public SharedSessions.Cseq take() {
                // A relay's failure may answer later, on another thread: the cseq went with it.
                if (!session.onHome() || pendingCseq != cseq) {
                    return null;
                }
                pendingCseq = 0;
                return new SharedSessions.Cseq(share.address(), cseq);
            }

            @Override
            public void storeAlone() {
                if (session.onHome() && pendingCseq == cseq) {
                    pendingCseq = 0;
                    share.noteCseq(cseq);
                }
            }
        };
    }

    void binary(SessionSocket socket) {
        session.execute(() -> {
            if (socket == current) {
                session.guarded("onBinary", session.dialect()::onBinary);
            }
        });
    }

    void pong(SessionSocket socket) {
        session.execute(() -> {
            if (socket == current) {
                session.guarded("onPong", session.dialect()::onPong);
            }
        });
    }

    /** The socket is gone: a 1000/1001 close from the client ends the session, anything else holds it. */
    void lost(SessionSocket socket, int peerCloseCode) {
        session.execute(() -> {
            if (socket != current) {
                return;
            }
            current = null;
            if (session.ended()) {
                session.finish(ResumableSession.End.DIALECT, null);
            } else if (peerCloseCode == 1000 || peerCloseCode == 1001) {
                session.finish(ResumableSession.End.CLIENT, null);
            } else {
                hold.start();
                if (share.address() != null) {
                    share.hold(socket.conn());
                }
            }
        });
    }
}
