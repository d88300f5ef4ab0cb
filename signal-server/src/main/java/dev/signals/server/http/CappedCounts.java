package dev.signals.server.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Open things per key (a client address), each key refused past {@code max} ({@code 0}: never
 * refused); a key leaves the map with its last release, so idle addresses cost nothing.
 */
final class CappedCounts<K> {
    private final int max;
    private final ConcurrentHashMap<K, Integer> counts = new ConcurrentHashMap<>();

    CappedCounts(int max) {
        this.max = max;
    }

    /** Counts one more for {@code key}, or answers false and counts nothing when it is at the cap. */
    boolean tryTake(K key) {
        boolean[] taken = new boolean[1];
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (max > 0 && now >= max) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void release(K key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }
}
