package dev.signals.server.domain;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The offers a domain socket has been handed and not yet answered, counted per offering domain
 * (docs/domain.md#authentication): an answer to a domain whose name the token does not grant is
 * allowed only against one of them. Bounded in domains and in count per domain, so a flood of
 * offers costs constant memory; thread-safe. Every change is handed, encoded, to a listener under
 * its lock, so that changes leave in the order they were made: a resumable session keeps them with
 * its state in Redis (docs/cluster.md "Call and domain sessions"), and the listener only queues.
 */
final class OutstandingOffers {
    /** Distinct offering domains remembered; the one that offered least recently is forgotten first. */
    static final int MAX_DOMAINS = 64;
    /** Unanswered offers remembered per offering domain; more offers do not buy more answers. */
    static final int MAX_PER_DOMAIN = 16;

    private final Map<String, Integer> pending = new LinkedHashMap<>(16, 0.75f, true);
    private final Consumer<String> changed;

    /** Starts from {@code encoded} ({@link #encoded}; empty or malformed: none); tells {@code changed} of each change. */
    OutstandingOffers(String encoded, Consumer<String> changed) {
        this.changed = changed;
        decode(encoded);
    }

    /** An offer from {@code offerDomain} is being handed to this socket. */
    synchronized void offered(String offerDomain) {
        pending.merge(offerDomain, 1, (had, one) -> Math.min(had + one, MAX_PER_DOMAIN));
        if (pending.size() > MAX_DOMAINS) {
            Iterator<String> eldest = pending.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
        changed.accept(encoded());
    }

    /** Uses up one unanswered offer from {@code offerDomain}; false when there is none. */
    synchronized boolean answer(String offerDomain) {
        Integer left = pending.get(offerDomain);
        if (left == null) {
            return false;
        }
        if (left == 1) {
            pending.remove(offerDomain);
        } else {
            pending.put(offerDomain, left - 1);
        }
        changed.accept(encoded());
        return true;
    }

    /**
     * {@code <count>:<length>:<domain>} per offering domain, least recently offered first (offer
     * domains are any strings, hence the length); empty when none.
     */
    private String encoded() {
        StringBuilder out = new StringBuilder();
        pending.forEach((domain, count) -> out.append(count).append(':').append(domain.length()).append(':').append(domain));
        return out.toString();
    }

    private void decode(String encoded) {
        int at = 0;
        try {
            while (at < encoded.length() && pending.size() < MAX_DOMAINS) {
                int colon = encoded.indexOf(':', at);
                int count = Integer.parseInt(encoded, at, colon, 10);
                int second = encoded.indexOf(':', colon + 1);
                int length = Integer.parseInt(encoded, colon + 1, second, 10);
                String domain = encoded.substring(second + 1, second + 1 + length);
                pending.put(domain, Math.max(1, Math.min(count, MAX_PER_DOMAIN)));
                at = second + 1 + length;
            }
        } catch (RuntimeException malformed) {
            // Written by this class; anything else restores no offers rather than failing the resume.
            pending.clear();
        }
    }
}
