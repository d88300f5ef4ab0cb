package dev.signals.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One node's meters. Meters are created once and cached by their tag values, so the hot path is
 * a map look-up and an increment. Tags carry dialect, direction, type and reason only — never a
 * room, call, domain, key or client id.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicInteger> connections = new ConcurrentHashMap<>();
    /**
     * The two meters every relayed message touches, looked up by their tag values as they are:
     * building a composite key per call cost an array, a builder and a string per message
     * (BENCHMARKS.md "Signal's own cost per relayed message").
     */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, ConcurrentHashMap<String, Counter>>> messages =
            new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> relayTimers = new ConcurrentHashMap<>();
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    public String scrape() {
        return registry.scrape();
    }

    /** The live-connection gauge of a dialect; callers increment and decrement it. */
    public AtomicInteger connections(String dialect) {
        return connections.computeIfAbsent(dialect, d -> {
            AtomicInteger value = new AtomicInteger();
            Gauge.builder(MeterName.CONNECTIONS.meterName(), value, AtomicInteger::get)
                    .tag("dialect", d).description("open WebSocket connections").register(registry);
            return value;
        });
    }

    public void message(String dialect, String direction, String type) {
        ConcurrentHashMap<String, Counter> byType =
                cached(cached(messages, dialect, d -> new ConcurrentHashMap<>()), direction, d -> new ConcurrentHashMap<>());
        cached(byType, type, t -> counter(MeterName.MESSAGES, "dialect", dialect, "direction", direction, "type", t))
                .increment();
    }

    /** {@code map}'s value for {@code key}, made once; a plain read when it exists (the per-message path). */
    private static <V> V cached(ConcurrentHashMap<String, V> map, String key, Function<String, V> make) {
        V value = map.get(key);
        return value != null ? value : map.computeIfAbsent(key, make);
    }

    public void error(String dialect, String reason) {
        counter(MeterName.ERRORS, "dialect", dialect, "reason", reason).increment();
    }

    public void rateLimited(String dialect) {
        counter(MeterName.RATE_LIMITED, "dialect", dialect).increment();
    }

    public void readPaused(String dialect) {
        counter(MeterName.READ_PAUSES, "dialect", dialect).increment();
    }

    /** Time from a message's arrival to its write to the target socket. */
    public void relay(String dialect, long nanos) {
        cached(relayTimers, dialect,
                d -> timer(MeterName.RELAY, "arrival of a message to its write to the target socket", "dialect", d))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A latency histogram (10 µs to 5 s buckets), created once per name and tag values. */
    public Timer timer(MeterName name, String description, String... tags) {
        return timers.computeIfAbsent(key(name, tags), k -> Timer.builder(name.meterName())
                .tags(tags)
                .description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1).dividedBy(100))
                .maximumExpectedValue(Duration.ofSeconds(5))
                .register(registry));
    }

    /** Registers a gauge read from {@code value} at scrape time (tags as key, value pairs). */
    public void gauge(MeterName name, String description, Supplier<Number> value, String... tags) {
        Gauge.builder(name.meterName(), value).description(description).tags(tags).register(registry);
    }

    /** A counter, created once per name and tag values (tags as key, value pairs). */
    public Counter counter(MeterName name, String... tags) {
        return counters.computeIfAbsent(key(name, tags),
                k -> Counter.builder(name.meterName()).tags(tags).register(registry));
    }

    private static String key(MeterName name, String... tags) {
        StringBuilder key = new StringBuilder(name.meterName());
        for (String t : tags) {
            key.append('\u0000').append(t);
        }
        return key.toString();
    }

    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
