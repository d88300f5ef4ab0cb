package dev.signals.server.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Warnings that repeat while a dependency is down (an unreachable Redis fails every operation)
 * written at most once per interval per kind, with the number suppressed since, so an outage
 * cannot turn into a storm of log lines. Lock-free; safe from any thread.
 */
public final class ThrottledLog {
    private final Logger log;
    private final long intervalNanos;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    public ThrottledLog(Logger log, java.time.Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs a warning of kind {@code kind} unless one was logged within the interval. */
    public void warn(String kind, String format, Object... args) {
        Window w = windows.computeIfAbsent(kind, k -> new Window());
        long now = System.nanoTime();
        long last = w.lastNanos.get();
        if (last != 0 && now - last < intervalNanos || !w.lastNanos.compareAndSet(last, now == 0 ? 1 : now)) {
            w.suppressed.incrementAndGet();
            return;
        }
        long suppressed = w.suppressed.getAndSet(0);
        if (suppressed > 0) {
            log.warn(format + " ({} similar warnings suppressed)", append(args, suppressed));
        } else {
            log.warn(format, args);
        }
    }

    /** Forgets the interval of {@code kind}, so its next warning is written at once (after recovery). */
    public void reset(String kind) {
        windows.remove(kind);
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] out = java.util.Arrays.copyOf(args, args.length + 1);
        out[args.length] = last;
        return out;
    }

    private static final class Window {
        final AtomicLong lastNanos = new AtomicLong();
        final AtomicLong suppressed = new AtomicLong();
    }
}
