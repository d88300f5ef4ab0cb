package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * What a resumable session has to write (docs/resume.md#wire): its log of numbered frames and how
 * far the attached socket has been sent, written a batch at a time on the home event loop, each
 * batch once the socket has written the one before, so that a long replay never overflows the
 * bounded send queue of a socket that reads, however slowly.
 */
final class SessionOutbox {
    /** Frames written to a socket at most before the outbox waits for their writes. */
    static final int WRITE_TURN = 16;

    private final SessionLog frames;
    private final EventLoop home;
    private final Supplier<SessionSocket> attached;
    private final AtomicBoolean flushQueued = new AtomicBoolean();
    /** Home-loop state: the highest seq written to the attached socket. */
    private long sentUpTo;
    /** Home-loop state: a batch is queued on the attached socket and not yet all written to the kernel. */
    private boolean writing;
    /** Home-loop state: counts replays, so that the end of a batch written before one is ignored. */
    private long batch;

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
        writing = false;
        batch++; // a batch still being written to an older socket no longer holds this one up
        flush();
    }

    private void flushSoon() {
        if (flushQueued.compareAndSet(false, true)) {
            home.execute(this::flush);
        }
    }

    /**
     * Writes the logged frames the attached socket has not been sent, in order: at most
     * {@link #WRITE_TURN} in one go, and only while the socket's queue takes them; then the rest
     * waits until the socket has written what it holds to the kernel. Home loop.
     */
    void flush() {
        flushQueued.set(false);
        SessionSocket socket = attached.get();
        if (socket == null || writing) {
            return;
        }
        WsSession ws = socket.ws();
        int written = 0;
        for (SessionLog.Entry e : frames.after(sentUpTo, WRITE_TURN + 1)) {
            if (written == WRITE_TURN || !ws.hasRoomFor(e.wire())) {
                awaitWritten(ws);
                return;
            }
            if (!ws.send(e.wire())) {
                return; // the socket is closing; a resume replays the rest
            }
            sentUpTo = e.seq();
            written++;
        }
    }

    private void awaitWritten(WsSession ws) {
        writing = true;
        long mine = batch;
        ws.afterWritten(() -> home.execute(() -> {
            if (batch == mine) {
                writing = false;
                flush();
            }
        }));
    }
}
