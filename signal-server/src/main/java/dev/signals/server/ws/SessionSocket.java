package dev.signals.server.ws;

/**
 * The handler of one socket of a resumable session: unwraps what the client sends and reports the
 * socket's life to its {@link ResumableSession}, which the dialect handler talks to instead.
 */
final class SessionSocket implements WsHandler {
    /** {@link #resumeAfter} of the session's first socket. */
    static final long FIRST = -1;

    private final ResumableSession session;
    private final WsSession ws;
    private final long resumeAfter;
    private final String conn;

    /** {@code conn} names this socket in a shared session (docs/cluster.md "Resumable sessions"). */
    SessionSocket(ResumableSession session, WsSession ws, long resumeAfter, String conn) {
        this.session = session;
        this.ws = ws;
        this.resumeAfter = resumeAfter;
        this.conn = conn;
    }

    WsSession ws() {
        return ws;
    }

    String conn() {
        return conn;
    }

    @Override
    public void onOpen() {
        if (resumeAfter == FIRST) {
            session.sockets().started(this);
        } else {
            session.sockets().resumed(this, resumeAfter);
        }
    }

    @Override
    public void onText(String text) {
        session.sockets().inbound(this, ClientEnvelope.parse(text));
    }

    @Override
    public void onBinary() {
        session.sockets().binary(this);
    }

    @Override
    public void onPong() {
        session.sockets().pong(this);
    }

    @Override
    public void onClose() {
        session.sockets().lost(this, ws.peerCloseCode());
    }

    /** The dialect's rate-limit frame goes through the session, so it is numbered like the rest. */
    @Override
    public String rateLimitedFrame() {
        return throughSession(session.dialect().rateLimitedFrame());
    }

    /** Likewise the dialect's "server busy" frame (SECURITY.md "Memory budget"). */
    @Override
    public String busyFrame() {
        return throughSession(session.dialect().busyFrame());
    }

    /** Sends a dialect's own frame numbered by the session; the socket then sends nothing itself. */
    private String throughSession(String frame) {
        if (frame != null) {
            session.send(frame);
        }
        return null;
    }

    @Override
    public WsClose drainClose() {
        return WsClose.SERVICE_RESTART;
    }

    @Override
    public boolean readTimeoutFromOpen() {
        return session.dialect().readTimeoutFromOpen() || session.readTimeoutArmed();
    }
}
