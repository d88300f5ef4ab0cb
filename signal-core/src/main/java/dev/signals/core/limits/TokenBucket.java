package dev.signals.core.limits;

/**
 * A token bucket refilled continuously at {@code ratePerSecond} up to {@code burst}. Not
 * thread-safe: each owner (one connection, whose events run on one thread) keeps its own.
 * A rate of 0 means unlimited.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double ratePerSecond, double burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = Math.max(burst, ratePerSecond > 0 ? 1 : 0);
        this.tokens = this.burst;
        this.lastNanos = nowNanos;
    }

    /** Takes one token if available. */
    public boolean tryTake(long nowNanos) {
        if (ratePerNano <= 0) {
            return true;
        }
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            lastNanos = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
