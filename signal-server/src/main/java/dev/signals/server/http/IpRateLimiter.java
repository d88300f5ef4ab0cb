package dev.signals.server.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.signals.core.limits.TokenBucket;
import java.time.Duration;

/**
 * A token bucket per client IP, shared by every event loop. Idle IPs are forgotten after a
 * minute and the table is bounded, so a scan from many addresses cannot grow it without limit.
 */
public final class IpRateLimiter {
    private final double rate;
    private final double burst;
    private final Cache<String, TokenBucket> buckets;

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
        TokenBucket bucket = buckets.get(ip, k -> new TokenBucket(rate, burst, System.nanoTime()));
        // A bucket is tiny and held for nanoseconds; contention exists only between requests of one IP.
        synchronized (bucket) {
            return bucket.tryTake(System.nanoTime());
        }
    }
}
