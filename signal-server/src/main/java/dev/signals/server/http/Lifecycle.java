package dev.signals.server.http;

/** Whether the node is starting, serving or draining; read by the router and the admin probes. */
public final class Lifecycle {
    private volatile boolean started;
    private volatile boolean draining;

    public void markStarted() {
        started = true;
    }

    public void markDraining() {
        draining = true;
    }

    public boolean draining() {
        return draining;
    }

    public boolean serving() {
        return started && !draining;
    }
}
