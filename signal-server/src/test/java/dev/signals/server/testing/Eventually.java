package dev.signals.server.testing;

import java.time.Duration;

/** Polls a condition until it holds or a timeout passes; every wait in a test has a bound. */
public final class Eventually {
    /** One look at the condition. */
    public interface Check {
        boolean holds() throws Exception;
    }

    private Eventually() {
    }

    /** True as soon as {@code check} holds, false if it never did within {@code limit}. */
    public static boolean within(Duration limit, Check check) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.holds()) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
