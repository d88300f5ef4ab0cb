package dev.signals.server.redis;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.BackplaneEvent;
import dev.signals.core.backplane.BackplaneException;
import dev.signals.core.backplane.BackplaneListener;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.logging.ThrottledLog;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The backplane over Redis (docs/cluster.md). Each node subscribes to one channel of its own,
 * {@code <prefix>node:<id>}; every cross-node message — a unicast, or a membership change a
 * script announces — is published to the channel of each node concerned. Because commands and
 * the subscription share one connection ({@link RedisLink}), a node sees script answers and
 * messages in the one order Redis executed them. Liveness, re-registration and reaping are the
 * {@link LinkSupervisor}'s; each dialect's shared state is a {@link NodeState} registered here.
 */
public final class RedisBackplane implements Backplane {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);

    private final String nodeId;
    private final String prefix;
    private final String channel;
    private final RedisLink link;
    private final KeySlots slots;
    private final NodeLease lease;
    private final LinkSupervisor supervisor;
    private final Map<String, BackplaneListener> listeners = new ConcurrentHashMap<>();
    private final List<NodeState> states = new CopyOnWriteArrayList<>();
    private final Metrics metrics;
    private final Timer publishTimer;
    private final ThrottledLog warnings = new ThrottledLog(LOG, Duration.ofSeconds(10));

    public RedisBackplane(SignalConfig.Redis config, String nodeId, Metrics metrics) {
        this(config, Duration.ZERO, nodeId, metrics, null);
    }

    /**
     * For a node whose resumable sessions may be held for {@code resumeWindow}: the state they keep
     * (a room member, a call seat, a domain) must outlive the window (docs/cluster.md "Key layout
     * and TTLs").
     */
    public RedisBackplane(SignalConfig.Redis config, Duration resumeWindow, String nodeId, Metrics metrics) {
        this(config, resumeWindow, nodeId, metrics, null);
    }

    /**
     * With {@code slots} instead of the ones the address's topology implies: tests only, to run the
     * scripts' Cluster names on a one-node Cluster over one plain connection, where Redis checks
     * that each stays in one slot.
     */
    RedisBackplane(SignalConfig.Redis config, String nodeId, Metrics metrics, KeySlots slots) {
        this(config, Duration.ZERO, nodeId, metrics, slots);
    }

    private RedisBackplane(SignalConfig.Redis config, Duration resumeWindow, String nodeId, Metrics metrics, KeySlots slots) {
        this.nodeId = nodeId;
        this.prefix = config.prefix();
        this.channel = nodeChannel(nodeId);
        this.metrics = metrics;
        this.publishTimer = metrics.timer(MeterName.BACKPLANE_PUBLISH, "a cross-node message from publish to Redis's answer");
        RedisAddress address = RedisAddress.parse(config.addr());
        this.slots = slots != null ? slots
                : address.topology() == RedisAddress.Topology.CLUSTER ? KeySlots.CLUSTER : KeySlots.PLAIN;
        this.link = new RedisLink(address, nodeId, new LinkEvents(), new EndpointMeters(metrics), this.slots.cluster());
        this.lease = new NodeLease(link, this.slots.nodes(prefix), nodeId, config.nodeLease(), resumeWindow);
        this.supervisor = new LinkSupervisor(nodeId, this::subscribe, link, lease, () -> states, this::notifyDialects,
                metrics, warnings);
    }

    /** Starts connecting in the background; the node serves (degraded) until the link is up. */
    public void start() {
        supervisor.start();
    }

    /**
     * Blocks the calling (start-up) thread until the backplane is first up or {@code wait} has
     * passed; true when it is up. Never call it on an event loop.
     */
    public boolean awaitUp(Duration wait) {
        try {
            supervisor.firstUp().get(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    /** Adds a dialect's per-node state; do this before {@link #start()}. */
    void addState(NodeState state) {
        states.add(state);
    }

    String prefix() {
        return prefix;
    }

    RedisLink link() {
        return link;
    }

    /** How key names carry hash slots on this deployment. */
    KeySlots slots() {
        return slots;
    }

    NodeLease lease() {
        return lease;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public boolean clustered() {
        return true;
    }

    @Override
    public boolean up() {
        return supervisor.up();
    }

    @Override
    public boolean ready() {
        return up() && link.covered();
    }

    @Override
    public void register(String dialect, BackplaneListener listener) {
        listeners.put(dialect, listener);
    }

    @Override
    public Mono<Void> send(String node, String dialect, String entity, String payload) {
        return Mono.defer(() -> {
            if (!up()) {
                return Mono.error(new BackplaneException("backplane down"));
            }
            long start = System.nanoTime();
            // On a Cluster, to the target's channel of the entity's slot, where the entity's scripts
            // announce: one master and one connection at each end keep them in order
            // (docs/cluster.md "Redis Cluster", "Order"). Elsewhere the node's one channel, as ever.
            String message = dialect + ' ' + payload;
            Mono<Long> published = slots.cluster()
                    ? link.spublish(slots.of(prefix, entity) + "node:" + node, message)
                    : link.publish(nodeChannel(node), message);
            return published
                    .onErrorMap(e -> {
                        warnings.warn("publish", "cross-node publish failed: {}", e.toString());
                        return new BackplaneException("publish failed", e);
                    })
                    .flatMap(receivers -> {
                        publishTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                        metrics.counter(MeterName.BACKPLANE_MESSAGES, "dialect", dialect, "direction", "out").increment();
                        return receivers > 0 ? Mono.<Void>empty()
                                : Mono.error(new BackplaneException("node " + node + " is not listening"));
                    });
        });
    }

    /** Counts a cross-node message sent by a script rather than {@link #send}, like one sent there. */
    void sent(String dialect, long startNanos) {
        publishTimer.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        metrics.counter(MeterName.BACKPLANE_MESSAGES, "dialect", dialect, "direction", "out").increment();
    }

    private String nodeChannel(String node) {
        return prefix + "node:" + node;
    }

    /**
     * This node's channel; with a Cluster's names instead its channel of every slot, where the
     * scripts announce and {@link #send} delivers (docs/cluster.md "Redis Cluster"): nothing is
     * published to the plain channel there. One connection for now, so a one-node Cluster.
     */
    private Mono<Void> subscribe() {
        if (!slots.cluster()) {
            return link.subscribe(channel);
        }
        List<String> shards = new ArrayList<>(SlotTags.SLOTS);
        for (int slot = 0; slot < SlotTags.SLOTS; slot++) {
            shards.add(slots.ofSlot(prefix, slot) + "node:" + nodeId);
        }
        return link.ssubscribe(shards);
    }

    /** Whether {@code from} is one of this node's channels. */
    private boolean mine(String from) {
        return slots.cluster() ? from.endsWith("}node:" + nodeId) && from.startsWith(prefix + "{") : channel.equals(from);
    }

    private Mono<Void> notifyDialects(BackplaneEvent event) {
        return Flux.fromIterable(listeners.values()).concatMap(l -> l.onEvent(event)).then();
    }

    /** One message on this node's channel: {@code <dialect> <payload>}, handed to that dialect. */
    private void dispatch(String message) {
        int space = message.indexOf(' ');
        BackplaneListener listener = space <= 0 ? null : listeners.get(message.substring(0, space));
        if (listener == null) {
            warnings.warn("unroutable", "dropped a backplane message for no registered dialect");
            return;
        }
        String dialect = message.substring(0, space);
        metrics.counter(MeterName.BACKPLANE_MESSAGES, "dialect", dialect, "direction", "in").increment();
        try {
            listener.onEvent(new BackplaneEvent.Message(message.substring(space + 1)))
                    .subscribe(null, e -> warnings.warn("listener", "{} could not handle a backplane message: {}", dialect, e.toString()));
        } catch (RuntimeException e) {
            warnings.warn("listener", "{} could not handle a backplane message: {}", dialect, e.toString());
        }
    }

    /**
     * Graceful stop: gives up the lease and removes this node's state (the other nodes are told,
     * docs/production.md "One node"), then closes the link. Called from the stopping thread, never a loop.
     */
    @Override
    public void close() {
        try {
            supervisor.leave().block(Duration.ofSeconds(3));
        } catch (RuntimeException e) {
            LOG.warn("could not release node {} cleanly: {}; survivors will reap it", nodeId, e.toString());
        }
        supervisor.close();
        link.close();
        listeners.clear();
    }

    /**
     * Tests only: stops as a killed process would, keeping its lease and its state in Redis for
     * the survivors to reap once the lease lapses.
     */
    void crash() {
        supervisor.close();
        link.close();
        listeners.clear();
    }

    /** What the link reports, routed to the supervisor and the dialects. */
    private final class LinkEvents implements RedisLink.Events {
        @Override
        public void message(String from, String message) {
            if (mine(from)) {
                dispatch(message);
            }
        }

        @Override
        public void connected() {
            supervisor.connectionUp();
        }

        @Override
        public void disconnected() {
            supervisor.connectionLost();
        }

        @Override
        public void unsubscribed(String from) {
            if (mine(from)) {
                supervisor.subscriptionLost(from);
            }
        }

        @Override
        public void scriptFailed(LuaScript script, Throwable error) {
            metrics.counter(MeterName.BACKPLANE_SCRIPT_ERRORS, "type", script.name()).increment();
            warnings.warn("script:" + script.name(), "script {} failed: {}", script.name(), error.toString());
        }
    }
}
