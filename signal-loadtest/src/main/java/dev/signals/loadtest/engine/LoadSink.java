package dev.signals.loadtest.engine;

/** Where a fixed-rate schedule sends its work: one unit of load per call, never blocking. */
@FunctionalInterface
public interface LoadSink {
    /**
     * Starts send {@code index}, which was due at {@code intendedNanos} ({@link System#nanoTime}
     * scale); latency of whatever it starts must be measured from that time, not from now.
     */
    void fire(long index, long intendedNanos);

    /**
     * Called after each run of {@link #fire} calls the driver made at one wake-up, so a sink can
     * hand what it collected to the network at once (e.g. one task per event loop).
     */
    default void endBatch() {
    }
}
