package dev.signals.loadtest.engine;

/** Where a run is; only {@link #MEASURE} (and the {@link #DRAIN} that completes it) count toward the report. */
public enum Phase {
    SETUP, RAMP, WARMUP, MEASURE, DRAIN, DONE;

    /** Whether latencies recorded in this phase belong to the report (drain completes measured sends). */
    public boolean counts() {
        return this == MEASURE || this == DRAIN;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
