package dev.signals.core.backplane;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The backplane of a standalone node: a message to this node is handed to the dialect's listener
 * on the sending thread; there is no other node to reach, and the link is never down.
 */
public final class LocalBackplane implements Backplane {
    private final String nodeId;
    private final Map<String, BackplaneListener> listeners = new ConcurrentHashMap<>();

    public LocalBackplane(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean clustered() {
        return false;
    }

    @Override
    public boolean up() {
        return true;
    }

    @Override
    public void register(String dialect, BackplaneListener listener) {
        listeners.put(dialect, listener);
    }

    @Override
    public Mono<Void> send(String node, String dialect, String entity, String payload) {
        return Mono.defer(() -> {
            BackplaneListener listener = listeners.get(dialect);
            if (!nodeId.equals(node) || listener == null) {
                return Mono.error(new BackplaneException("no node " + node + " serving " + dialect));
            }
            return listener.onEvent(new BackplaneEvent.Message(payload));
        });
    }

    @Override
    public void close() {
        listeners.clear();
    }
}
