package dev.signals.server.domain;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The offers a domain socket has been handed and not yet answered, counted per offering domain
 * (docs/domain.md#authentication): an answer to a domain whose name the token does not grant is
 * allowed only against one of them. Bounded in domains and in count per domain, so a flood of
 * offers costs constant memory; thread-safe, no I/O under its lock.
 */
final class OutstandingOffers {
    /** Distinct offering domains remembered; the one that offered least recently is forgotten first. */
    static final int MAX_DOMAINS = 64;
    /** Unanswered offers remembered per offering domain; more offers do not buy more answers. */
    static final int MAX_PER_DOMAIN = 16;

    private final Map<String, Integer> pending = new LinkedHashMap<>(16, 0.75f, true);

    /** An offer from {@code offerDomain} is being handed to this socket. */
    synchronized void offered(String offerDomain) {
        pending.merge(offerDomain, 1, (had, one) -> Math.min(had + one, MAX_PER_DOMAIN));
        if (pending.size() > MAX_DOMAINS) {
            Iterator<String> eldest = pending.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
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
        return true;
    }
}
