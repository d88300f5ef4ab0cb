package dev.signals.server.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission of new WebSocket connections (PROTOCOLS.md §1.4): a per-IP connection rate, the
 * node's concurrent-connection cap and a per-IP concurrent-connection cap, so that one address
 * cannot take the whole node. A slot taken here is released exactly once by its holder.
 */
public final class ConnectionGate {
    /** Why a connection was not admitted. */
    public enum Verdict { ADMITTED, RATE_LIMITED, AT_CAPACITY, TOO_MANY_FROM_IP }

    private final IpRateLimiter connectionRate;
    private final int maxConnections;
    private final int maxPerIp;
    private final AtomicInteger open = new AtomicInteger();
    /** Open connections per client IP; an address leaves the map with its last connection. */
    private final ConcurrentHashMap<String, Integer> openPerIp = new ConcurrentHashMap<>();

    public ConnectionGate(IpRateLimiter connectionRate, int maxConnections, int maxPerIp) {
        this.connectionRate = connectionRate;
        this.maxConnections = maxConnections;
        this.maxPerIp = maxPerIp;
    }

    public Verdict tryAdmit(String ip) {
        if (!connectionRate.tryAcquire(ip)) {
            return Verdict.RATE_LIMITED;
        }
        if (!takeNodeSlot()) {
            return Verdict.AT_CAPACITY;
        }
        if (maxPerIp > 0 && !takeIpSlot(ip)) {
            open.decrementAndGet();
            return Verdict.TOO_MANY_FROM_IP;
        }
        return Verdict.ADMITTED;
    }

    private boolean takeNodeSlot() {
        if (maxConnections <= 0) {
            open.incrementAndGet();
            return true;
        }
        while (true) {
            int now = open.get();
            if (now >= maxConnections) {
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    private boolean takeIpSlot(String ip) {
        boolean[] taken = new boolean[1];
        openPerIp.compute(ip, (address, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerIp) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    /** Frees the slot a connection from {@code ip} held. */
    public void release(String ip) {
        open.decrementAndGet();
        if (maxPerIp > 0) {
            openPerIp.computeIfPresent(ip, (address, count) -> count <= 1 ? null : count - 1);
        }
    }

    public int open() {
        return open.get();
    }
}
