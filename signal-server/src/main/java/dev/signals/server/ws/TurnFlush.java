package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.util.ArrayList;

/**
 * The sockets of one event loop written to during its current turn, flushed once each when the
 * turn's reads are done (docs/production.md "Flushes"): frames that one turn's reads make for one
 * socket leave in one write to the kernel, not one each. Used only on its event loop.
 */
final class TurnFlush implements Runnable {
    private final EventLoop loop;
    private ArrayList<WsSession> written = new ArrayList<>();
    private ArrayList<WsSession> flushing = new ArrayList<>();
    /** Turns of this loop that flushed, so far: the clock of {@link WriteReports}. */
    private long turn;

    TurnFlush(EventLoop loop) {
        this.loop = loop;
    }

    /** {@code session} has unflushed frames; the first of a turn queues the flush behind the turn's reads. */
    void add(WsSession session) {
        if (written.isEmpty()) {
            loop.execute(this);
        }
        written.add(session);
    }

    @Override
    public void run() {
        // A flush may lead to more writes (a listener, a close): those go to the next turn's list.
        ArrayList<WsSession> batch = written;
        written = flushing;
        flushing = batch;
        for (WsSession session : batch) {
            session.flushWritten();
        }
        batch.clear();
        turn++;
    }

    /** The current turn's number: its flushes, this run's included, belong to it. */
    long turn() {
        return turn;
    }
}
