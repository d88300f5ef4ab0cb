package dev.signals.server;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.LocalBackplane;
import dev.signals.core.ids.KsuidGenerator;
import dev.signals.core.ids.XidGenerator;
import dev.signals.core.json.StrictJson;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.WsEndpoint;
import java.time.Clock;

/**
 * The shared services a dialect is built from; one per node, made by {@link SignalServer}.
 * {@code backplane} joins this node to the others (a {@link LocalBackplane} when standalone);
 * {@code stores} is {@code null} when standalone.
 */
public record DialectContext(SignalConfig config, Metrics metrics, WsEndpoint webSockets, StrictJson json,
                             XidGenerator xids, KsuidGenerator ksuids, Clock clock,
                             Authenticator auth, Backplane backplane, ClusterStores stores) {

    /** Whether this node shares state with others (then {@link #stores()} is set). */
    public boolean clustered() {
        return stores != null;
    }
}
