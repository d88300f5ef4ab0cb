package dev.signals.server.ws;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * TURN credentials for one resumable session (docs/turn.md#over-a-resumable-session): right after
 * the session frame, then fresh ones every {@code refreshEvery} to whichever socket is attached; a
 * held session gets them on resume. They are control frames, never numbered or replayed.
 */
final class SessionIce {
    private final IceServersPush push;
    private final String subject;
    private final EventLoop home;
    private final Supplier<SessionSocket> attached;

    /** {@code push} null without {@code --turn-urls}: then nothing is sent. */
    SessionIce(IceServersPush push, String subject, EventLoop home, Supplier<SessionSocket> attached) {
        this.push = push;
        this.subject = subject;
        this.home = home;
        this.attached = attached;
    }

    /** Sends to {@code first} (if any) and schedules the refresh among the session's {@code timers}. */
    void start(SessionSocket first, SessionTimers timers) {
        if (push == null) {
            return;
        }
        if (first != null) {
            send(first);
        }
        long ms = push.refreshEvery().toMillis();
        timers.add(home.scheduleAtFixedRate(() -> {
            SessionSocket socket = attached.get();
            if (socket != null) {
                send(socket);
            }
        }, ms, ms, TimeUnit.MILLISECONDS));
    }

    /** One {@code ice_servers} control frame (no seq: a resume gets a fresh one). */
    void send(SessionSocket socket) {
        if (push != null) {
            socket.ws().send("{\"ice_servers\":" + push.iceServersJson(subject) + "}");
        }
    }
}
