package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every timer of one WebSocket — the server's pings, a dialect's keep-alives and deadlines, the
 * read timeout — on a single task scheduled on the socket's event loop for the earliest of them.
 * A scheduled task and an idle-state handler per timer cost most of an idle socket's heap
 * (BENCHMARKS.md "Memory per idle WebSocket"). Event-loop confined: calls from elsewhere hop to it.
 */
final class SocketClock implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(SocketClock.class);
    private static final Timer[] NONE = new Timer[0];

    private final EventLoop loop;
    private Timer[] timers = NONE;
    /** The read timeout in nanoseconds, 0 while it is not armed; reset by every read. */
    private long readTimeoutNanos;
    private long lastReadNanos;
    private Runnable onReadTimeout;
    private ScheduledFuture<?> scheduled;
    private long scheduledFor = Long.MAX_VALUE;
    private volatile boolean stopped;

    SocketClock(EventLoop loop) {
        this.loop = loop;
    }

    /** Runs {@code task} every {@code periodNanos}, the first time one period from now. */
    void every(long periodNanos, Runnable task) {
        add(periodNanos, periodNanos, task);
    }

    /** Runs {@code task} once, {@code delayNanos} from now. */
    void after(long delayNanos, Runnable task) {
        add(delayNanos, 0, task);
    }

    /** Runs {@code onTimeout} once no read has happened for {@code timeoutNanos}; re-arming restarts it. */
    void readTimeout(long timeoutNanos, Runnable onTimeout) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> readTimeout(timeoutNanos, onTimeout));
            return;
        }
        readTimeoutNanos = timeoutNanos;
        onReadTimeout = onTimeout;
        lastReadNanos = System.nanoTime();
        reschedule();
    }

    /** Bytes were read from the socket (event loop only). */
    void readHappened() {
        if (readTimeoutNanos > 0) {
            lastReadNanos = System.nanoTime();
        }
    }

    /** Cancels everything; nothing runs after this. */
    void stop() {
        stopped = true;
        ScheduledFuture<?> s = scheduled;
        if (s != null) {
            s.cancel(false);
        }
    }

    private void add(long delayNanos, long periodNanos, Runnable task) {
        if (!loop.inEventLoop()) {
            loop.execute(() -> add(delayNanos, periodNanos, task));
            return;
        }
        Timer[] grown = Arrays.copyOf(timers, timers.length + 1);
        grown[timers.length] = new Timer(System.nanoTime() + delayNanos, periodNanos, task);
        timers = grown;
        reschedule();
    }

    @Override
    public void run() {
        scheduled = null;
        scheduledFor = Long.MAX_VALUE;
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        // An index loop: a task may add a timer, which replaces the array.
        for (int i = 0; i < timers.length && !stopped; i++) {
            Timer t = timers[i];
            if (t.due - now <= 0) {
                boolean keep = runGuarded(t.task) && t.period > 0;
                if (keep) {
                    t.due += t.period;
                } else {
                    remove(t);
                    i--;
                }
            }
        }
        if (readTimeoutNanos > 0 && !stopped && now - lastReadNanos >= readTimeoutNanos) {
            readTimeoutNanos = 0;
            runGuarded(onReadTimeout);
        }
        reschedule();
    }

    /** Like a failed scheduled task, a timer whose task throws does not run again. */
    private static boolean runGuarded(Runnable task) {
        try {
            task.run();
            return true;
        } catch (RuntimeException e) {
            LOG.warn("socket timer failed: {}", e.toString(), e);
            return false;
        }
    }

    private void remove(Timer t) {
        int at = Arrays.asList(timers).indexOf(t);
        if (at < 0) {
            return;
        }
        Timer[] shrunk = new Timer[timers.length - 1];
        System.arraycopy(timers, 0, shrunk, 0, at);
        System.arraycopy(timers, at + 1, shrunk, at, timers.length - at - 1);
        timers = shrunk.length == 0 ? NONE : shrunk;
    }

    /** Points the one scheduled task at the earliest deadline. */
    private void reschedule() {
        if (stopped) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (Timer t : timers) {
            next = earlier(next, t.due);
        }
        if (readTimeoutNanos > 0) {
            next = earlier(next, lastReadNanos + readTimeoutNanos);
        }
        if (next == Long.MAX_VALUE || (scheduled != null && next - scheduledFor >= 0)) {
            return;
        }
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduledFor = next;
        scheduled = loop.schedule(this, Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private static long earlier(long a, long b) {
        return a == Long.MAX_VALUE || b - a < 0 ? b : a;
    }

    /** One periodic ({@code period > 0}) or one-shot timer. */
    private static final class Timer {
        long due;
        final long period;
        final Runnable task;

        Timer(long due, long period, Runnable task) {
            this.due = due;
            this.period = period;
            this.task = task;
        }
    }
}
