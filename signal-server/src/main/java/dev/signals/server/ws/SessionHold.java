package dev.signals.server.ws;

import dev.signals.server.logging.ConnLog;
import io.netty.channel.EventLoop;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The hold of one resumable session whose socket was lost (docs/resume.md#held): the window's
 * timer, the pongs that keep the dialect's client alive meanwhile, and the window's end, which a
 * shared session runs only if Redis agrees it is still held here (docs/cluster.md). Home loop only.
 */
final class SessionHold {
    private final ResumableSession session;
    private final ResumableSessions sessions;
    private final SessionShare share;
    private final EventLoop home;
    private final ConnLog log;
    private Future<?> expiry;
    private Future<?> pongs;

    SessionHold(ResumableSession session, ResumableSessions sessions, SessionShare share, EventLoop home, ConnLog log) {
        this.session = session;
        this.sessions = sessions;
        this.share = share;
        this.home = home;
        this.log = log;
    }

    /** Held, not gone: logged, kept alive for the dialect, ended when the window lapses. */
    void start() {
        sessions.heldChanged(+1);
        expiry = home.schedule(this::lapsed, sessions.window().toMillis(), TimeUnit.MILLISECONDS);
        long ping = sessions.pingInterval().toMillis();
        if (ping > 0) {
            // A dialect that keeps its client alive on pongs (the call seat) must not see it lapse.
            pongs = home.scheduleAtFixedRate(session::heldPong, ping, ping, TimeUnit.MILLISECONDS);
        }
        log.debug("session held for {}", sessions.window());
    }

    /** A socket is attached again, or the session ends: the hold stops. */
    void release() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
            sessions.heldChanged(-1);
        }
        if (pongs != null) {
            pongs.cancel(false);
            pongs = null;
        }
    }

    /**
     * The window lapsed. A shared session ends only if Redis agrees it is still held here, so the
     * leave runs once even if it resumed on another node meanwhile (docs/cluster.md).
     */
    private void lapsed() {
        if (share.address() == null) {
            session.windowEnded();
            return;
        }
        share.expire(expired -> session.execute(() -> {
            if (expiry == null || session.finished()) {
                return;
            }
            switch (expired.outcome()) {
                case EXPIRED:
                    session.windowEnded();
                    break;
                case WAIT:
                case BUSY:
                    expiry = home.schedule(this::lapsed, Math.max(100, expired.waitMs()), TimeUnit.MILLISECONDS);
                    break;
                default:
                    session.resumedElsewhere();
            }
        }), e -> session.execute(() -> {
            if (expiry != null && !session.finished()) {
                expiry = home.schedule(this::lapsed, 1, TimeUnit.SECONDS);
            }
        }));
    }
}
