package dev.signals.core.mailbox;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The mailbox keys of one node, in a Caffeine cache whose {@link MailboxExpiry} enforces the
 * sliding TTL and the absolute lifetime (docs/mailbox.md). Every request runs inside the cache's
 * {@code compute} for its key, so check-then-store and pops are atomic per key and keys never
 * contend with each other. Memory is accounted by a {@link MailboxBudget} (a key's bytes count against
 * the client address that created it), not by Caffeine's {@code maximumWeight}:
 * docs/mailbox.md step 5 refuses a write that does not fit, whereas a weight bound would evict other live keys.
 * Expiry (or replacement of an expired entry) releases a key's bytes and all four queues at once.
 */
public final class LocalMailboxStore implements MailboxStore {
    private final MailboxLimits limits;
    private final Ticker ticker;
    private final Cache<String, Mailbox> cache;
    private final ConcurrentMap<String, Mailbox> map;
    private final MailboxBudget budget;
    private final AtomicLong keys = new AtomicLong();

    /** @param ticker the time source of TTLs and lifetimes; tests pass a manual one */
    public LocalMailboxStore(MailboxLimits limits, Ticker ticker) {
        this.limits = limits;
        this.budget = new MailboxBudget(limits);
        this.ticker = fromZero(ticker);
        this.cache = Caffeine.newBuilder()
                .ticker(this.ticker)
                .expireAfter(new MailboxExpiry())
                // Without a scheduler, an idle node would keep expired keys (and their bytes) until
                // the next write; the scheduler evicts them about when they expire.
                .scheduler(Scheduler.systemScheduler())
                // Runs inside the atomic removal, so the counters never see a key twice.
                .evictionListener((String key, Mailbox box, RemovalCause cause) -> {
                    if (box != null) {
                        forget(box);
                    }
                })
                .build();
        this.map = cache.asMap();
    }

    /**
     * {@code ticker} shifted to start at 0: Caffeine's timer wheel starts at time 0 and does not
     * evict while a ticker (such as a negative {@link System#nanoTime()}) reads below that.
     */
    private static Ticker fromZero(Ticker ticker) {
        long origin = ticker.read();
        return () -> ticker.read() - origin;
    }

    @Override
    public Mono<MailboxReply> apply(MailboxRequest request, String client) {
        return Mono.fromSupplier(() -> once(request, client)).flatMap(reply -> full(reply)
                // The clean-up may wait for Caffeine's eviction lock, so it runs off the event loop.
                ? Mono.fromSupplier(() -> cleanUpAndRetry(request, client)).subscribeOn(Schedulers.boundedElastic())
                : Mono.just(reply));
    }

    /** Applies {@code request} on the calling thread (tests and tools; servers use {@link #apply}). */
    public MailboxReply applyNow(MailboxRequest request, String client) {
        MailboxReply reply = once(request, client);
        return full(reply) ? cleanUpAndRetry(request, client) : reply;
    }

    private static boolean full(MailboxReply reply) {
        return reply.msg().equals(MailboxErrors.STORAGE_FULL);
    }

    /**
     * Expired keys may still hold bytes until the scheduler's next pass; a full store evicts them
     * now and tries once more. Safe because a refused write changed nothing.
     */
    private MailboxReply cleanUpAndRetry(MailboxRequest request, String client) {
        cache.cleanUp();
        return once(request, client);
    }

    private MailboxReply once(MailboxRequest request, String client) {
        if (request instanceof MailboxRequest.Pop) {
            return pop((MailboxRequest.Pop) request);
        }
        if (request instanceof MailboxRequest.Push) {
            return push((MailboxRequest.Push) request);
        }
        return storeOffer((MailboxRequest.StoreOffer) request, client);
    }

    private MailboxReply storeOffer(MailboxRequest.StoreOffer req, String client) {
        MailboxReply[] reply = new MailboxReply[1];
        long ttl = TimeUnit.SECONDS.toNanos(req.ttlSeconds());
        long cost = MailboxWeigher.itemBytes(req.sdp());
        map.compute(req.key(), (key, box) -> {
            if (box != null) {
                reply[0] = reOffer(box, req.sdp(), ttl, cost);
                return box;
            }
            long keyCost = MailboxWeigher.keyBytes(key);
            if (!budget.reserve(client, 0, keyCost + cost)) {
                reply[0] = MailboxReply.refused(MailboxErrors.STORAGE_FULL);
                return null;
            }
            Mailbox fresh = new Mailbox(ticker.read(), ttl, limits.maxLifetime().toNanos(), keyCost, client);
            fresh.push(MailboxQueue.OFFER_SDP, req.sdp(), cost);
            keys.incrementAndGet();
            reply[0] = MailboxReply.OK;
            return fresh;
        });
        return reply[0];
    }

    /** {@code POST /offer/sdp/} on an existing key (docs/mailbox.md step 3): the TTL is set before the once rule. */
    private MailboxReply reOffer(Mailbox box, String sdp, long ttl, long cost) {
        if (box.everAccepted(MailboxQueue.OFFER_SDP)) {
            box.setTtl(ttl);
            box.touch(ticker.read());
            return MailboxReply.refused(MailboxErrors.SDP_EXISTS);
        }
        if (!budget.reserve(box.owner(), box.bytes(), cost)) {
            return MailboxReply.refused(MailboxErrors.STORAGE_FULL);
        }
        box.setTtl(ttl);
        box.touch(ticker.read());
        box.push(MailboxQueue.OFFER_SDP, sdp, cost);
        return MailboxReply.OK;
    }

    private MailboxReply push(MailboxRequest.Push req) {
        MailboxQueue queue = req.queue();
        return onExistingKey(req.key(), queue.writer(), box -> {
            if (req.blank()) {
                return MailboxReply.refused(MailboxErrors.BODY_EMPTY);
            }
            if (queue.isSdp() && box.everAccepted(queue)) {
                box.touch(ticker.read());
                return MailboxReply.refused(MailboxErrors.SDP_EXISTS);
            }
            long cost = MailboxWeigher.itemBytes(req.value());
            boolean tooMany = limits.maxCandidates() > 0 && box.size(queue) >= limits.maxCandidates();
            if (tooMany || !budget.reserve(box.owner(), box.bytes(), cost)) {
                return MailboxReply.refused(MailboxErrors.STORAGE_FULL);
            }
            box.push(queue, req.value(), cost);
            box.touch(ticker.read());
            return MailboxReply.OK;
        });
    }

    private MailboxReply pop(MailboxRequest.Pop req) {
        MailboxQueue queue = req.queue();
        return onExistingKey(req.key(), queue.reader(), box -> {
            // docs/mailbox.md step 4: every poll on an existing key restarts its TTL, even an empty one.
            box.touch(ticker.read());
            if (!box.everAccepted(queue)) {
                return MailboxReply.refused(MailboxErrors.QUEUE_MISSING);
            }
            long held = box.bytes();
            String item = box.pop(queue);
            if (item == null) {
                return MailboxReply.refused(queue.emptyMessage());
            }
            // What the pop took off the mailbox goes back to the budget: the item is weighed once.
            budget.release(box.owner(), held - box.bytes());
            return MailboxReply.ok(item);
        });
    }

    /**
     * Runs {@code action} on the key's mailbox inside the key's {@code compute}; a key that does
     * not exist (or has expired) answers {@code caller}'s missing-key message and is not created.
     */
    private MailboxReply onExistingKey(String key, MailboxQueue.Side caller, Function<Mailbox, MailboxReply> action) {
        MailboxReply[] reply = new MailboxReply[1];
        map.compute(key, (k, box) -> {
            if (box == null) {
                reply[0] = MailboxReply.refused(MailboxErrors.missingKey(caller));
                return null;
            }
            reply[0] = action.apply(box);
            return box;
        });
        return reply[0];
    }

    private void forget(Mailbox box) {
        budget.release(box.owner(), box.bytes());
        keys.decrementAndGet();
    }

    @Override
    public long keyCount() {
        return keys.get();
    }

    @Override
    public long bytes() {
        return budget.total();
    }

    /** Evicts every expired key now instead of at the scheduler's next pass. */
    public void cleanUp() {
        cache.cleanUp();
    }

    @Override
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
        budget.clear();
        keys.set(0);
    }
}
