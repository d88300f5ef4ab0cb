package dev.signals.core.fanout;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The callbacks of one room or call, queued inside the map update that decided them (so in that
 * order, lock-free) and run after it by whichever thread gets there first, one at a time. Lets a
 * registry fan out outside a {@code ConcurrentHashMap} bin lock without changing the order.
 */
public final class Outbox {
    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();

    /** Queues {@code callback}; call it inside the update. Returns this outbox, for {@link #flush}. */
    public Outbox add(Runnable callback) {
        queue.add(callback);
        return this;
    }

    /**
     * Runs what is queued, in order; when it returns, every callback queued before the call has
     * run. Call it after the update, with the outbox the update used ({@code null}: nothing queued).
     */
    public static void flush(Outbox outbox) {
        if (outbox == null) {
            return;
        }
        synchronized (outbox) {
            for (Runnable callback = outbox.queue.poll(); callback != null; callback = outbox.queue.poll()) {
                callback.run();
            }
        }
    }
}
