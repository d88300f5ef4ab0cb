package dev.signals.server.redis;

import dev.signals.core.mailbox.MailboxErrors;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxQueue;
import dev.signals.core.mailbox.MailboxReply;
import dev.signals.core.mailbox.MailboxRequest;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.core.mailbox.MailboxWeigher;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Mailbox keys shared through Redis (docs/mailbox.md, docs/cluster.md): any node serves any key. Each request
 * is one script that applies docs/mailbox.md's checks in order, so refusals change nothing and two nodes
 * popping one item never both get it; TTLs and lifetimes run on Redis's clock, so every node
 * agrees when a key expires. {@code --mailbox-max-bytes} bounds the bytes of all keys together,
 * counted in Redis (keys and formats: {@code mailbox-lib.lua}), and so are the bounds per key and
 * per client address that {@code MailboxBudget} keeps on one node. Pure storage: no node owns a key,
 * so there is nothing to reap when a node dies.
 */
final class RedisMailboxStore implements MailboxStore, NodeState {
    static final LuaScript APPLY = LuaScript.load("mailbox", "mailbox.lua", "mailbox-lib.lua");
    static final LuaScript STATS = LuaScript.load("mailbox-stats", "mailbox-stats.lua", "mailbox-lib.lua");
    /** Longest sliding TTL a key can have (docs/mailbox.md clamps {@code key_ttl} to 30 s). */
    private static final Duration MAX_KEY_TTL = Duration.ofSeconds(30);

    private static final Map<String, String> REFUSALS = Map.of(
            "sdp_exists", MailboxErrors.SDP_EXISTS,
            "body_empty", MailboxErrors.BODY_EMPTY,
            "queue_missing", MailboxErrors.QUEUE_MISSING,
            "full", MailboxErrors.STORAGE_FULL);

    private final RedisLink link;
    /** {@code --redis-prefix}, with the mailbox slot's tag on a Cluster (KeySlots). */
    private final String prefix;
    private final MailboxLimits limits;
    /** The bookkeeping keys, KEYS[1..5] of every mailbox script ({@code mailbox-lib.lua}). */
    private final String[] books;
    /** The shared store's totals as of this node's last answer from Redis (for the gauges). */
    private volatile long bytes;
    private volatile long keys;

    RedisMailboxStore(RedisBackplane backplane, MailboxLimits limits) {
        this.link = backplane.link();
        this.prefix = backplane.slots().mailbox(backplane.prefix());
        this.limits = limits;
        this.books = new String[5];
        String[] names = {"mailbox-deadlines", "mailbox-costs", "mailbox-bytes", "mailbox-owners", "mailbox-owned"};
        for (int i = 0; i < names.length; i++) {
            books[i] = prefix + names[i];
        }
    }

    /** The bookkeeping keys, then {@code key}'s own keys: its hash and its four queues. */
    private String[] keys(String key) {
        MailboxQueue[] queues = MailboxQueue.values();
        String[] keys = Arrays.copyOf(books, books.length + 1 + queues.length);
        keys[books.length] = prefix + "mailbox:" + key;
        for (int i = 0; i < queues.length; i++) {
            keys[books.length + 1 + i] = prefix + "mailbox-queue:" + queues[i].name().toLowerCase(Locale.ROOT) + ":" + key;
        }
        return keys;
    }

    @Override
    public Mono<MailboxReply> apply(MailboxRequest request, String client) {
        String op;
        MailboxQueue queue;
        String value = "";
        long ttlMillis = 0;
        boolean blank = false;
        if (request instanceof MailboxRequest.StoreOffer) {
            MailboxRequest.StoreOffer offer = (MailboxRequest.StoreOffer) request;
            op = "offer";
            queue = MailboxQueue.OFFER_SDP;
            value = offer.sdp();
            ttlMillis = offer.ttlSeconds() * 1000L;
        } else if (request instanceof MailboxRequest.Push) {
            MailboxRequest.Push push = (MailboxRequest.Push) request;
            op = "push";
            queue = push.queue();
            value = push.value();
            blank = push.blank();
        } else {
            op = "pop";
            queue = ((MailboxRequest.Pop) request).queue();
        }
        MailboxQueue.Side caller = request instanceof MailboxRequest.Pop ? queue.reader() : queue.writer();
        return link.evalKeys(APPLY, keys(request.key()), prefix, op, request.key(), queue.name().toLowerCase(Locale.ROOT), value,
                        Long.toString(ttlMillis), blank ? "1" : "0", Long.toString(limits.maxLifetime().toMillis()),
                        Long.toString(limits.maxBytes()), Integer.toString(limits.maxCandidates()),
                        Long.toString(MailboxWeigher.KEY_OVERHEAD_BYTES), Long.toString(MailboxWeigher.ITEM_OVERHEAD_BYTES),
                        Long.toString(MAX_KEY_TTL.multipliedBy(2).toMillis()), queue.isSdp() ? "1" : "0",
                        client, Long.toString(limits.maxKeyBytes()), Long.toString(limits.ipShareBytes()))
                .map(reply -> reply(reply, queue, caller));
    }

    private MailboxReply reply(List<Object> reply, MailboxQueue queue, MailboxQueue.Side caller) {
        if (reply.size() < 3) {
            throw new IllegalStateException("unexpected mailbox script answer " + reply);
        }
        bytes = ((Number) reply.get(1)).longValue();
        keys = ((Number) reply.get(2)).longValue();
        String outcome = String.valueOf(reply.get(0));
        switch (outcome) {
            case "ok":
                return reply.size() > 3 ? MailboxReply.ok(String.valueOf(reply.get(3))) : MailboxReply.OK;
            case "missing":
                return MailboxReply.refused(MailboxErrors.missingKey(caller));
            case "empty":
                return MailboxReply.refused(queue.emptyMessage());
            default:
                String msg = REFUSALS.get(outcome);
                if (msg == null) {
                    throw new IllegalStateException("unexpected mailbox script answer " + outcome);
                }
                return MailboxReply.refused(msg);
        }
    }

    @Override
    public long keyCount() {
        return keys;
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(APPLY, STATS);
    }

    /** Releases expired keys' bytes even when no request comes, and updates the gauges. */
    @Override
    public Mono<Void> refresh() {
        return link.evalKeys(STATS, books, prefix).doOnNext(reply -> {
            if (reply.size() >= 2) {
                bytes = ((Number) reply.get(0)).longValue();
                keys = ((Number) reply.get(1)).longValue();
            }
        }).then();
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return Mono.empty();
    }
}
