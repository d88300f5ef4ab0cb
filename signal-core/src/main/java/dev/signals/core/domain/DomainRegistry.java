package dev.signals.core.domain;

/**
 * Which peer holds each domain name (docs/domain.md). Registration is last-one-wins and hands back
 * the peer it displaced, so the caller can close it; removal is compare-and-remove, so a replaced
 * peer's late cleanup never deletes its successor's entry. Thread-safe and never blocking. This
 * node's sockets only: across nodes, names are held in a {@link DomainDirectory}.
 *
 * @param <P> the peer handle; compared by identity
 */
public interface DomainRegistry<P> {

    /** Makes {@code peer} the holder of {@code domain}; returns the peer it replaced, or {@code null}. */
    P register(String domain, P peer);

    /** Removes {@code domain} only while {@code peer} still holds it; returns whether it did. */
    boolean unregister(String domain, P peer);

    /** The current holder of {@code domain}, or {@code null}. */
    P find(String domain);

    /** Registered domains (a snapshot). */
    int size();

    /** Every domain and its holder, as of now. */
    java.util.Map<String, P> snapshot();
}
