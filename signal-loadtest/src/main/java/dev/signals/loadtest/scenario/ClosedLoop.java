package dev.signals.loadtest.scenario;

/**
 * A scenario that offers closed-loop load: a fixed number of units in flight, each one completed
 * starting the next (docs/benchmarks.md § Closed loop), instead of a schedule's fixed rate.
 */
public interface ClosedLoop {
    /** Puts the initial units in flight; from then on every completed unit starts the next. Never blocks. */
    void startLoop();

    /**
     * Stops starting new units; those in flight still complete (the run's drain waits for them).
     * {@code windowStartNanos} is when the measured window began, for the loop's own account of it.
     */
    void stopLoop(long windowStartNanos);
}
