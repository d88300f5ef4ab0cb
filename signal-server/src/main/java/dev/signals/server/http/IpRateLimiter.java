package dev.signals.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signals.core.limits.SharedRateLimit;
import java.time.Duration;

/**
 * A lock-free rate limit per client IP, shared by every event loop. Idle IPs are forgotten after a
 * minute and the table is bounded, so a scan from many addresses cannot grow it without limit.
 */
public final class IpRateLimiter {
    private final double rate;
    private final double burst;
    private final Cache<String, SharedRateLimit> buckets;

    /** @param rate per second, 0 for unlimited */
    public IpRateLimiter(double rate, double burst) {
        this.rate = rate;
        this.burst = burst;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(1))
                .maximumSize(1_000_000)
                .build();
    }

    public boolean tryAcquire(String ip) {
        if (rate <= 0) {
            return true;
        }
        long now = System.nanoTime();
        return buckets.get(ip, k -> new SharedRateLimit(rate, burst, now)).tryAcquire(now);
    }
}
