package dev.signals.server.testing;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * BlockHound's allowances for this project's tests: the few JDK calls that may touch a file
 * descriptor on an event loop but never wait in practice.
 */
public final class SignalBlockHound implements BlockHoundIntegration {
    @Override
    public void applyTo(BlockHound.Builder builder) {
        // The DRBG behind session ids reseeds from the OS entropy pool, which does not block on Linux.
        builder.allowBlockingCallsInside("java.security.SecureRandom", "nextBytes");
        // The asynchronous log appender hands events to its worker through a queue whose lock is
        // held for nanoseconds; with neverBlock it never waits for space.
        builder.allowBlockingCallsInside("ch.qos.logback.core.AsyncAppenderBase", "put");
        // An io_uring loop being shut down spins (Thread.onSpinWait) until its wake-up is drained:
        // Netty's own shutdown path, once per loop, never in serving.
        builder.allowBlockingCallsInside("io.netty.channel.uring.IoUringIoHandler", "closeWakeupGate");
    }
}
