package dev.signals.core.domain;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory {@link DomainRegistry} of one node: a {@link ConcurrentHashMap} whose atomic
 * {@code put} gives last-one-wins and whose {@code remove(key, value)} gives compare-and-remove,
 * with no lock of its own. Peers are compared by identity (the handles do not override equals).
 */
public final class LocalDomainRegistry<P> implements DomainRegistry<P> {
    private final ConcurrentHashMap<String, P> holders = new ConcurrentHashMap<>();

    @Override
    public P register(String domain, P peer) {
        return holders.put(domain, peer);
    }

    @Override
    public boolean unregister(String domain, P peer) {
        return holders.remove(domain, peer);
    }

    @Override
    public P find(String domain) {
        return holders.get(domain);
    }

    @Override
    public int size() {
        return holders.size();
    }

    @Override
    public java.util.Map<String, P> snapshot() {
        return java.util.Map.copyOf(holders);
    }
}
