package dev.signals.server;

import dev.signals.server.http.RouteTable;
import java.util.Map;

/**
 * One signaling dialect: it adds its routes to the shared table, reports its state, and releases
 * what it holds when the node stops. {@link SignalServer} creates, owns and closes every dialect.
 */
public interface Dialect extends AutoCloseable {
    /** {@code mailbox}, {@code domain}, {@code room} or {@code call}: used in tags, logs and {@code --disable}. */
    String name();

    void register(RouteTable routes);

    /** Counts for {@code /debug/state} (e.g. {@code rooms}); never ids. */
    default Map<String, Number> state() {
        return Map.of();
    }

    @Override
    default void close() {
    }
}
