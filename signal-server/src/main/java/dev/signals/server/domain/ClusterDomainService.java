package dev.signals.server.domain;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.domain.DomainBusCodec;
import dev.signals.core.domain.DomainBusMessage;
import dev.signals.core.domain.DomainDirectory;
import dev.signals.server.ClusterListener;
import dev.signals.server.metrics.Metrics;
import dev.signals.server.ws.CseqClaim;
import dev.signals.server.ws.SharedSessions;
import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Domains across nodes (docs/domain.md, docs/cluster.md). This node's sockets are the {@link LocalDomainService}'s;
 * the {@link DomainDirectory} names the node holding each domain, so a registration displaces a
 * holder on any node (that node closes it with 4000), and a frame for a domain held elsewhere is
 * sent to that node. A frame for a domain held here never leaves the node, so it keeps working
 * while the backplane is down; one for a domain not held here then gets {@code backend unavailable}.
 * Registrations made or dropped while the backplane was down are settled when it returns.
 */
final class ClusterDomainService extends ClusterListener<DomainBusMessage> implements DomainService {
    private final LocalDomainService local;
    private final DomainDirectory directory;
    private final Metrics metrics;
    private final DomainBusCodec bus = new DomainBusCodec();

    ClusterDomainService(LocalDomainService local, DomainDirectory directory, Backplane backplane, Metrics metrics) {
        super(backplane, DomainDialect.NAME, ClusterDomainService.class);
        this.local = local;
        this.directory = directory;
        this.metrics = metrics;
    }

    /*
     * Claims and releases are tried even while the backplane reports down: one that fails is
     * settled by the re-sync that precedes the backplane's return, and one that succeeds while the
     * link is being re-registered (after that re-sync took its snapshot) is not lost.
     */
    @Override
    public void register(DomainSocket socket) {
        local.register(socket);
        directory.claim(socket.domain(), socket.connId()).subscribe(null, this::directoryFailed);
    }

    @Override
    public void restore(DomainSocket socket) {
        directory.reclaim(socket.domain(), socket.connId()).subscribe(held -> {
            // On the backplane thread, before any frame routed here after the claim.
            if (held) {
                local.register(socket);
            } else {
                socket.replaced();
            }
        }, error -> {
            // As a registration whose claim failed: held here, settled by the re-sync.
            local.register(socket);
            directoryFailed(error);
        });
    }

    /**
     * The window of a holder's session nobody serves lapsed (docs/cluster.md "Resumable sessions"):
     * the ordinary release, if {@code connId} still holds the domain its remembered {@code state} names.
     */
    Mono<Void> releaseOrphan(String connId, String state) {
        String domain = DomainSocket.domainOf(state);
        return domain.isEmpty() ? Mono.empty() : directory.releaseOrphan(domain, connId);
    }

    @Override
    public void unregister(DomainSocket socket) {
        local.unregister(socket);
        directory.release(socket.domain(), socket.connId()).subscribe(null, this::directoryFailed);
    }

    @Override
    public Mono<Delivery> deliver(String domain, String type, String frame, CseqClaim cseq, long arrivedNanos) {
        return Mono.defer(() -> {
            if (local.deliverHere(domain, type, frame, cseq)) {
                local.relayed(arrivedNanos);
                return Mono.just(Delivery.DELIVERED);
            }
            if (!backplane.up()) {
                return Mono.just(Delivery.BACKEND_UNAVAILABLE); // docs/domain.md: target not here, backplane down
            }
            // The route script records the sender's cseq whatever it answers (docs/cluster.md
            // "Resumable sessions"); taken here, on the sender's event loop.
            SharedSessions.Cseq sender = cseq.take();
            return directory.route(domain, bus.deliver(domain, type, frame), frame,
                            sender == null ? null : sender.address(), sender == null ? 0 : sender.cseq())
                    .map(routed -> {
                        if (routed == DomainDirectory.Routed.HERE
                                && local.deliverHere(domain, type, frame, CseqClaim.NONE)) {
                            // A socket restored here re-claimed the domain ahead of this route; the
                            // claim's answer, which registers it here, came first on the same link
                            // (restore below; docs/cluster.md "Call and domain sessions").
                            local.relayed(arrivedNanos);
                            return Delivery.DELIVERED;
                        }
                        if (routed != DomainDirectory.Routed.SENT) {
                            return Delivery.NOT_CONNECTED;
                        }
                        local.relayed(arrivedNanos); // handed to the holder's node
                        return Delivery.DELIVERED;
                    })
                    .onErrorResume(e -> {
                        warnings.warn("route", "domain route failed: {}", e.toString());
                        return Mono.just(Delivery.BACKEND_UNAVAILABLE);
                    });
        });
    }

    @Override
    protected DomainBusMessage decode(String payload) {
        return bus.decode(payload);
    }

    /** Another node's frame or close order, on the backplane thread in directory order. */
    @Override
    protected void apply(DomainBusMessage message) {
        if (message instanceof DomainBusMessage.Deliver) {
            DomainBusMessage.Deliver deliver = (DomainBusMessage.Deliver) message;
            if (!local.deliverHere(deliver.domain(), deliver.type(), deliver.frame(), CseqClaim.NONE)) {
                metrics.error(DomainDialect.NAME, "unknown_target"); // it closed while the frame travelled
            }
        } else {
            DomainBusMessage.Close close = (DomainBusMessage.Close) message;
            DomainSocket holder = local.holder(close.domain());
            if (holder != null && holder.connId().equals(close.connId())) {
                // Out of this node's registry at once: a resumable session's socket that moved to
                // another node is let go without its onClose (docs/cluster.md "Resumable sessions").
                local.unregister(holder);
                holder.replaced(); // a newer socket on another node took the domain (docs/domain.md last one wins)
            }
        }
    }

    /** Re-registers this node's domains; a socket whose domain another node took meanwhile is closed. */
    @Override
    protected Mono<Void> sync() {
        Map<String, DomainSocket> holders = local.holders();
        Map<String, String> live = new LinkedHashMap<>();
        holders.forEach((domain, socket) -> live.put(domain, socket.connId()));
        return directory.sync(live).doOnNext(lost -> {
            for (String domain : lost) {
                DomainSocket socket = holders.get(domain);
                if (socket != null && local.holder(domain) == socket) {
                    socket.replaced();
                }
            }
        }).then();
    }

    /** Down: the backplane's return re-syncs. Up: the command may or may not have run, so re-sync now. */
    private void directoryFailed(Throwable error) {
        if (!backplane.up()) {
            return;
        }
        warnings.warn("directory", "domain registration failed: {}; re-syncing", error.toString());
        resyncSoon();
    }

    @Override
    public int size() {
        return local.size();
    }
}
