package dev.signals.server.http;

/**
 * Admission of new WebSocket connections (SECURITY.md "Limits and their defaults"): a per-IP connection rate, the
 * node's concurrent-connection cap and a per-IP concurrent-connection cap, so that one address
 * cannot take the whole node. A slot taken here is released exactly once by its holder.
 */
public final class ConnectionGate {
    /** Why a connection was not admitted. */
    public enum Verdict { ADMITTED, RATE_LIMITED, AT_CAPACITY, TOO_MANY_FROM_IP }

    private final IpRateLimiter connectionRate;
    private final boolean perIpCapped;
    private final CappedCount open;
    /** Open connections per client IP. */
    private final CappedCounts<String> openPerIp;

    public ConnectionGate(IpRateLimiter connectionRate, int maxConnections, int maxPerIp) {
        this.connectionRate = connectionRate;
        this.perIpCapped = maxPerIp > 0;
        this.open = new CappedCount(maxConnections);
        this.openPerIp = new CappedCounts<>(maxPerIp);
    }

    public Verdict tryAdmit(String ip) {
        if (!connectionRate.tryAcquire(ip)) {
            return Verdict.RATE_LIMITED;
        }
        if (!open.tryTake()) {
            return Verdict.AT_CAPACITY;
        }
        if (perIpCapped && !openPerIp.tryTake(ip)) {
            open.release();
            return Verdict.TOO_MANY_FROM_IP;
        }
        return Verdict.ADMITTED;
    }

    /** Frees the slot a connection from {@code ip} held. */
    public void release(String ip) {
        open.release();
        if (perIpCapped) {
            openPerIp.release(ip);
        }
    }

    public int open() {
        return open.get();
    }
}
