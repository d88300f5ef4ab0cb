package dev.signals.server.call;

import dev.signals.core.call.CallRegistry;
import java.util.List;

/**
 * Presence events for a resumable session's socket restored on this node (docs/cluster.md
 * "Resumable sessions"): as {@code events}, without its WELCOME, which the client had long ago.
 */
final class Quiet implements CallRegistry.PresenceEvents<CallSocket> {
    private final CallRegistry.PresenceEvents<CallSocket> events;

    Quiet(CallRegistry.PresenceEvents<CallSocket> events) {
        this.events = events;
    }

    @Override
    public void welcomed(String call, CallSocket socket) {
    }

    @Override
    public void arrived(String call, String session, boolean returning, List<CallSocket> audience) {
        events.arrived(call, session, returning, audience);
    }

    @Override
    public void left(String call, String session, List<CallSocket> audience) {
        events.left(call, session, audience);
    }

    @Override
    public void replaced(CallSocket previous) {
        events.replaced(previous);
    }
}
