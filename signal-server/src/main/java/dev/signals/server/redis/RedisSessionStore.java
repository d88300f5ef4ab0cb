package dev.signals.server.redis;

import dev.signals.core.backplane.BackplaneEvent;
import dev.signals.core.backplane.BackplaneException;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.ws.SessionKey;
import dev.signals.server.ws.SharedSessions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resumable sessions in Redis (docs/cluster.md "Resumable sessions"): a hash, a log and an inbox
 * per session, all under the hash tag of its address, so every session script touches one slot;
 * plus two indexes, each touched alone: the sessions a node is home to (to hold them when it
 * dies) and the orphans (sessions of dead nodes, by when their hold ends), which every node
 * sweeps on its lease renewal, running the dialect's leave once per lapsed session.
 */
public final class RedisSessionStore implements SharedSessions, NodeState {
    private static final Logger LOG = LoggerFactory.getLogger(RedisSessionStore.class);
    static final LuaScript OPEN = session("session-open");
    static final LuaScript APPEND = sessionNotingCseq("session-append");
    static final LuaScript ACK = session("session-ack");
    static final LuaScript NOTE = session("session-note");
    static final LuaScript ATTACH = session("session-attach");
    static final LuaScript HOLD = session("session-hold");
    static final LuaScript EXPIRE = session("session-expire");
    static final LuaScript END = session("session-end");
    static final LuaScript ORPHAN = session("session-orphan");
    static final LuaScript RELAY = sessionNotingCseq("session-relay");
    static final LuaScript INDEX = LuaScript.load("session-index", "session-index.lua");
    /** Index entries handled per script run when reaping or sweeping. */
    private static final int BATCH = 100;

    private final RedisBackplane backplane;
    private final RedisLink link;
    private final String prefix;
    private final String nodeId;
    private final String channels;
    private final String window;
    private final String maxFrames;
    private final String maxBytes;
    private final String ttl;
    private final String claim;
    private final Map<String, OrphanLeave> leaves = new ConcurrentHashMap<>();
    private volatile Events events;

    public RedisSessionStore(RedisBackplane backplane, SignalConfig.Resume settings) {
        this.backplane = backplane;
        this.link = backplane.link();
        this.prefix = backplane.prefix();
        this.nodeId = backplane.nodeId();
        this.channels = prefix + "node:";
        this.window = Long.toString(settings.window().toMillis());
        this.maxFrames = Integer.toString(settings.bufferMessages());
        this.maxBytes = Long.toString(settings.bufferBytes());
        // The window on top of the state TTL: a held session outlives its window only as garbage.
        this.ttl = Long.toString(backplane.lease().stateTtl().plus(settings.window()).toMillis());
        this.claim = Long.toString(backplane.lease().renewPeriod().multipliedBy(3).toMillis());
        backplane.addState(this);
        backplane.register("session", event -> {
            if (event instanceof BackplaneEvent.Message message) {
                dispatch(message.payload());
            }
            return Mono.empty();
        });
    }

    private static LuaScript session(String name) {
        return LuaScript.load(name, name + ".lua", "session-lib.lua");
    }

    /** A session script that may also record a sender's cseq (session-cseq-lib.lua). */
    private static LuaScript sessionNotingCseq(String name) {
        return LuaScript.load(name, name + ".lua", "session-lib.lua", "session-cseq-lib.lua");
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public void listen(Events events) {
        this.events = events;
    }

    @Override
    public void onOrphanExpired(String dialect, OrphanLeave leave) {
        leaves.put(dialect, leave);
    }

    @Override
    public Mono<Void> open(String address, String secret, SessionKey key, String conn, String state) {
        // Both sent at once (one connection, in order): a node that dies right after the session is
        // stored has it in its index too, so survivors hold it (docs/cluster.md "Resumable sessions").
        return Mono.when(run(OPEN, address, secret, key.dialect(), key.path(), subject(key.subject()), nodeId, conn, state, ttl),
                index(homeSet(nodeId), "add", address, ttl));
    }

    @Override
    public Mono<Long> append(String address, String frame, Cseq sender) {
        return run(APPEND, address, sender, frame, maxFrames, maxBytes, ttl, channels, address).map(RedisSessionStore::first);
    }

    @Override
    public Mono<Void> sendOrLog(String node, String dialect, String payload, String address, String frame, Cseq sender) {
        return Mono.defer(() -> {
            if (!backplane.up()) {
                return Mono.error(new BackplaneException("backplane down"));
            }
            long start = System.nanoTime();
            return run(RELAY, address, sender, channels + node, dialect + ' ' + payload, frame, maxFrames, maxBytes, ttl,
                    channels, address).flatMap(reply -> {
                        backplane.sent(dialect, start);
                        return first(reply) != 0 ? Mono.<Void>empty()
                                : Mono.error(new BackplaneException("node " + node + " is not listening"));
                    });
        });
    }

    @Override
    public Mono<Void> ack(String address, long upTo) {
        return run(ACK, address, Long.toString(upTo), ttl).then();
    }

    @Override
    public Mono<Void> noteCseq(String address, long cseq) {
        return run(NOTE, address, "cseq", Long.toString(cseq), ttl).then();
    }

    @Override
    public Mono<Void> noteState(String address, String state) {
        return run(NOTE, address, "state", state, ttl).then();
    }

    @Override
    public Mono<Attached> attach(String address, String secret, SessionKey key, long lastSeq, String conn) {
        return run(ATTACH, address, secret, key.dialect(), key.path(), subject(key.subject()), Long.toString(lastSeq),
                nodeId, conn, channels, address, ttl, maxFrames, maxBytes).map(reply -> {
                    // Answered on the link's thread before any frame Redis publishes for the
                    // session after it: the caller must take it over here, not a hop later.
                    String outcome = String.valueOf(reply.get(0));
                    if (!"ok".equals(outcome)) {
                        return Attached.refused(outcome);
                    }
                    List<String> frames = new ArrayList<>(reply.size() - 5);
                    for (int i = 5; i < reply.size(); i++) {
                        frames.add(String.valueOf(reply.get(i)));
                    }
                    index(homeSet(nodeId), "add", address, ttl).then(index(orphans(), "unorphan", address))
                            .subscribe(null, e -> LOG.debug("session index not updated: {}", e.toString()));
                    return new Attached(null, number(reply.get(1)), number(reply.get(2)),
                            String.valueOf(reply.get(3)), String.valueOf(reply.get(4)), frames);
                });
    }

    @Override
    public Mono<Long> hold(String address, String conn) {
        return run(HOLD, address, nodeId, conn, window, ttl).map(RedisSessionStore::first);
    }

    @Override
    public Mono<Expired> expire(String address) {
        return expire(address, nodeId);
    }

    private Mono<Expired> expire(String address, String home) {
        return run(EXPIRE, address, nodeId, home, claim).map(reply -> {
            switch (String.valueOf(reply.get(0))) {
                case "expired":
                    return new Expired(Expiry.EXPIRED, 0, String.valueOf(reply.get(1)), String.valueOf(reply.get(2)));
                case "wait":
                    return new Expired(Expiry.WAIT, number(reply.get(1)), null, null);
                case "busy":
                    return new Expired(Expiry.BUSY, 0, null, null);
                case "live":
                    return new Expired(Expiry.LIVE, 0, null, null);
                default:
                    return new Expired(Expiry.GONE, 0, null, null);
            }
        });
    }

    @Override
    public Mono<Void> end(String address) {
        return run(END, address, nodeId).then(index(homeSet(nodeId), "remove", address)).then();
    }

    // ---- NodeState: a dead node's sessions become orphans; every node sweeps the lapsed ones ----

    @Override
    public List<LuaScript> scripts() {
        return List.of(OPEN, APPEND, ACK, NOTE, ATTACH, HOLD, EXPIRE, END, ORPHAN, RELAY, INDEX);
    }

    @Override
    public Mono<Void> refresh() {
        return index(homeSet(nodeId), "touch", ttl).onErrorResume(e -> Mono.empty()).then(sweep());
    }

    /** Holds every session {@code deadNode} was home to for the window, from now (docs/cluster.md). */
    @Override
    public Mono<Void> reap(String deadNode) {
        String set = homeSet(deadNode);
        return index(set, "page", Integer.toString(BATCH))
                .expand(page -> page.isEmpty() ? Mono.empty() : Flux.fromIterable(page)
                        .concatMap(address -> orphan(deadNode, String.valueOf(address))
                                .then(index(set, "remove", String.valueOf(address))))
                        .then(index(set, "page", Integer.toString(BATCH))))
                .then();
    }

    private Mono<Void> orphan(String deadNode, String address) {
        return run(ORPHAN, address, deadNode, window, ttl).flatMap(reply -> {
            long until = first(reply);
            return until > 0 ? index(orphans(), "orphan", address, Long.toString(until), ttl).then() : Mono.empty();
        });
    }

    /** Ends the orphans whose hold has lapsed: claim, the dialect's leave, forget. */
    private Mono<Void> sweep() {
        return index(orphans(), "due", Integer.toString(BATCH))
                .flatMapMany(Flux::fromIterable)
                .map(String::valueOf)
                .concatMap(address -> expire(address, "").flatMap(expired -> settle(address, expired)))
                .onErrorResume(e -> {
                    LOG.debug("session sweep failed: {}", e.toString());
                    return Mono.empty();
                })
                .then();
    }

    private Mono<Void> settle(String address, Expired expired) {
        switch (expired.outcome()) {
            case EXPIRED:
                OrphanLeave leave = leaves.get(expired.dialect());
                Mono<Void> leaving = leave == null ? Mono.empty() : leave.leave(address, expired.state());
                return leaving.then(run(END, address, "")).then(index(orphans(), "unorphan", address)).then();
            case WAIT:
            case BUSY:
                return Mono.empty();
            default:
                return index(orphans(), "unorphan", address).then();
        }
    }

    // ---- plumbing ----

    private void dispatch(String payload) {
        Events listener = events;
        if (listener == null || payload.length() < 3) {
            return;
        }
        String rest = payload.substring(2);
        switch (payload.charAt(0)) {
            case 'f': {
                int a = rest.indexOf(' ');
                int b = rest.indexOf(' ', a + 1);
                listener.frame(rest.substring(0, a), Long.parseLong(rest.substring(a + 1, b)), rest.substring(b + 1));
                break;
            }
            case 'k':
                listener.movedAway(rest);
                break;
            case 'o':
                listener.overflowed(rest);
                break;
            default:
                LOG.debug("unknown session message {}", payload.charAt(0));
        }
    }

    private Mono<List<Object>> run(LuaScript script, String address, String... args) {
        String hash = prefix + "session:{" + address + "}";
        return link.evalKeys(script, new String[] {hash, hash + ":log", hash + ":inbox"}, args);
    }

    /**
     * {@link #run}, with {@code sender}'s cseq (when not null) recorded by the same script
     * (session-cseq-lib.lua): the sender's keys are declared after the session's.
     */
    private Mono<List<Object>> run(LuaScript script, String address, Cseq sender, String... args) {
        if (sender == null) {
            return run(script, address, args);
        }
        String hash = prefix + "session:{" + address + "}";
        String from = prefix + "session:{" + sender.address() + "}";
        String[] withCseq = Arrays.copyOf(args, args.length + 3);
        withCseq[args.length] = "cseq";
        withCseq[args.length + 1] = Long.toString(sender.cseq());
        withCseq[args.length + 2] = ttl;
        String[] keys = {hash, hash + ":log", hash + ":inbox", from, from + ":log", from + ":inbox"};
        return link.evalKeys(script, keys, withCseq);
    }

    private Mono<List<Object>> index(String key, String... args) {
        return link.evalKeys(INDEX, new String[] {key}, args);
    }

    private String homeSet(String node) {
        return prefix + "node-sessions:" + node;
    }

    private String orphans() {
        return prefix + "session-orphans";
    }

    private static String subject(String subject) {
        return subject == null ? "" : subject;
    }

    private static long first(List<Object> reply) {
        return reply.isEmpty() ? 0 : number(reply.get(0));
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value));
    }
}
