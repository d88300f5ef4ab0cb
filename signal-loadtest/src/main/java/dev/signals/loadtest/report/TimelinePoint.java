package dev.signals.loadtest.report;

/**
 * One second of a run: when it ended (seconds since the run started), its phase, the open
 * connections, how much was sent and received in that second, errors so far, that second's
 * latency percentiles in milliseconds, and how far behind schedule the generator fell.
 */
public record TimelinePoint(double t, String phase, int connections, long sent, long received,
                            long errorsTotal, double p50Ms, double p99Ms, double maxMs, double behindMs) {
}
