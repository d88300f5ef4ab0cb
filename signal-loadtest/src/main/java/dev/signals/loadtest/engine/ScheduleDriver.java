package dev.signals.loadtest.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Drives a {@link RateSchedule} on its own thread: at each wake-up it fires every send that is
 * due, each with its intended time, and records how late it fired them. It never skips or
 * thins sends; when it cannot keep up it says so through {@link #intervalMaxLagNanos} and
 * {@link #lateSends} (a send counts as late when fired more than {@link #LATE_NANOS} after
 * its intended time).
 */
public final class ScheduleDriver implements LoadDriver {
    /** Beyond this the generator, not the server, is the bottleneck for that send. */
    public static final long LATE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int MAX_BATCH = 10_000;

    private final RateSchedule schedule;
    private final LoadSink sink;
    private final LongSupplier clock;
    private final AtomicLong lateSends = new AtomicLong();
    private final AtomicLong maxLagNanos = new AtomicLong();
    private final AtomicLong intervalMaxLag = new AtomicLong();
    private final AtomicLong fired = new AtomicLong();
    private volatile boolean stopped;
    private Thread thread;

    public ScheduleDriver(RateSchedule schedule, LoadSink sink, LongSupplier clock) {
        this.schedule = schedule;
        this.sink = sink;
        this.clock = clock;
    }

    /**
     * Fires every send due at {@code nowNanos} (at most one batch) and returns how many it fired.
     * Called by the driver thread; public so the arithmetic can be tested without threads.
     */
    public int step(long nowNanos) {
        return fireDue(nowNanos, nowNanos);
    }

    /** Fires the sends due by {@code dueBy}; their lateness is measured against {@code nowNanos}. */
    private int fireDue(long dueBy, long nowNanos) {
        long due = Math.min(MAX_BATCH, schedule.dueCount(dueBy));
        for (int i = 0; i < due; i++) {
            long index = schedule.take();
            long intended = schedule.intendedNanos(index);
            noteLag(nowNanos - intended);
            sink.fire(index, intended);
        }
        if (due > 0) {
            sink.endBatch();
        }
        fired.addAndGet(due);
        return (int) due;
    }

    private void noteLag(long lag) {
        if (lag > LATE_NANOS) {
            lateSends.incrementAndGet();
        }
        maxLagNanos.accumulateAndGet(lag, Math::max);
        intervalMaxLag.accumulateAndGet(lag, Math::max);
    }

    /** Starts the driver thread; it fires every send intended before {@code endNanos}, unless stopped or exhausted first. */
    @Override
    public void start(long endNanos) {
        thread = new Thread(() -> run(endNanos), "loadtest-schedule");
        thread.setDaemon(true);
        thread.setPriority(Thread.MAX_PRIORITY);
        thread.start();
    }

    /**
     * Fires every send intended before {@code endNanos} — late ones too, however late: the
     * load of an open model does not shrink because its generator stalled.
     */
    private void run(long endNanos) {
        while (!stopped && !schedule.exhausted() && schedule.nextDueNanos() < endNanos) {
            long now = clock.getAsLong();
            if (fireDue(Math.min(now, endNanos - 1), now) == 0) {
                long wait = Math.min(MAX_PARK_NANOS, schedule.nextDueNanos() - now);
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    /** Stops firing and waits for the driver thread to finish its current batch. */
    public void stop() {
        stopped = true;
        join();
    }

    /** Waits for the driver thread to end by itself (end time reached or schedule exhausted). */
    @Override
    public void join() {
        if (thread == null) {
            return;
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long fired() {
        return fired.get();
    }

    @Override
    public long lateSends() {
        return lateSends.get();
    }

    @Override
    public long maxLagNanos() {
        return maxLagNanos.get();
    }

    @Override
    public long intervalMaxLagNanos() {
        return intervalMaxLag.getAndSet(0);
    }
}
