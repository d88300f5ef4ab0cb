package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The timers of one resumable session, on its home loop, all stopped when it ends or is let go:
 * the dialect's periodic tasks run only while a socket is attached (a held session has nobody to
 * keep alive, and keep-alives would only fill its log), its delayed ones until the session ends.
 */
final class SessionTimers {
    /** Runs a dialect callback so that a failure ends the session, not the loop's other work. */
    interface Guard {
        void guarded(String callback, Runnable call);
    }

    private final EventLoop home;
    private final Guard guard;
    private final BooleanSupplier attached;
    private final BooleanSupplier ended;
    private final Queue<Future<?>> timers = new ConcurrentLinkedQueue<>();

    SessionTimers(EventLoop home, Guard guard, BooleanSupplier attached, BooleanSupplier ended) {
        this.home = home;
        this.guard = guard;
        this.attached = attached;
        this.ended = ended;
    }

    /** {@link WsConnection#every}: while a socket is attached. */
    void every(Duration period, Runnable task) {
        if (period.isZero() || period.isNegative()) {
            return;
        }
        long ms = period.toMillis();
        add(home.scheduleAtFixedRate(() -> {
            if (attached.getAsBoolean() && !ended.getAsBoolean()) {
                guard.guarded("every", task);
            }
        }, ms, ms, TimeUnit.MILLISECONDS));
    }

    /** {@link WsConnection#after}: unless the session ended first. */
    void after(Duration delay, Runnable task) {
        add(home.schedule(() -> {
            if (!ended.getAsBoolean()) {
                guard.guarded("after", task);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A timer of the session's own, stopped with the others. */
    void add(Future<?> timer) {
        timers.add(timer);
    }

    void cancelAll() {
        for (Future<?> t : timers) {
            t.cancel(false);
        }
    }
}
