package dev.signals.core.domain;

/** What one node tells another about domains (docs/cluster.md); bytes by {@link DomainBusCodec}. */
public sealed interface DomainBusMessage {

    /** A frame for the socket holding {@code domain} on the receiving node. */
    record Deliver(String domain, String type, String frame) implements DomainBusMessage {
    }

    /** Connection {@code connId} lost {@code domain} to a newer socket elsewhere: close it with 4000. */
    record Close(String domain, String connId) implements DomainBusMessage {
    }
}
