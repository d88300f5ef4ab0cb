package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What a resumable session has to write (docs/resume.md#wire): its log of numbered frames and how
 * far the attached socket has been sent, written a turn at a time on the home event loop so that
 * a long replay never overflows the socket's bounded send queue.
 */
final class SessionOutbox {
    /** Frames written to a socket per turn of the flush. */
    static final int WRITE_TURN = 16;

    private final SessionLog frames;
    private final EventLoop home;
    private final Supplier<SessionSocket> attached;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** Home-loop state: the highest seq written to the attached socket. */
    private long sentUpTo;

    /** {@code attached} answers the socket to write to, on the home loop (null while held). */
    SessionOutbox(SessionLog frames, EventLoop home, Supplier<SessionSocket> attached) {
        this.frames = frames;
        this.home = home;
        this.attached = attached;
    }

    /** Numbers and logs {@code text} here (a session in this node's memory): false when the log is full. */
    boolean append(String text) {
        if (frames.append(text) < 0) {
            return false;
        }
        flushSoon();
        return true;
    }

    /** Frame {@code seq}, numbered elsewhere (in Redis), for the attached socket; any thread, in order. */
    void delivered(long seq, String wire) {
        frames.put(seq, wire);
        flushSoon();
    }

    void ack(long seq) {
        frames.ack(seq);
    }

    long issued() {
        return frames.issued();
    }

    boolean canResumeAfter(long seq) {
        return frames.canResumeAfter(seq);
    }

    /** A resuming socket has every frame up to {@code lastSeq}: the rest is written from there. Home loop. */
    void replayAfter(long lastSeq) {
        sentUpTo = lastSeq;
        flush();
    }

    private void flushSoon() {
        if (flushQueued.compareAndSet(false, true)) {
            home.execute(this::flush);
        }
    }

    /**
     * Writes every logged frame the attached socket has not been sent, in order, a turn of
     * {@link #WRITE_TURN} at a time: the next turn waits until the socket's event loop has taken
     * this one. Home loop.
     */
    void flush() {
        flushQueued.set(false);
        SessionSocket socket = attached.get();
        if (socket == null) {
            return;
        }
        int written = 0;
        for (SessionLog.Entry e : frames.after(sentUpTo, WRITE_TURN + 1)) {
            if (written++ == WRITE_TURN) {
                socket.ws().eventLoop().execute(() -> home.execute(this::flush));
                return;
            }
            if (!socket.ws().send(e.wire())) {
                return; // the socket is closing; a resume replays the rest
            }
            sentUpTo = e.seq();
        }
    }
}
