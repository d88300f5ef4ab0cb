package dev.signals.loadtest.engine;

/**
 * The intended send times of fixed-rate (open-model) load: send {@code i} is due at
 * {@code start + i / rate}, whatever happened to the sends before it. Latency is measured from
 * these times, so a stalled generator or server shows up in the histogram instead of quietly
 * lowering the load (coordinated omission). Pure arithmetic: the caller supplies "now".
 */
public final class RateSchedule {
    private final long startNanos;
    private final double periodNanos;
    private final long limit;
    private long issued;

    /**
     * @param startNanos when send 0 is due
     * @param ratePerSecond sends per second, above zero
     * @param limit how many sends the schedule holds in all, or {@code Long.MAX_VALUE}
     */
    public RateSchedule(long startNanos, double ratePerSecond, long limit) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate must be above zero: " + ratePerSecond);
        }
        this.startNanos = startNanos;
        this.periodNanos = 1e9 / ratePerSecond;
        this.limit = limit;
    }

    /** When send {@code index} is due. */
    public long intendedNanos(long index) {
        return startNanos + (long) (index * periodNanos);
    }

    /**
     * How many sends are due at {@code nowNanos} and not yet taken: exactly those whose
     * {@link #intendedNanos} is at or before it. The division only estimates the count; it is
     * corrected against {@code intendedNanos} itself, because the two round differently and a
     * schedule that says a send is next due but not yet due would spin its driver forever.
     */
    public long dueCount(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        long dueTotal = (long) ((nowNanos - startNanos) / periodNanos) + 1;
        while (dueTotal > 0 && intendedNanos(dueTotal - 1) > nowNanos) {
            dueTotal--;
        }
        while (intendedNanos(dueTotal) <= nowNanos && dueTotal < limit) {
            dueTotal++;
        }
        return Math.max(0, Math.min(limit, dueTotal) - issued);
    }

    /** Takes the next send and returns its index; callers take only what {@link #dueCount} allows. */
    public long take() {
        return issued++;
    }

    /** Sends taken so far. */
    public long issued() {
        return issued;
    }

    /** True once every send of a limited schedule has been taken. */
    public boolean exhausted() {
        return issued >= limit;
    }

    /** When the next untaken send is due. */
    public long nextDueNanos() {
        return intendedNanos(issued);
    }

    /**
     * How far behind its own schedule the generator is at {@code nowNanos}: the age of the oldest
     * send that is due but not taken, or zero when nothing is overdue.
     */
    public long lagNanos(long nowNanos) {
        if (exhausted()) {
            return 0;
        }
        return Math.max(0, nowNanos - nextDueNanos());
    }
}
