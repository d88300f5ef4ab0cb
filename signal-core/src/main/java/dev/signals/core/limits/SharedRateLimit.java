package dev.signals.core.limits;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A rate limit shared between threads, lock-free: the generic cell rate algorithm keeps one
 * number, the theoretical arrival time of the next request, and admits a request when that time
 * is no further ahead of now than the burst allows. Equivalent to a token bucket of
 * {@code burst} tokens refilled at {@code ratePerSecond}; a rate of 0 means unlimited.
 */
public final class SharedRateLimit {
    private final long intervalNanos;
    private final long toleranceNanos;
    private final AtomicLong theoreticalArrival;

    public SharedRateLimit(double ratePerSecond, double burst, long nowNanos) {
        this.intervalNanos = ratePerSecond > 0 ? Math.max(1, (long) (1e9 / ratePerSecond)) : 0;
        this.toleranceNanos = (long) (Math.max(burst, 1) - 1) * intervalNanos;
        this.theoreticalArrival = new AtomicLong(nowNanos);
    }

    public boolean tryAcquire(long nowNanos) {
        if (intervalNanos == 0) {
            return true;
        }
        while (true) {
            long tat = theoreticalArrival.get();
            long start = tat - nowNanos > 0 ? tat : nowNanos;
            if (start - nowNanos > toleranceNanos) {
                return false;
            }
            if (theoreticalArrival.compareAndSet(tat, start + intervalNanos)) {
                return true;
            }
        }
    }
}
