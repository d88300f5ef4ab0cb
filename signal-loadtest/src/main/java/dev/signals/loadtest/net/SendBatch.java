package dev.signals.loadtest.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Frames for many connections collected by one producer thread (the schedule's) and handed to
 * each connection's event loop as one task per loop per batch, which writes them all and then
 * flushes (in slices of at most 64 frames): one wake-up of a loop per batch instead of one write task and one wake-up per message
 * (docs/benchmarks.md § How it measures). Not thread-safe: one producer owns it.
 */
public final class SendBatch {
    private static final int FRAMES_PER_TASK = 64;
    private final Map<EventLoop, List<Object>> byLoop = new IdentityHashMap<>();

    /**
     * Queues a whole frame (from {@link ClientTextFrame}) for {@code conn}, taking ownership of it;
     * false, with the frame released, when the connection is not open.
     */
    public boolean add(WsConn conn, ByteBuf frame) {
        Channel ch = conn.channel();
        if (ch == null || !ch.isActive()) {
            frame.release();
            return false;
        }
        byLoop.computeIfAbsent(ch.eventLoop(), l -> new ArrayList<>()).add(ch);
        byLoop.get(ch.eventLoop()).add(frame);
        return true;
    }

    /** Hands every queued frame to its loop; the batch is empty afterwards. */
    public void submit() {
        if (byLoop.isEmpty()) {
            return;
        }
        for (Map.Entry<EventLoop, List<Object>> e : byLoop.entrySet()) {
            List<Object> pairs = e.getValue();
            // A late schedule fires thousands at once: in slices, so the loop reads in between.
            for (int from = 0; from < pairs.size(); from += 2 * FRAMES_PER_TASK) {
                List<Object> slice = pairs.subList(from, Math.min(pairs.size(), from + 2 * FRAMES_PER_TASK));
                e.getKey().execute(() -> writeAll(slice));
            }
        }
        byLoop.clear();
    }

    private static void writeAll(List<Object> pairs) {
        for (int i = 0; i < pairs.size(); i += 2) {
            Channel ch = (Channel) pairs.get(i);
            ch.write(pairs.get(i + 1), ch.voidPromise());
        }
        for (int i = 0; i < pairs.size(); i += 2) {
            ((Channel) pairs.get(i)).flush();
        }
    }
}
