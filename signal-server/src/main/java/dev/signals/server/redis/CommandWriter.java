package dev.signals.server.redis;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that hands commands to Lettuce. Lettuce's dispatch path takes a lock that parks
 * (and spins) while the connection is being reset or closed, so it must never run on an event
 * loop — neither a WebSocket's nor Lettuce's own. Handing a command to this thread is lock-free
 * (a concurrent queue and an unpark) and first in, first out, so commands reach Redis in the
 * order they were issued (docs/security.md "On a WebSocket"). The queue is bounded: when full, the command fails
 * at once, as an unreachable Redis would.
 */
final class CommandWriter implements Executor, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CommandWriter.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Thread thread;
    private volatile boolean closed;

    CommandWriter(String name, int capacity) {
        this.capacity = capacity;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (closed || size.incrementAndGet() > capacity) {
            if (!closed) {
                size.decrementAndGet();
            }
            throw new RejectedExecutionException(closed ? "backplane closed" : "backplane command queue full");
        }
        tasks.add(task);
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!closed) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                size.decrementAndGet();
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.warn("backplane command could not be dispatched: {}", e.toString());
                }
            }
            if (tasks.isEmpty() && !closed) {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
