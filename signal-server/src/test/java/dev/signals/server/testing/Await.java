package dev.signals.server.testing;

import java.time.Duration;

/**
 * The one way tests wait for something that happens asynchronously: poll a probe until it holds
 * or the wait is over, then fail naming what never happened and what was last seen. The wait is
 * a bound, never a measurement: nothing asserts how quickly it held.
 */
public final class Await {
    private static final long POLL_MILLIS = 10;

    /** A check that may throw; answers {@code null} while its value is not there yet. */
    @FunctionalInterface
    public interface Probe<T> {
        T poll() throws Exception;
    }

    /** A condition that may throw. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /** Polls {@code probe} until it answers non-null within {@code wait}, and returns that answer. */
    public static <T> T value(String what, Duration wait, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            T value = probe.poll();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError(what + ": not within " + wait);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** Polls {@code condition} until it holds within {@code wait}. */
    public static void until(String what, Duration wait, Condition condition) throws Exception {
        value(what, wait, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /**
     * Polls {@code probe} until {@code done} accepts its answer within {@code wait}; returns it, or
     * fails showing the last answer seen.
     */
    public static <T> T matching(String what, Duration wait, Probe<T> probe, java.util.function.Predicate<T> done)
            throws Exception {
        Object[] last = new Object[1];
        try {
            return value(what, wait, () -> {
                T v = probe.poll();
                last[0] = v;
                return v != null && done.test(v) ? v : null;
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last: " + last[0], e);
        }
    }
}
