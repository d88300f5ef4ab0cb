package dev.signals.server.redis;

import dev.signals.core.backplane.BackplaneEvent;
import dev.signals.server.logging.ThrottledLog;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps the link to Redis registered (docs/cluster.md): connects, loads the scripts, subscribes
 * to this node's channel, takes and renews the lease, has the dialects re-register their state
 * ({@link BackplaneEvent.Restored}) before reporting up, and reaps nodes whose lease lapsed. While
 * down it retries every half second; a lost connection is reported at once. One tick runs at a
 * time, on one timer thread; the Redis answers it waits for arrive on the link's I/O thread.
 */
final class LinkSupervisor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LinkSupervisor.class);
    private static final Duration RETRY = Duration.ofMillis(500);

    private final String nodeId;
    private final Supplier<Mono<Void>> subscribe;
    private final RedisLink link;
    private final NodeLease lease;
    private final Supplier<List<NodeState>> states;
    private final Function<BackplaneEvent, Mono<Void>> dialects;
    private final Metrics metrics;
    private final ThrottledLog warnings;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private final Object scheduling = new Object();
    private ScheduledFuture<?> next;
    private volatile boolean up;
    private volatile boolean wasUp;
    private volatile boolean clearedEarlier;
    private volatile boolean closed;
    private final CompletableFuture<Void> firstUp = new CompletableFuture<>();

    /** {@code subscribe}: subscribes the (re)connected link to this node's channels. */
    LinkSupervisor(String nodeId, Supplier<Mono<Void>> subscribe, RedisLink link, NodeLease lease, Supplier<List<NodeState>> states,
                   Function<BackplaneEvent, Mono<Void>> dialects, Metrics metrics, ThrottledLog warnings) {
        this.nodeId = nodeId;
        this.subscribe = subscribe;
        this.link = link;
        this.lease = lease;
        this.states = states;
        this.dialects = dialects;
        this.metrics = metrics;
        this.warnings = warnings;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signal-backplane-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        schedule(Duration.ZERO);
    }

    boolean up() {
        return up && link.connected();
    }

    /** Completes the first time the node reports up (registered, state restored). */
    CompletableFuture<Void> firstUp() {
        return firstUp;
    }

    /** The connection came (back): register now rather than at the next retry. */
    void connectionUp() {
        schedule(Duration.ZERO);
    }

    void connectionLost() {
        if (closed) {
            return;
        }
        markDown("connection to Redis lost");
        schedule(RETRY);
    }

    /**
     * Redis dropped this node's channel of a slot that moved to another master: what was announced
     * there meanwhile is lost, so the node goes through a reconnect's re-registration, which
     * subscribes again where the slot map now points and re-syncs the dialects (docs/cluster.md
     * "Redis Cluster": coarse, every slot rather than the moved one).
     */
    void subscriptionLost(String channel) {
        if (closed) {
            return;
        }
        markDown("Redis dropped the subscription of " + channel + " (its slot moved)");
        schedule(Duration.ZERO);
    }

    private void schedule(Duration delay) {
        synchronized (scheduling) {
            if (closed) {
                return;
            }
            if (next != null) {
                next.cancel(false);
            }
            next = timer.schedule(this::tick, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void tick() {
        if (closed || !ticking.compareAndSet(false, true)) {
            return;
        }
        Mono.defer(() -> {
            if (!link.connected()) {
                return link.connect().then(Mono.defer(() -> link.connected() ? register() : Mono.empty()));
            }
            return up ? renew() : register();
        }).subscribe(null, error -> {
            markDown(describe(error));
            finish();
        }, this::finish);
    }

    private void finish() {
        ticking.set(false);
        schedule(up ? lease.renewPeriod() : RETRY);
    }

    /** Everything a (re)connected node does before it reports up. */
    private Mono<Void> register() {
        return link.load(scripts())
                .then(Mono.defer(subscribe))
                .then(Mono.defer(() -> clearedEarlier ? Mono.empty() : clearEarlierProcess()))
                .then(lease.renew())
                .flatMap(renewal -> dialects.apply(new BackplaneEvent.Restored()).thenReturn(renewal))
                .flatMap(renewal -> {
                    markUp();
                    return reap(renewal.dead());
                });
    }

    /** A process that used this node id before (restarted within the lease) left state: drop it. */
    private Mono<Void> clearEarlierProcess() {
        return lease.evictEarlier().flatMap(earlier -> {
            if (!earlier.isEmpty() && !earlier.equals(lease.incarnation())) {
                LOG.warn("node id {} was still held by an earlier process; clearing what it left", nodeId);
            }
            return reapStates(nodeId);
        }).doOnSuccess(v -> clearedEarlier = true);
    }

    private Mono<Void> renew() {
        return lease.renew().flatMap(renewal -> {
            Mono<Void> restore = Mono.empty();
            if (!renewal.previous().equals(lease.incarnation())) {
                // Our lease lapsed (a long pause?) and survivors may have reaped us, or another
                // process shares our node id: put our live state back either way.
                warnings.warn("lease", "node {}: lease had lapsed or was taken over; re-registering its state", nodeId);
                restore = dialects.apply(new BackplaneEvent.Restored());
            }
            return restore
                    .then(Flux.fromIterable(states.get()).concatMap(NodeState::refresh).then())
                    .then(reap(renewal.dead()));
        });
    }

    private Mono<Void> reap(List<String> dead) {
        return Flux.fromIterable(dead)
                .concatMap(node -> reapStates(node).then(lease.forget(node)).doOnSuccess(v -> {
                    metrics.counter(MeterName.BACKPLANE_NODES_REAPED).increment();
                    LOG.info("node {} stopped renewing its lease: its clients were removed", node);
                }))
                .then();
    }

    private Mono<Void> reapStates(String node) {
        return Flux.fromIterable(states.get()).concatMap(s -> s.reap(node)).then();
    }

    private List<LuaScript> scripts() {
        List<LuaScript> all = new java.util.ArrayList<>(List.of(NodeLease.TICK, NodeLease.FORGET, NodeLease.RELEASE, NodeLease.LIVE));
        states.get().forEach(s -> all.addAll(s.scripts()));
        return all;
    }

    private void markUp() {
        if (up) {
            return;
        }
        up = true;
        if (wasUp) {
            metrics.counter(MeterName.BACKPLANE_RECONNECTS).increment();
        } else {
            link.firstUp();
        }
        wasUp = true;
        firstUp.complete(null);
        warnings.reset("down");
        LOG.info("backplane up: node {} on {}", nodeId, link.address());
    }

    private void markDown(String why) {
        if (!up) {
            warnings.warn("down", "backplane down: {}; cross-node operations fail until Redis is back", why);
            return;
        }
        up = false;
        LOG.warn("backplane down: {}; serving this node's clients alone until Redis is back", why);
        dialects.apply(new BackplaneEvent.Lost()).subscribe(null, e -> LOG.warn("on backplane loss: {}", e.toString()));
    }

    /** A graceful stop: give up the lease and remove this node's state, telling the other nodes. */
    Mono<Void> leave() {
        if (!up()) {
            return Mono.empty();
        }
        return lease.release().then(reapStates(nodeId)).then(lease.forget(nodeId));
    }

    @Override
    public void close() {
        synchronized (scheduling) {
            closed = true;
            if (next != null) {
                next.cancel(false);
            }
        }
        up = false;
        timer.shutdownNow();
    }

    /** The error and its root cause, which says why a Cluster's seeds could not be reached. */
    private static String describe(Throwable e) {
        String m = e.getMessage();
        Throwable root = e;
        for (int depth = 0; depth < 16; depth++) {
            // A Cluster's seeds that all failed come as suppressed errors, one per seed, not as a
            // cause: the first one's reason (say, a certificate not trusted) is the one to log.
            Throwable next = root.getCause() != null && root.getCause() != root ? root.getCause()
                    : root.getSuppressed().length > 0 ? root.getSuppressed()[0] : null;
            if (next == null) {
                break;
            }
            root = next;
        }
        String why = root == e ? "" : " (" + root.getClass().getSimpleName()
                + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage())) + ")";
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + firstLine(m)) + why;
    }

    /** One log line per event: Lettuce lists each seed's failure on lines of its own. */
    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
