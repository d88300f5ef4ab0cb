package dev.signals.loadtest.engine;

/**
 * What offers the load of one measured window: an open-loop {@link ScheduleDriver}, or a closed
 * loop whose units start one another (docs/benchmarks.md § Closed loop), which is never late.
 */
public interface LoadDriver {
    /** Starts offering load now, until {@code endNanos}; returns at once. */
    void start(long endNanos);

    /** Returns once the load has ended (no new unit starts after this; those in flight may still complete). */
    void join();

    /** Units started more than {@link ScheduleDriver#LATE_NANOS} after their intended time. */
    long lateSends();

    /** The worst lag behind the intended time, over the whole window. */
    long maxLagNanos();

    /** The largest lag since the previous call (the progress line's "behind schedule"). */
    long intervalMaxLagNanos();
}
