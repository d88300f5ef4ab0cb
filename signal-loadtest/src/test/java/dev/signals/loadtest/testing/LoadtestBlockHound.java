package dev.signals.loadtest.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound's allowances for the harness's tests, which also run a signal node in-process:
 * the JDK calls that touch a file descriptor on an event loop but never wait in practice.
 */
public final class LoadtestBlockHound implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        // The node's id generators reseed from the OS entropy pool, which does not block on Linux.
        builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
        builder.allowBlockingCallsInside("ch.qos.logback.core.AsyncAppenderBase", "put");
        // Netty's adaptive allocator takes a StampedLock for microseconds when it grows its
        // magazines; with harness and node in one JVM their event loops meet there.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
