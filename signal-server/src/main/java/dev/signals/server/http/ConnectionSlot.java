package dev.signals.server.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection-cap slot a WebSocket upgrade holds. The router releases it if the request ends
 * without becoming a connection; once the upgrade succeeds, the connection owns it and releases
 * it when it closes. Released at most once, whoever gets there first.
 */
public final class ConnectionSlot {
    private static final int HELD = 0;
    private static final int OWNED_BY_CONNECTION = 1;
    private static final int RELEASED = 2;

    private final ConnectionGate gate;
    private final String ip;
    private final AtomicInteger state = new AtomicInteger(HELD);

    ConnectionSlot(ConnectionGate gate, String ip) {
        this.gate = gate;
        this.ip = ip;
    }

    /** A slot that holds nothing (plain HTTP requests). */
    public static ConnectionSlot none() {
        ConnectionSlot slot = new ConnectionSlot(null, null);
        slot.state.set(RELEASED);
        return slot;
    }

    /** The upgrade completed: from now on only {@link #release()} frees the slot. */
    public void transferToConnection() {
        state.compareAndSet(HELD, OWNED_BY_CONNECTION);
    }

    /** The request finished; frees the slot unless a connection took it over. */
    void releaseIfNotTransferred() {
        if (state.compareAndSet(HELD, RELEASED)) {
            gate.release(ip);
        }
    }

    /** The connection closed. */
    public void release() {
        int s = state.getAndSet(RELEASED);
        if (s != RELEASED && gate != null) {
            gate.release(ip);
        }
    }
}
