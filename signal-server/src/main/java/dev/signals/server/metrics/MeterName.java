package dev.signals.server.metrics;

/**
 * Every metric name the server publishes (PROTOCOLS.md §1.8), in Micrometer's dotted form; the
 * Prometheus registry renders {@code signal.messages} as {@code signal_messages_total}.
 */
public enum MeterName {
    CONNECTIONS("signal.connections"),
    MESSAGES("signal.messages"),
    ERRORS("signal.errors"),
    RELAY("signal.relay"),
    RATE_LIMITED("signal.rate.limited"),
    ROOMS("signal.rooms"),
    CALLS("signal.calls"),
    DOMAINS("signal.domains"),
    MAILBOX_KEYS("signal.mailbox.keys"),
    MAILBOX_BYTES("signal.mailbox.bytes"),
    BACKPLANE_UP("signal.backplane.up"),
    BACKPLANE_PUBLISH("signal.backplane.publish");

    private final String name;

    MeterName(String name) {
        this.name = name;
    }

    public String meterName() {
        return name;
    }
}
