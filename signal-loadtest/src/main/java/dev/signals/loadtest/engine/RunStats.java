package dev.signals.loadtest.engine;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The run's counters, written from any thread without locks: units of work started ("sent"),
 * completed ("received"), errors by reason, and the connections currently open.
 */
public final class RunStats {
    /** Error reasons are free text from servers; past this many distinct ones they are pooled. */
    private static final int MAX_REASONS = 64;

    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder> errorReasons = new ConcurrentHashMap<>();
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

    /** Counts {@code count} errors under one reason. */
    public void errors(String reason, long count) {
        if (count <= 0) {
            return;
        }
        errors.add(count);
        String key = reason.length() > 120 ? reason.substring(0, 120) + "…" : reason;
        if (errorReasons.size() >= MAX_REASONS && !errorReasons.containsKey(key)) {
            key = "other";
        }
        errorReasons.computeIfAbsent(key, k -> new LongAdder()).add(count);
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
