package dev.signals.server.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.reactive.RedisPubSubReactiveCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The node's one connection to Redis, and the only class that knows Lettuce. One RESP3
 * connection carries both commands and this node's subscription, so script answers and
 * published messages reach the node in exactly the order Redis executed them; the reactive API
 * hands every answer to its subscriber on the connection's I/O thread, in that order. Commands
 * leave through one {@link CommandWriter} thread, never from an event loop. They are rejected at
 * once while disconnected and never replayed after a reconnect (at most once: the
 * re-registration repairs whatever was lost), queues are bounded, and every command times out.
 * Behind Sentinels the connection goes to the primary they name, and a {@link SentinelWatch}
 * moves it when they switch (docs/cluster.md#sentinel). On a Redis Cluster it is a cluster pub/sub
 * connection ({@link ClusterLinks}): one connection per master, each carrying the scripts of that
 * master's slots and the sharded subscriptions there, so the order above holds per slot.
 */
final class RedisLink implements AutoCloseable {
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);
    private static final int REQUEST_QUEUE = 65_536;
    private static final String[] NO_KEYS = new String[0];

    /** What the link reports; called on Lettuce's threads, so implementations must not block. */
    interface Events {
        /** A message published on a channel this connection subscribes to, in Redis's order. */
        void message(String channel, String message);

        /** The connection was (re)established. */
        void connected();

        /** The connection was lost. */
        void disconnected();

        /**
         * Redis dropped the sharded subscription of {@code channel} on this connection: its slot
         * moved to another master (docs/cluster.md "Redis Cluster", resharding).
         */
        void unsubscribed(String channel);

        /** A script answered with an error (not NOSCRIPT, which is handled here). */
        void scriptFailed(LuaScript script, Throwable error);
    }

    private final RedisAddress address;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final Events events;
    private final EndpointMeters meters;
    private final CommandWriter writer;
    private final Scheduler dispatch;
    private final SentinelWatch sentinels;
    /** Whether scripts run as Redis 7 scripts confined to one slot (KeySlots on a Cluster). */
    private final boolean slotChecked;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile boolean closed;

    RedisLink(RedisAddress address, String name, Events events, EndpointMeters meters, boolean slotChecked) {
        this.address = address;
        this.slotChecked = slotChecked;
        this.events = events;
        this.meters = meters;
        this.writer = new CommandWriter("signal-redis-writer-" + name, REQUEST_QUEUE);
        this.dispatch = Schedulers.fromExecutor(writer);
        this.resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                // Redis coming back is noticed within a second (docs/cluster.md: resume without restart).
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = address.topology() == RedisAddress.Topology.CLUSTER
                ? ClusterLinks.client(resources, address, COMMAND_TIMEOUT, REQUEST_QUEUE) : single(resources, address);
        // Only the link's own connections count: looking the primary up through Sentinels, or a
        // Cluster's topology refresh, opens and closes connections of its own, which must not read
        // as the link going up or down.
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress remote) {
                if (handler instanceof StatefulRedisPubSubConnection) {
                    if (metered(handler)) {
                        meters.connected(handler, remote);
                    }
                    events.connected();
                }
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler instanceof StatefulRedisPubSubConnection) {
                    meters.disconnected(handler);
                    events.disconnected();
                }
            }
        });
        this.sentinels = address.topology() == RedisAddress.Topology.SENTINEL
                ? new SentinelWatch(resources, address, COMMAND_TIMEOUT, this::switched) : null;
    }

    /**
     * On a Cluster the meters count the masters' connections only: the cluster connection's own
     * goes to any node, a replica too, and carries none of the node's commands.
     */
    private static boolean metered(RedisChannelHandler<?, ?> handler) {
        return !(handler instanceof StatefulRedisClusterPubSubConnection);
    }

    private static RedisClient single(ClientResources resources, RedisAddress address) {
        RedisClient client = RedisClient.create(resources, uri(address));
        ClientOptions.Builder options = ClientOptions.builder();
        linkOptions(options, COMMAND_TIMEOUT, COMMAND_TIMEOUT, REQUEST_QUEUE);
        client.setOptions(options.build());
        return client;
    }

    /**
     * What every link's client is set to, single, Sentinel or Cluster: RESP3 (messages and answers on
     * one connection), reconnecting, rejecting commands while down, a bounded request queue.
     */
    static void linkOptions(ClientOptions.Builder options, Duration connectTimeout, Duration commandTimeout,
                            int requestQueue) {
        options.protocolVersion(ProtocolVersion.RESP3)
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .replayFilter(command -> true)
                .requestQueueSize(requestQueue)
                .maintNotificationsConfig(MaintNotificationsConfig.disabled())
                .socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(commandTimeout));
    }

    /** The address's user and password, if any, on {@code uri}. */
    static void credentials(RedisURI.Builder uri, RedisAddress a) {
        if (a.password() != null) {
            if (a.username() != null) {
                uri.withAuthentication(a.username(), a.password());
            } else {
                uri.withPassword(a.password().toCharArray());
            }
        }
    }

    /**
     * The Sentinels switched to {@code primary}: unless connected to it already (a dead primary's
     * link has usually found the new one by itself), drops the connection so that the next
     * attempt asks the Sentinels afresh, as the old primary may still answer. Non-blocking; the
     * loss is reported as any other.
     */
    private void switched(String primary) {
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null && !closed && !primary.equals(meters.current())) {
            connection = null;
            c.closeAsync();
        }
    }

    /**
     * The Lettuce URI for {@code a}. Through Sentinels, Lettuce asks them for the primary on every
     * (re)connect, so after a failover the link reconnects to whichever node they promoted. The
     * password is the data nodes'; the Sentinels are reached without one, over TLS when the data
     * nodes are (docs/cluster.md#sentinel).
     */
    private static RedisURI uri(RedisAddress a) {
        RedisURI.Builder b;
        if (a.topology() == RedisAddress.Topology.SENTINEL) {
            b = RedisURI.builder().withSentinelMasterId(a.masterName());
            // rediss-sentinel:// means TLS to the Sentinels too (RedisTlsTest); said here explicitly.
            a.endpoints().forEach(s -> b.withSentinel(RedisURI.builder().withHost(s.host()).withPort(s.port())
                    .withSsl(a.tls()).withTimeout(COMMAND_TIMEOUT).build()));
        } else {
            b = RedisURI.builder().withHost(a.host()).withPort(a.port());
        }
        b.withSsl(a.tls()).withDatabase(a.database()).withTimeout(COMMAND_TIMEOUT);
        credentials(b, a);
        return b.build();
    }

    RedisAddress address() {
        return address;
    }

    /** Whether the connection is open now (commands may still fail). */
    boolean connected() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    /**
     * Whether every key can be served now: the connection is open, and on a Cluster every slot has
     * a serving master this link holds an open connection to (docs/cluster.md "Redis Cluster":
     * readiness). Walks the slot map: for readiness checks, not for every command.
     */
    boolean covered() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (!(c instanceof StatefulRedisClusterPubSubConnection)) {
            return connected();
        }
        Set<String> masters = ClusterLinks.mastersOfEverySlot((StatefulRedisClusterPubSubConnection<String, String>) c);
        return masters != null && masters.stream().allMatch(meters::open);
    }

    /**
     * The node is up for the first time: every connection from now on counts as a reconnect on its
     * server, as does the first one to a promoted replica (docs/cluster.md#observability).
     */
    void firstUp() {
        meters.settled();
    }

    /**
     * Opens the connection if there is none and no attempt is under way; completes when it is
     * open. Once open, Lettuce re-establishes it by itself after a loss.
     */
    Mono<Void> connect() {
        if (connection != null || closed) {
            return Mono.empty();
        }
        if (!connecting.compareAndSet(false, true)) {
            return Mono.empty();
        }
        return open()
                .doOnNext(c -> {
                    if (c instanceof StatefulRedisClusterPubSubConnection) {
                        listen((StatefulRedisClusterPubSubConnection<String, String>) c);
                    } else {
                        c.addListener(new RedisPubSubAdapter<>() {
                            @Override
                            public void message(String channel, String message) {
                                events.message(channel, message);
                            }

                            @Override
                            public void smessage(String channel, String message) {
                                events.message(channel, message);
                            }
                        });
                    }
                    connection = c;
                    if (closed) {
                        c.closeAsync();
                    }
                })
                .doFinally(s -> connecting.set(false))
                .then();
    }

    private Mono<StatefulRedisPubSubConnection<String, String>> open() {
        if (client instanceof RedisClusterClient) {
            // The slot map first (the async connect needs it loaded), then one connection per master.
            RedisClusterClient cluster = (RedisClusterClient) client;
            return Mono.fromFuture(() -> cluster.refreshPartitionsAsync().toCompletableFuture())
                    .then(Mono.fromFuture(() -> cluster.connectPubSubAsync(StringCodec.UTF8)))
                    // Every master's connection open before the first command, which would be
                    // rejected on one still connecting.
                    .flatMap(c -> ClusterLinks.perMaster(c, master -> Flux.empty()).then(Mono.just(c)))
                    .map(c -> (StatefulRedisPubSubConnection<String, String>) c);
        }
        return Mono.fromFuture(() -> ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, uri(address)).toCompletableFuture());
    }

    /** A Cluster's messages arrive on the masters' connections and are handed on from each. */
    private void listen(StatefulRedisClusterPubSubConnection<String, String> c) {
        c.setNodeMessagePropagation(true);
        c.addListener(new RedisClusterPubSubAdapter<>() {
            @Override
            public void smessage(RedisClusterNode node, String channel, String message) {
                events.message(channel, message);
            }

            @Override
            public void sunsubscribed(RedisClusterNode node, String channel, long count) {
                events.unsubscribed(channel);
            }
        });
    }

    /**
     * A command, dispatched on the writer thread when subscribed; its answer is delivered on the
     * connection's I/O thread.
     */
    private <T> Mono<T> command(Supplier<Mono<T>> command) {
        return command(null, command);
    }

    /** As {@link #command(Supplier)}; on a Cluster timed for the master of {@code key}'s slot. */
    private <T> Mono<T> command(String key, Supplier<Mono<T>> command) {
        return Mono.defer(() -> {
            StatefulRedisPubSubConnection<String, String> c = connection;
            String endpoint = !(c instanceof StatefulRedisClusterPubSubConnection) ? meters.current()
                    : key == null ? null : ClusterLinks.masterOf((StatefulRedisClusterPubSubConnection<String, String>) c, key);
            long start = System.nanoTime();
            return command.get().doOnSuccess(answer -> meters.command(endpoint, System.nanoTime() - start));
        }).subscribeOn(dispatch);
    }

    private RedisPubSubReactiveCommands<String, String> commands() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c == null) {
            throw new io.lettuce.core.RedisConnectionException("not connected to " + address);
        }
        return c.reactive();
    }

    /**
     * Runs {@code script} with {@code args} (no keys: every script takes the key prefix as
     * ARGV[1]) and answers the array it returns, nested arrays as lists.
     */
    Mono<List<Object>> eval(LuaScript script, String... args) {
        return evalKeys(script, NO_KEYS, args);
    }

    /** Runs {@code script} over the declared {@code keys} (all of one hash slot) with {@code args}. */
    Mono<List<Object>> evalKeys(LuaScript script, String[] keys, String... args) {
        String key = keys.length == 0 ? null : keys[0];
        return command(key, () -> commands().<Object>evalsha(script.sha(slotChecked), ScriptOutputType.MULTI, keys, args).next())
                // A Redis that restarted or flushed its script cache answers NOSCRIPT: send the
                // source, which also caches it again.
                .onErrorResume(RedisNoScriptException.class, e -> command(key, () -> commands()
                        .<Object>eval(script.source(slotChecked), ScriptOutputType.MULTI, keys, args).next()))
                .doOnError(RedisCommandExecutionException.class, e -> events.scriptFailed(script, e))
                .map(RedisLink::asList)
                .defaultIfEmpty(List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Object> asList(Object reply) {
        return reply instanceof List ? (List<Object>) reply : java.util.Collections.singletonList(reply);
    }

    /** Loads every script into Redis's cache, so later runs send only the SHA. */
    Mono<Void> load(List<LuaScript> scripts) {
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c instanceof StatefulRedisClusterPubSubConnection) {
            // Every master runs scripts of its own slots, so each caches them.
            return ClusterLinks.perMaster((StatefulRedisClusterPubSubConnection<String, String>) c,
                    master -> Flux.fromIterable(scripts).concatMap(s -> master.scriptLoad(s.source(slotChecked))))
                    .subscribeOn(dispatch).then();
        }
        return Flux.fromIterable(scripts)
                .concatMap(s -> command(() -> commands().scriptLoad(s.source(slotChecked))))
                .then();
    }

    /**
     * The keys matching the glob {@code pattern}, by {@code SCAN} (never {@code KEYS}, which would
     * hold Redis for the whole key space); on a Cluster, on every master in turn.
     */
    Flux<String> scan(String pattern) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        return Flux.defer(() -> {
            StatefulRedisPubSubConnection<String, String> c = connection;
            return c instanceof StatefulRedisClusterPubSubConnection
                    ? ClusterLinks.perMaster((StatefulRedisClusterPubSubConnection<String, String>) c, m -> ScanStream.scan(m, args))
                    : ScanStream.scan(commands(), args);
        }).subscribeOn(dispatch);
    }

    /** Publishes {@code message} on {@code channel}; answers how many subscribers received it. */
    Mono<Long> publish(String channel, String message) {
        return command(() -> commands().publish(channel, message));
    }

    /**
     * Publishes {@code message} on the sharded {@code channel} (Redis 7, a Redis Cluster's names);
     * answers how many subscribers of that channel's shard received it.
     */
    Mono<Long> spublish(String channel, String message) {
        return command(channel, () -> commands().spublish(channel, message));
    }

    Mono<Void> subscribe(String channel) {
        return command(() -> commands().subscribe(channel));
    }

    /**
     * Subscribes to each of the sharded {@code channels}, one {@code SSUBSCRIBE} each (a Cluster
     * takes only channels of one slot per command), pipelined.
     */
    Mono<Void> ssubscribe(List<String> channels) {
        return Flux.fromIterable(channels).flatMap(c -> command(c, () -> commands().ssubscribe(c)), 256).then();
    }

    @Override
    public void close() {
        closed = true;
        if (sentinels != null) {
            sentinels.close();
        }
        StatefulRedisPubSubConnection<String, String> c = connection;
        if (c != null) {
            c.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
        writer.close();
    }
}
