package dev.signals.server.redis;

import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Meters per Redis server the link has been connected to (docs/cluster.md#observability): up,
 * reconnects and command latency, tagged {@code endpoint=host:port}. Behind Sentinels the endpoint
 * is the primary of the moment, so a failover shows as one server going to 0 and another to 1; on
 * a Redis Cluster there is one series per master the link holds a connection to. Tags are bounded
 * by the servers of the deployment, never by keys or clients.
 */
final class EndpointMeters {
    private final Metrics metrics;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** Open connections per endpoint; a connection that reconnects elsewhere moves its count. */
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Map<Object, String> connections = Collections.synchronizedMap(new IdentityHashMap<>());
    private volatile String current;
    private volatile boolean settled;

    EndpointMeters(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The server the link's last connection went to, or {@code null} once that one is lost: one Redis or the primary. */
    String current() {
        return current;
    }

    /** Whether a link connection to {@code endpoint} is open now. */
    boolean open(String endpoint) {
        AtomicInteger n = open.get(endpoint);
        return n != null && n.get() > 0;
    }

    /**
     * The node came up for the first time: every connection from now on is a reconnect (to the same
     * server, a promoted primary or replica, or a master after resharding). Before, a Cluster still
     * forming or its slot map still loading may open connections that are first ones.
     */
    void settled() {
        settled = true;
    }

    void connected(Object connection, SocketAddress remote) {
        String endpoint = name(remote);
        AtomicInteger count = open.computeIfAbsent(endpoint, e -> {
            metrics.gauge(MeterName.REDIS_ENDPOINT_UP, "1 while the backplane is connected to this Redis server",
                    () -> open(e) ? 1 : 0, "endpoint", e);
            timers.put(e, metrics.timer(MeterName.REDIS_COMMAND,
                    "a backplane command from dispatch to this Redis server's answer", "endpoint", e));
            metrics.counter(MeterName.REDIS_RECONNECTS, "endpoint", e);
            return new AtomicInteger();
        });
        String before = connections.put(connection, endpoint);
        if (before != null) {
            open.get(before).decrementAndGet();
        }
        count.incrementAndGet();
        if (settled) {
            metrics.counter(MeterName.REDIS_RECONNECTS, "endpoint", endpoint).increment();
        }
        current = endpoint;
    }

    void disconnected(Object connection) {
        String endpoint = connections.remove(connection);
        if (endpoint != null) {
            open.get(endpoint).decrementAndGet();
            if (endpoint.equals(current)) {
                current = null;
            }
        }
    }

    /** A command sent to {@code endpoint} (as it was when the command left) took {@code nanos}. */
    void command(String endpoint, long nanos) {
        Timer timer = endpoint == null ? null : timers.get(endpoint);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static String name(SocketAddress remote) {
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) remote;
            return name(inet.getHostString(), inet.getPort());
        }
        return String.valueOf(remote);
    }

    /** {@code host:port} as the tag reads, the host in brackets when it is an IPv6 address. */
    static String name(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
