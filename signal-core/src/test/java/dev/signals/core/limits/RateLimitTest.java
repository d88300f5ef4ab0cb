package dev.signals.core.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RateLimitTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void tokenBucketAllowsTheBurstThenTheRate() {
        TokenBucket b = new TokenBucket(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertTrue(b.tryTake(0));
        }
        assertFalse(b.tryTake(0));
        assertTrue(b.tryTake(SECOND / 10));
        assertFalse(b.tryTake(SECOND / 10));
        assertTrue(new TokenBucket(0, 0, 0).tryTake(0), "rate 0 is unlimited");
    }

    @Test
    void sharedLimitAllowsTheBurstThenTheRate() {
        SharedRateLimit l = new SharedRateLimit(10, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertTrue(l.tryAcquire(0), "burst " + i);
        }
        assertFalse(l.tryAcquire(0));
        assertTrue(l.tryAcquire(SECOND / 10));
        assertFalse(l.tryAcquire(SECOND / 10));
        // After a long pause the burst is available again, not more.
        int admitted = 0;
        for (int i = 0; i < 20; i++) {
            admitted += l.tryAcquire(100 * SECOND) ? 1 : 0;
        }
        assertEquals(5, admitted);
        assertTrue(new SharedRateLimit(0, 0, 0).tryAcquire(0), "rate 0 is unlimited");
    }

    @Test
    void sharedLimitAdmitsExactlyTheBurstUnderContention() throws Exception {
        SharedRateLimit l = new SharedRateLimit(1, 100, 0);
        AtomicInteger admitted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> {
                for (int i = 0; i < 1000; i++) {
                    if (l.tryAcquire(0)) {
                        admitted.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(100, admitted.get());
    }
}
