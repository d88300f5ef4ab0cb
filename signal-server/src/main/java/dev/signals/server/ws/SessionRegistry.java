package dev.signals.server.ws;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket sessions of one node, so the drain can reach every one of them. */
public final class SessionRegistry {
    private final Set<WsSession> sessions = ConcurrentHashMap.newKeySet();

    void add(WsSession session) {
        sessions.add(session);
    }

    boolean remove(WsSession session) {
        return sessions.remove(session);
    }

    public int size() {
        return sessions.size();
    }

    public List<WsSession> snapshot() {
        return new ArrayList<>(sessions);
    }
}
