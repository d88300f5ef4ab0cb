package dev.signals.core.mailbox;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of one node's mailbox keys against its three bounds (docs/mailbox.md#limits): the
 * whole store ({@code --mailbox-max-bytes}), one key ({@code --max-key-bytes}) and the keys one
 * client address created ({@code --mailbox-ip-share}), so one address cannot take the store from
 * everyone else. A reservation that does not fit takes nothing. Lock-free; the Redis store keeps
 * the same rule in {@code mailbox-lib.lua}.
 */
final class MailboxBudget {
    private final MailboxLimits limits;
    private final AtomicLong total = new AtomicLong();
    /** Bytes per owning address; an address leaves the map when it holds nothing. */
    private final ConcurrentHashMap<String, Long> perOwner = new ConcurrentHashMap<>();

    MailboxBudget(MailboxLimits limits) {
        this.limits = limits;
    }

    /**
     * Takes {@code cost} more bytes for a key that holds {@code keyBytes} now and was created by
     * {@code owner}; false, taking nothing, when any bound would be exceeded.
     */
    boolean reserve(String owner, long keyBytes, long cost) {
        if (limits.maxKeyBytes() > 0 && keyBytes + cost > limits.maxKeyBytes()) {
            return false;
        }
        if (!takeOwnerShare(owner, cost)) {
            return false;
        }
        if (!takeTotal(cost)) {
            release(owner, cost, false);
            return false;
        }
        return true;
    }

    /** Gives back {@code cost} bytes that a key created by {@code owner} held. */
    void release(String owner, long cost) {
        release(owner, cost, true);
    }

    long total() {
        return total.get();
    }

    void clear() {
        total.set(0);
        perOwner.clear();
    }

    private boolean takeOwnerShare(String owner, long cost) {
        boolean[] taken = new boolean[1];
        perOwner.compute(owner, (address, held) -> {
            long now = held == null ? 0 : held;
            if (limits.ipShareBytes() > 0 && now + cost > limits.ipShareBytes()) {
                return held;
            }
            taken[0] = true;
            return now + cost;
        });
        return taken[0];
    }

    private boolean takeTotal(long cost) {
        long max = limits.maxBytes();
        while (true) {
            long current = total.get();
            if (max > 0 && current + cost > max) {
                return false;
            }
            if (total.compareAndSet(current, current + cost)) {
                return true;
            }
        }
    }

    private void release(String owner, long cost, boolean fromTotal) {
        if (fromTotal) {
            total.addAndGet(-cost);
        }
        perOwner.computeIfPresent(owner, (address, held) -> held - cost <= 0 ? null : held - cost);
    }
}
