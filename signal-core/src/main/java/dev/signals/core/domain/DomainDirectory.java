package dev.signals.core.domain;

import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Which node and connection holds each domain across every node (docs/domain.md, docs/cluster.md), seen from
 * one node; the per-node sockets stay in a {@link DomainRegistry}. Registration is last one wins
 * across nodes: a claim that displaces a holder on another node has that node told, in the
 * directory's one order, to close it ({@link DomainBusMessage.Close}). Removal is compare-and-remove.
 */
public interface DomainDirectory {

    /** Where {@link #route} sent a frame. */
    enum Routed {
        /** Handed to the node holding the domain. */
        SENT,
        /** Nobody holds the domain, or its node is gone. */
        ABSENT,
        /** The directory names this node: it has no other node to send to. */
        HERE
    }

    /** Makes connection {@code connId} of this node the holder of {@code domain}. */
    Mono<Void> claim(String domain, String connId);

    /**
     * A resumable session's socket restored on this node (docs/cluster.md "Resumable sessions"):
     * claims {@code domain} for {@code connId} only while that connection, on whichever node, still
     * holds it. False when another socket took the domain meanwhile.
     */
    Mono<Boolean> reclaim(String domain, String connId);

    /**
     * The window of holder {@code connId}'s session lapsed with nobody serving it: removes
     * {@code domain} if that connection, on whichever node, still holds it.
     */
    Mono<Void> releaseOrphan(String domain, String connId);

    /** Removes {@code domain} only while connection {@code connId} of this node still holds it. */
    Mono<Void> release(String domain, String connId);

    /**
     * Hands {@code payload} (a {@link DomainBusCodec} message carrying {@code frame}) to the node
     * holding {@code domain}; a holder's resumable session keeps {@code frame} in Redis until its
     * node has it, and answers SENT while it is held (docs/cluster.md "Resumable sessions").
     */
    default Mono<Routed> route(String domain, String payload, String frame) {
        return route(domain, payload, frame, null, 0);
    }

    /**
     * {@link #route(String, String, String)}, recording in the same step, whatever it answers, that
     * the resumable session {@code sender} (null: none) processed its client frame {@code cseq},
     * the frame this route is the effect of (docs/cluster.md "Resumable sessions").
     */
    Mono<Routed> route(String domain, String payload, String frame, String sender, long cseq);

    /**
     * Re-registers this node's domains after the link was away: {@code live} (domain → connection
     * id) are claimed again unless another live node took them meanwhile, and this node's other
     * entries are removed. Answers the domains another node holds now (their sockets here lost).
     */
    Mono<List<String>> sync(Map<String, String> live);
}
