package dev.signals.core.call;

/** What one node tells another about calls (docs/cluster.md); read by {@link CallBusCodec}. */
public sealed interface CallBusMessage {

    /** An event for this node's sockets of the call, except its causing session's. */
    record Published(CallMessage.Event event) implements CallBusMessage {
    }

    /** Connection {@code connId} of {@code session} was replaced by a socket on another node. */
    record Replaced(String call, String session, String connId) implements CallBusMessage {
    }
}
