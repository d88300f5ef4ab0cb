package dev.signals.loadtest.engine;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import reactor.netty.http.client.HttpClient;

/**
 * Scrapes a server's {@code /metrics} every {@code period} on its own thread and keeps the largest
 * value seen of two gauges: the JVM's direct buffer memory in use
 * ({@code jvm_buffer_memory_used_bytes{id="direct"}}, where Netty's buffers live) and signal's
 * queued outbound bytes ({@code signal_ws_queued_bytes}). A peak between two scrapes is missed;
 * memory held by stalled readers stays for seconds, far longer than the period.
 */
public final class DirectMemoryWatch implements AutoCloseable {
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);

    private final String metricsUrl;
    private final Duration period;
    private final AtomicLong peakDirect = new AtomicLong(-1);
    private final AtomicLong peakQueued = new AtomicLong(-1);
    private final AtomicLong scrapes = new AtomicLong();
    private final Thread thread;
    private volatile boolean stopped;

    public DirectMemoryWatch(String adminUrl, Duration period) {
        this.metricsUrl = adminUrl.replaceAll("/+$", "") + "/metrics";
        this.period = period;
        this.thread = new Thread(this::loop, "direct-memory-watch");
        thread.setDaemon(true);
    }

    public DirectMemoryWatch start() {
        thread.start();
        return this;
    }

    public long peakDirectBytes() {
        return peakDirect.get();
    }

    public long peakQueuedBytes() {
        return peakQueued.get();
    }

    public long scrapes() {
        return scrapes.get();
    }

    private void loop() {
        HttpClient http = HttpClient.create().responseTimeout(HTTP_TIMEOUT);
        while (!stopped) {
            try {
                String body = http.get().uri(metricsUrl).responseContent().aggregate()
                        .asString(StandardCharsets.UTF_8).block(HTTP_TIMEOUT);
                if (body != null) {
                    scrapes.incrementAndGet();
                    peakDirect.accumulateAndGet(gauge(body, "jvm_buffer_memory_used_bytes{", "id=\"direct\""), Math::max);
                    peakQueued.accumulateAndGet(gauge(body, "signal_ws_queued_bytes", ""), Math::max);
                }
            } catch (RuntimeException e) {
                // The server is busy or gone: try again next period.
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The value of the first sample line starting with {@code prefix} and containing {@code tag}, or -1. */
    static long gauge(String scrape, String prefix, String tag) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(prefix) && line.contains(tag)) {
                String value = line.substring(line.lastIndexOf(line.contains("}") ? '}' : ' ') + 1).trim().split("\\s+")[0];
                return (long) Double.parseDouble(value);
            }
        }
        return -1;
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
    }
}
