package dev.signals.server.http;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of new WebSocket connections (PROTOCOLS.md §1.4): a per-IP connection rate and the
 * node's concurrent-connection cap. A slot taken here is released exactly once by its holder.
 */
public final class ConnectionGate {
    /** Why a connection was not admitted. */
    public enum Verdict { ADMITTED, RATE_LIMITED, AT_CAPACITY }

    private final IpRateLimiter connectionRate;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();

    public ConnectionGate(IpRateLimiter connectionRate, int maxConnections) {
        this.connectionRate = connectionRate;
        this.maxConnections = maxConnections;
    }

    public Verdict tryAdmit(String ip) {
        if (!connectionRate.tryAcquire(ip)) {
            return Verdict.RATE_LIMITED;
        }
        if (maxConnections <= 0) {
            open.incrementAndGet();
            return Verdict.ADMITTED;
        }
        while (true) {
            int now = open.get();
            if (now >= maxConnections) {
                return Verdict.AT_CAPACITY;
            }
            if (open.compareAndSet(now, now + 1)) {
                return Verdict.ADMITTED;
            }
        }
    }

    public void release() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }
}
