package dev.signals.loadtest.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's counters, written from any thread without locks: units of work started ("sent"),
 * completed ("received"), errors by reason, and the connections currently open.
 */
public final class RunStats {
    private static final Logger LOG = LoggerFactory.getLogger(RunStats.class);
    /** Error reasons are free text from servers; past this many distinct ones they are pooled. */
    private static final int MAX_REASONS = 64;

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errorReasons = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Throwable> firstCauses = new ConcurrentHashMap<>();
    private final AtomicInteger connections = new AtomicInteger();

    public void sent() {
        sent.increment();
    }

    public void received() {
        received.increment();
    }

    /** Counts one error under a short reason, e.g. {@code "connect: Connection refused"}. */
    public void error(String reason) {
        errors(reason, 1);
    }

    /**
     * Counts one error that no scenario expected (an exception, not a server's answer). The
     * reason alone cannot say where it came from, so the first of each reason is kept and logged
     * with its stack.
     */
    public void error(String reason, Throwable cause) {
        String key = count(reason, 1);
        if (firstCauses.putIfAbsent(key, cause) == null) {
            LOG.warn("first error of its kind: {}", key, cause);
        }
    }

    /** Counts {@code count} errors under one reason. */
    public void errors(String reason, long count) {
        if (count > 0) {
            count(reason, count);
        }
    }

    private String count(String reason, long count) {
        errors.add(count);
        String key = reason.length() > 120 ? reason.substring(0, 120) + "…" : reason;
        if (errorReasons.size() >= MAX_REASONS && !errorReasons.containsKey(key)) {
            key = "other";
        }
        errorReasons.computeIfAbsent(key, k -> new LongAdder()).add(count);
        return key;
    }

    /** The first exception counted under {@code reason}, or null: what a failed test shows. */
    public Throwable firstCause(String reason) {
        return firstCauses.get(reason);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    public long sentCount() {
        return sent.sum();
    }

    public long receivedCount() {
        return received.sum();
    }

    public long errorCount() {
        return errors.sum();
    }

    public int openConnections() {
        return connections.get();
    }

    /** Errors by reason, sorted by reason. */
    public Map<String, Long> errorsByReason() {
        Map<String, Long> out = new TreeMap<>();
        errorReasons.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The counters at one instant, for differences between instants. */
    public Snapshot snapshot() {
        return new Snapshot(sentCount(), receivedCount(), errorCount(), errorsByReason());
    }

    /** Counter values at one instant. */
    public record Snapshot(long sent, long received, long errors, Map<String, Long> errorsByReason) {
        /** This snapshot minus an earlier one. */
        public Snapshot minus(Snapshot earlier) {
            Map<String, Long> reasons = new TreeMap<>();
            errorsByReason.forEach((k, v) -> {
                long d = v - earlier.errorsByReason.getOrDefault(k, 0L);
                if (d != 0) {
                    reasons.put(k, d);
                }
            });
            return new Snapshot(sent - earlier.sent, received - earlier.received, errors - earlier.errors, reasons);
        }
    }
}
