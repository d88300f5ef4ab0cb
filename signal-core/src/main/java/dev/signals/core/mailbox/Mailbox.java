package dev.signals.core.mailbox;

import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.Map;

/**
 * One key's state in {@link LocalMailboxStore}: its queues, its deadline and its cost. Not
 * thread-safe: it is only touched inside the cache's per-key {@code compute}, which serialises
 * every access to one key and publishes each change to the next.
 */
final class Mailbox {
    /** Queues that ever accepted an item; absent ones answer "队列获取失败，因为不存在" (docs/mailbox.md step 4). */
    private final Map<MailboxQueue, ArrayDeque<String>> queues = new EnumMap<>(MailboxQueue.class);
    /** Ticker time after which the key is gone however often it is used, or {@code Long.MAX_VALUE}. */
    private final long lifetimeEnd;
    private final boolean lifetimeCapped;
    /** The client address that created the key; its bytes count against that address's share. */
    private final String owner;
    private long ttlNanos;
    private long deadline;
    private long bytes;

    /**
     * @param maxLifetimeNanos the absolute lifetime, 0 for none
     * @param keyBytes         the empty mailbox's cost, already reserved by the caller
     * @param owner            the client address that created it
     */
    Mailbox(long now, long ttlNanos, long maxLifetimeNanos, long keyBytes, String owner) {
        this.lifetimeCapped = maxLifetimeNanos > 0;
        this.lifetimeEnd = lifetimeCapped ? now + maxLifetimeNanos : Long.MAX_VALUE;
        this.ttlNanos = ttlNanos;
        this.bytes = keyBytes;
        this.owner = owner;
        touch(now);
    }

    void setTtl(long nanos) {
        ttlNanos = nanos;
    }

    /** Restarts the sliding TTL, never past the absolute lifetime (docs/mailbox.md TTL). */
    void touch(long now) {
        long sliding = now + ttlNanos;
        deadline = lifetimeCapped && lifetimeEnd - sliding < 0 ? lifetimeEnd : sliding;
    }

    /** Ticker time at which this key expires. */
    long deadline() {
        return deadline;
    }

    String owner() {
        return owner;
    }

    long bytes() {
        return bytes;
    }

    boolean everAccepted(MailboxQueue queue) {
        return queues.containsKey(queue);
    }

    int size(MailboxQueue queue) {
        ArrayDeque<String> q = queues.get(queue);
        return q == null ? 0 : q.size();
    }

    /** Appends {@code item}, whose cost {@code itemBytes} the caller has reserved. */
    void push(MailboxQueue queue, String item, long itemBytes) {
        queues.computeIfAbsent(queue, q -> new ArrayDeque<>()).addLast(item);
        bytes += itemBytes;
    }

    /** Removes and returns the oldest item, or {@code null}; {@link #bytes} drops by its cost, which the caller releases. */
    String pop(MailboxQueue queue) {
        ArrayDeque<String> q = queues.get(queue);
        String item = q == null ? null : q.pollFirst();
        if (item != null) {
            bytes -= MailboxWeigher.itemBytes(item);
        }
        return item;
    }
}
