package dev.signals.server.ws;

/** A close frame's code and reason, for closes the transport chooses on a dialect's behalf. */
public record WsClose(int code, String reason) {
    /** The drain of docs/production.md "One node" for ordinary sockets. */
    public static final WsClose SHUTTING_DOWN = new WsClose(1001, "server shutting down");
    /** The drain for resumable sessions: resume elsewhere (docs/resume.md#drain). */
    public static final WsClose SERVICE_RESTART = new WsClose(1012, "service restart");
}
