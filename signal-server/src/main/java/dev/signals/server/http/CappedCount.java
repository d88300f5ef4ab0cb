package dev.signals.server.http;

import java.util.concurrent.atomic.AtomicInteger;

/** A lock-free count of open things, refused past {@code max} ({@code 0}: never refused). */
final class CappedCount {
    private final int max;
    private final AtomicInteger count = new AtomicInteger();

    CappedCount(int max) {
        this.max = max;
    }

    /** Counts one more, or answers false and counts nothing when at the cap. */
    boolean tryTake() {
        while (true) {
            int now = count.get();
            if (max > 0 && now >= max) {
                return false;
            }
            if (count.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        count.decrementAndGet();
    }

    int get() {
        return count.get();
    }
}
