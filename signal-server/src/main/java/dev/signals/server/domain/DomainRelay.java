package dev.signals.server.domain;

import dev.signals.core.domain.DomainRegistry;
import dev.signals.server.metrics.Metrics;

/**
 * Delivers a frame to the socket holding a domain, for {@code POST /offer} and for socket
 * messages alike. Never blocks: the frame is queued on the target's bounded outbound queue.
 */
final class DomainRelay {
    private final DomainRegistry<DomainSocket> registry;
    private final Metrics metrics;

    DomainRelay(DomainRegistry<DomainSocket> registry, Metrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    /**
     * Queues {@code frame} for the holder of {@code domain}; false when no open socket holds it.
     * A holder found closing is looked up once more, so an offer racing a reconnect reaches the
     * new socket rather than the one being replaced.
     */
    boolean deliver(String domain, String type, String frame, long arrivedNanos) {
        DomainSocket target = registry.find(domain);
        if (target == null) {
            return false;
        }
        if (!target.deliver(type, frame)) {
            DomainSocket successor = registry.find(domain);
            if (successor == null || successor == target || !successor.deliver(type, frame)) {
                return false;
            }
        }
        metrics.relay(DomainDialect.NAME, System.nanoTime() - arrivedNanos);
        return true;
    }
}
