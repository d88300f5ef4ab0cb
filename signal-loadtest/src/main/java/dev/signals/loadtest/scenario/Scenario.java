package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.LoadSink;
import java.util.Map;

/**
 * One kind of fixed-rate load. {@link FixedRateRun} calls {@link #setup} once, then
 * {@link #fire} at the schedule's rate from its driver thread, then waits for
 * {@link #inFlight} to reach zero, then {@link #close}. A unit's latency is recorded by the
 * scenario when the unit completes, from the intended time {@code fire} was given.
 */
public interface Scenario extends LoadSink, AutoCloseable {
    String name();

    /** Opens connections, joins rooms and the like; blocking, on the runner's thread. */
    void setup(LoadContext ctx) throws Exception;

    /** Starts one unit of load; must not block (it runs on the schedule's thread). */
    @Override
    void fire(long index, long intendedNanos);

    /** Units started and not yet completed or failed. */
    long inFlight();

    /** Gives up on the units still in flight after the drain timeout; returns how many there were. */
    default long abandonInFlight() {
        return inFlight();
    }

    /** True when the scenario's connections are still usable for another measurement window. */
    default boolean healthy() {
        return true;
    }

    /** Scenario-specific figures of the last window for the report (none by default). */
    default Map<String, Object> extras() {
        return Map.of();
    }

    /** Scenario-specific parameters for the report. */
    default Map<String, String> parameters() {
        return Map.of();
    }

    /** Closes every connection the scenario opened. */
    @Override
    void close();
}
