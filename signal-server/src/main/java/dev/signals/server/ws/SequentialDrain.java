package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains sessions one after another (docs/production.md "Shutdown"): each session's leave
 * handling runs and it is closed before the next one starts, so a member still open receives the
 * leave of every member handled before it. Sessions are taken in batches that share an event loop,
 * one loop task per batch, so the drain costs one hand-off per batch rather than per socket.
 */
final class SequentialDrain {
    /** Sessions handled in one event-loop task: keeps each task short while the loop serves others. */
    static final int BATCH = 256;
    private static final Logger LOG = LoggerFactory.getLogger(SequentialDrain.class);

    private final Iterator<List<WsSession>> batches;
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    private SequentialDrain(List<List<WsSession>> batches) {
        this.batches = batches.iterator();
    }

    /** Starts draining {@code sessions}; the future completes when the last one has been handled. */
    static CompletableFuture<Void> start(List<WsSession> sessions) {
        SequentialDrain drain = new SequentialDrain(batches(sessions));
        drain.next();
        return drain.done;
    }

    /**
     * Hands the next batch to its loop. A write one batch makes to a session of a later batch is
     * queued on that session's loop before the later batch's task is, so it goes out before the close.
     */
    private void next() {
        while (batches.hasNext()) {
            List<WsSession> batch = batches.next();
            try {
                batch.get(0).eventLoop().execute(() -> {
                    batch.forEach(SequentialDrain::drainOne);
                    next();
                });
                return;
            } catch (RejectedExecutionException loopGone) {
                // The loop is shutting down and its channels with it: nothing left to drain there.
            }
        }
        done.complete(null);
    }

    /** Every session's drain on its own loop, at once; a session already drained is left alone. */
    static CompletableFuture<Void> allAtOnce(List<WsSession> sessions) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (WsSession s : sessions) {
            CompletableFuture<Void> one = new CompletableFuture<>();
            try {
                s.eventLoop().execute(() -> {
                    drainOne(s);
                    one.complete(null);
                });
            } catch (RejectedExecutionException loopGone) {
                one.complete(null);
            }
            all.add(one);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    private static void drainOne(WsSession session) {
        try {
            session.drainInLoop();
        } catch (RuntimeException e) {
            LOG.warn("drain of session {} failed: {}", session.id(), e.toString());
        }
    }

    private static List<List<WsSession>> batches(List<WsSession> sessions) {
        Map<EventLoop, List<WsSession>> byLoop = new LinkedHashMap<>();
        for (WsSession s : sessions) {
            byLoop.computeIfAbsent(s.eventLoop(), loop -> new ArrayList<>()).add(s);
        }
        List<List<WsSession>> out = new ArrayList<>();
        for (List<WsSession> onLoop : byLoop.values()) {
            for (int from = 0; from < onLoop.size(); from += BATCH) {
                out.add(onLoop.subList(from, Math.min(onLoop.size(), from + BATCH)));
            }
        }
        return out;
    }
}
