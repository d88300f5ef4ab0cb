package dev.signals.server.domain;

import dev.signals.server.ws.CseqClaim;
import reactor.core.publisher.Mono;

/**
 * Who holds which domain and how a frame reaches it (docs/domain.md): on this node alone
 * ({@link LocalDomainService}) or across nodes over the backplane ({@link ClusterDomainService}).
 * Never blocks; frames are queued on the target's bounded outbound queue.
 */
interface DomainService {

    /** How a frame for a domain went. */
    enum Delivery { DELIVERED, NOT_CONNECTED, BACKEND_UNAVAILABLE }

    /** Makes {@code socket} the holder of its domain; the socket it displaces is closed with 4000. */
    void register(DomainSocket socket);

    /**
     * A resumable session's {@code socket} restored on this node (docs/cluster.md "Resumable
     * sessions"): it holds its domain again unless another socket took it while the session was
     * held, in which case it is closed with 4000 as if displaced then.
     */
    void restore(DomainSocket socket);

    /** {@code socket} closed: its domain is removed if it still holds it (compare-and-remove). */
    void unregister(DomainSocket socket);

    /**
     * Hands {@code frame} (of wire type {@code type}) to the socket holding {@code domain}. The
     * Redis write that carries it, if any, takes the sending socket's {@code cseq}
     * (docs/cluster.md "Resumable sessions"); {@link CseqClaim#NONE} for a {@code POST /offer}.
     */
    Mono<Delivery> deliver(String domain, String type, String frame, CseqClaim cseq, long arrivedNanos);

    /** Domains held by sockets of this node. */
    int size();
}
