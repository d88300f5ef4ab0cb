package dev.signals.loadtest.scenario;

import dev.signals.loadtest.engine.LoadDriver;

/** Drives a {@link ClosedLoop} through one window: started at once, stopped at the window's end; never late. */
final class ClosedLoopDriver implements LoadDriver {
    private final ClosedLoop loop;
    private final long windowStartNanos;
    private long endNanos;

    ClosedLoopDriver(ClosedLoop loop, long windowStartNanos) {
        this.loop = loop;
        this.windowStartNanos = windowStartNanos;
    }

    @Override
    public void start(long end) {
        this.endNanos = end;
        loop.startLoop();
    }

    @Override
    public void join() {
        FixedRateRun.sleepUntil(endNanos);
        loop.stopLoop(windowStartNanos);
    }

    @Override
    public long lateSends() {
        return 0;
    }

    @Override
    public long maxLagNanos() {
        return 0;
    }

    @Override
    public long intervalMaxLagNanos() {
        return 0;
    }
}
