package dev.signals.server.ws;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's budget of outbound WebSocket bytes not yet written to the kernel ({@code --ws-send-budget},
 * SECURITY.md "Memory budget"): every session's queued frames count here. Over the budget, the
 * node refuses new large inbound messages and closes the sessions holding the most bytes first,
 * so readers that stalled cannot take the direct memory that everyone else's frames need.
 */
final class SendBudget {
    /** Inbound messages at least this large are refused while the node is over its budget. */
    static final int LARGE_MESSAGE = 8 * 1024;
    /** A session holding less than this is never closed to make room: it is reading. */
    static final long EVICTION_FLOOR = 64 * 1024;
    private static final long EVICTION_PAUSE_NANOS = 20_000_000L;

    private final long limit;
    private final SessionRegistry sessions;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong lastEviction = new AtomicLong(System.nanoTime() - EVICTION_PAUSE_NANOS);

    /** {@code limit} in bytes; 0 turns the node budget off (the per-session cap still applies). */
    SendBudget(long limit, SessionRegistry sessions) {
        this.limit = limit;
        this.sessions = sessions;
    }

    long queued() {
        return queued.get();
    }

    /** Whether the node holds its whole budget or more. */
    boolean exhausted() {
        return limit > 0 && queued.get() >= limit;
    }

    /** Counts {@code bytes} more; returns whether the node is now over its budget. */
    boolean take(long bytes) {
        return queued.addAndGet(bytes) > limit && limit > 0;
    }

    void release(long bytes) {
        queued.addAndGet(-bytes);
    }

    /**
     * Closes the sessions holding the most queued bytes until what stays queued fits the budget
     * again; at most once per 20 ms, so a burst of sends over the budget sorts the sessions once.
     */
    void evictHeaviest() {
        long now = System.nanoTime();
        long last = lastEviction.get();
        if (now - last < EVICTION_PAUSE_NANOS || !lastEviction.compareAndSet(last, now)) {
            return;
        }
        List<WsSession> all = sessions.snapshot();
        all.removeIf(s -> s.queuedBytes() < EVICTION_FLOOR);
        all.sort(Comparator.comparingLong(WsSession::queuedBytes).reversed());
        long excess = queued.get() - limit;
        for (WsSession heaviest : all) {
            if (excess <= 0) {
                break;
            }
            excess -= heaviest.queuedBytes();
            heaviest.evict();
        }
    }
}
