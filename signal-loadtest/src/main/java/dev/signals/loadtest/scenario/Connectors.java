package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.WsConnector;

/** Builds the run's {@link WsConnector} from its settings. */
final class Connectors {
    /** Largest inbound message the harness accepts: SDP-sized messages with plenty of room. */
    static final int MAX_INBOUND_BYTES = 1 << 20;

    private Connectors() {
    }

    static WsConnector open(RunSettings s) {
        return new WsConnector(s.allTargets(), s.sources(), s.threads(), Math.max(MAX_INBOUND_BYTES, s.messageSize() * 2 + 1024),
                s.connectTimeout(), Math.max(64, s.connections()));
    }
}
