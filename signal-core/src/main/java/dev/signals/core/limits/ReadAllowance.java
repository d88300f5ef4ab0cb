package dev.signals.core.limits;

/**
 * How many bytes one connection may have read: refilled at {@code bytesPerSecond} up to
 * {@code burst}. Reading past it runs a debt, and {@link #charge} answers how long reading must
 * pause for the refill to repay it (SECURITY.md "Read budget"). Not thread-safe: each connection,
 * whose reads run on one thread, keeps its own. A rate of 0 means unlimited.
 */
public final class ReadAllowance {
    private final double bytesPerNano;
    private final double burst;
    private double balance;
    private long lastNanos;

    public ReadAllowance(double bytesPerSecond, double burst, long nowNanos) {
        this.bytesPerNano = bytesPerSecond / 1e9;
        this.burst = Math.max(burst, 0);
        this.balance = this.burst;
        this.lastNanos = nowNanos;
    }

    /** Charges {@code bytes} just read; the pause in nanoseconds that repays the debt, 0 when none. */
    public long charge(long bytes, long nowNanos) {
        if (bytesPerNano <= 0) {
            return 0;
        }
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            balance = Math.min(burst, balance + elapsed * bytesPerNano);
            lastNanos = nowNanos;
        }
        balance -= bytes;
        return balance >= 0 ? 0 : (long) Math.ceil(-balance / bytesPerNano);
    }
}
