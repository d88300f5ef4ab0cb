package dev.signals.server.redis;

import dev.signals.server.metrics.MeterName;
import dev.signals.server.metrics.Metrics;
import io.micrometer.core.instrument.Timer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Meters per Redis server the link has been connected to (docs/cluster.md#observability): up,
 * reconnects and command latency, tagged {@code endpoint=host:port}. Behind Sentinels the endpoint
 * is the primary of the moment, so a failover shows as one server going to 0 and another to 1.
 * Tags are bounded by the servers of the deployment, never by keys or clients.
 */
final class EndpointMeters {
    private final Metrics metrics;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private volatile String current;
    private volatile boolean connectedBefore;

    EndpointMeters(Metrics metrics) {
        this.metrics = metrics;
    }

    /** The server the link is connected to now, or {@code null}. */
    String current() {
        return current;
    }

    void connected(SocketAddress remote) {
        String endpoint = name(remote);
        if (!timers.containsKey(endpoint)) {
            metrics.gauge(MeterName.REDIS_ENDPOINT_UP, "1 while the backplane is connected to this Redis server",
                    () -> endpoint.equals(current) ? 1 : 0, "endpoint", endpoint);
            timers.put(endpoint, metrics.timer(MeterName.REDIS_COMMAND,
                    "a backplane command from dispatch to this Redis server's answer", "endpoint", endpoint));
            metrics.counter(MeterName.REDIS_RECONNECTS, "endpoint", endpoint);
        }
        if (connectedBefore) {
            metrics.counter(MeterName.REDIS_RECONNECTS, "endpoint", endpoint).increment();
        }
        connectedBefore = true;
        current = endpoint;
    }

    void disconnected() {
        current = null;
    }

    /** A command sent to {@code endpoint} (as {@link #current()} was when it left) took {@code nanos}. */
    void command(String endpoint, long nanos) {
        Timer timer = endpoint == null ? null : timers.get(endpoint);
        if (timer != null) {
            timer.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private static String name(SocketAddress remote) {
        if (remote instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) remote;
            String host = inet.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(remote);
    }
}
