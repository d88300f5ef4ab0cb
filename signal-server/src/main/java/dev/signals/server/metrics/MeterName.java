package dev.signals.server.metrics;

/**
 * Every metric name the server publishes (docs/production.md "Monitoring"), in Micrometer's dotted form; the
 * Prometheus registry renders {@code signal.messages} as {@code signal_messages_total}.
 */
public enum MeterName {
    CONNECTIONS("signal.connections"),
    MESSAGES("signal.messages"),
    ERRORS("signal.errors"),
    RELAY("signal.relay"),
    RATE_LIMITED("signal.rate.limited"),
    /** Counter {dialect}: times a WebSocket sent past its read allowance and reading it paused. */
    READ_PAUSES("signal.read.pauses"),
    ROOMS("signal.rooms"),
    CALLS("signal.calls"),
    DOMAINS("signal.domains"),
    MAILBOX_KEYS("signal.mailbox.keys"),
    MAILBOX_BYTES("signal.mailbox.bytes"),
    BACKPLANE_UP("signal.backplane.up"),
    /** Gauge: outbound WebSocket bytes queued and not yet written ({@code signal_ws_queued_bytes}). */
    WS_QUEUED_BYTES("signal.ws.queued.bytes"),
    /** Timer: a backplane publish from issue to Redis's answer ({@code signal_backplane_publish_seconds}). */
    BACKPLANE_PUBLISH("signal.backplane.publish"),
    /** Counter {dialect, direction}: messages sent to and received from other nodes. */
    BACKPLANE_MESSAGES("signal.backplane.messages"),
    /** Counter: times the backplane came back after being down. */
    BACKPLANE_RECONNECTS("signal.backplane.reconnects"),
    /** Counter {type}: server-side scripts that failed (type is the script's name). */
    BACKPLANE_SCRIPT_ERRORS("signal.backplane.script.errors"),
    /** Counter: dead nodes whose state this node cleaned up. */
    BACKPLANE_NODES_REAPED("signal.backplane.nodes.reaped"),
    /** Counter: TURN credentials issued by {@code GET /ice-servers} (docs/turn.md). */
    TURN_CREDENTIALS("signal.turn.credentials"),
    /** Gauge {endpoint}: 1 while the link is connected to that Redis server (host:port), 0 after. */
    REDIS_ENDPOINT_UP("signal.redis.endpoint.up"),
    /** Counter {endpoint}: connections to that Redis server made after the link's first one. */
    REDIS_RECONNECTS("signal.redis.reconnects"),
    /** Timer {endpoint}: one command (script or publish) from dispatch to that server's answer. */
    REDIS_COMMAND("signal.redis.command"),
    /** Gauge: resumable sessions whose socket is lost, waiting for a resume (docs/resume.md). */
    SESSIONS_HELD("signal.sessions.held"),
    /** Counter {dialect, result}: resume attempts (resumed, expired, forbidden, invalid). */
    RESUMES("signal.resumes"),
    /** Counter {dialect}: frames sent again to resumed sessions. */
    REPLAYED_MESSAGES("signal.replayed.messages");

    private final String name;

    MeterName(String name) {
        this.name = name;
    }

    public String meterName() {
        return name;
    }
}
