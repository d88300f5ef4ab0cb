package dev.signals.core.backplane;

import reactor.core.publisher.Mono;

/**
 * What joins the nodes of one system (docs/cluster.md): node-addressed delivery of dialect
 * messages and the status of the link. Dialects never see the mechanism behind it
 * ({@link LocalBackplane} when standalone, a Redis one when clustered); each registers one
 * {@link BackplaneListener}, which receives this node's messages in the order the backplane
 * settled them.
 */
public interface Backplane extends AutoCloseable {

    /** This node's id, as other nodes address it. */
    String nodeId();

    /** False for a standalone node: nothing ever leaves it. */
    boolean clustered();

    /** Whether cross-node operations can succeed now; always true when standalone. */
    boolean up();

    /**
     * Whether the node may report ready ({@code /readyz}): up and, where the backplane has several
     * parts (a Redis Cluster's masters), every part serving (docs/cluster.md "Redis Cluster").
     * Costlier than {@link #up()}: for health checks, not for every message.
     */
    default boolean ready() {
        return up();
    }

    /** {@code standalone}, {@code up} or {@code down}, for {@code /debug/state}. */
    default String status() {
        return !clustered() ? "standalone" : up() ? "up" : "down";
    }

    /** Sets the one listener of {@code dialect}; a second registration replaces the first. */
    void register(String dialect, BackplaneListener listener);

    /**
     * Delivers {@code payload}, a message about {@code entity} (the room, call or domain id it
     * concerns), to {@code dialect}'s listener on {@code nodeId}. Messages sent from one thread to
     * one node about one entity arrive in the order they were sent, and in order with what the
     * backplane announces about that entity (docs/security.md "On a WebSocket", docs/cluster.md
     * "Redis Cluster": on a Cluster they travel through the entity's hash slot). The returned
     * {@link Mono} is lazy: the message leaves when it is subscribed, and it fails with
     * {@link BackplaneException} when the message could not be handed to that node.
     */
    Mono<Void> send(String nodeId, String dialect, String entity, String payload);

    /** Releases the link; a node that stops gracefully also gives up what it held in it. */
    @Override
    void close();
}
