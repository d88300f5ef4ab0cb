package dev.signals.server.domain;

import dev.signals.core.domain.DomainRegistry;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import java.util.Map;
import reactor.core.publisher.Mono;

/** The domains held by this node's sockets (docs/domain.md), in a {@link DomainRegistry}. */
final class LocalDomainService implements DomainService {
    private final DomainRegistry<DomainSocket> registry;
    private final Metrics metrics;

    LocalDomainService(DomainRegistry<DomainSocket> registry, Metrics metrics) {
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void register(DomainSocket socket) {
        DomainSocket replaced = registry.register(socket.domain(), socket);
        socket.log("domain registered" + (replaced == null ? "" : ", replacing an older socket"));
        if (replaced != null && replaced != socket) {
            replaced.replaced();
        }
    }

    /** Standalone sessions live in this node's memory and are never restored; as a registration. */
    @Override
    public void restore(DomainSocket socket) {
        register(socket);
    }

    @Override
    public void unregister(DomainSocket socket) {
        // Compare-and-remove: a newer socket for this domain keeps its entry (docs/domain.md).
        boolean removed = registry.unregister(socket.domain(), socket);
        socket.log("domain closed" + (removed ? "" : " (entry already replaced)"));
    }

    @Override
    public Mono<Delivery> deliver(String domain, String type, String frame, CseqClaim cseq, long arrivedNanos) {
        return Mono.fromSupplier(() -> {
            if (!deliverHere(domain, type, frame, cseq)) {
                return Delivery.NOT_CONNECTED;
            }
            relayed(arrivedNanos);
            return Delivery.DELIVERED;
        });
    }

    /** Records a relay's time from the frame's arrival on this node (docs/production.md "Monitoring"). */
    void relayed(long arrivedNanos) {
        metrics.relay(DomainDialect.NAME, System.nanoTime() - arrivedNanos);
    }

    /**
     * Queues {@code frame} for this node's holder of {@code domain}; false when no open socket
     * here holds it. A holder found closing is looked up once more, so an offer racing a
     * reconnect reaches the new socket rather than the one being replaced. A holder whose session
     * is in Redis logs it there with the sender's {@code cseq} (docs/cluster.md "Resumable sessions").
     */
    boolean deliverHere(String domain, String type, String frame, CseqClaim cseq) {
        DomainSocket target = registry.find(domain);
        if (target == null) {
            return false;
        }
        if (!target.deliver(type, frame, cseq)) {
            DomainSocket successor = registry.find(domain);
            if (successor == null || successor == target || !successor.deliver(type, frame, cseq)) {
                return false;
            }
        }
        return true;
    }

    /** This node's socket holding {@code domain}, or {@code null}. */
    DomainSocket holder(String domain) {
        return registry.find(domain);
    }

    /** Every domain held here and its socket. */
    Map<String, DomainSocket> holders() {
        return registry.snapshot();
    }

    @Override
    public int size() {
        return registry.size();
    }
}
