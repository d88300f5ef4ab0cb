package dev.signals.server.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.blockhound.BlockingOperationError;
import reactor.core.publisher.Mono;

/** Proves the non-blocking guard is live in this test JVM: a sleep on a non-blocking thread fails. */
class BlockHoundInstalledTest {
    @Test
    void blockingOnANonBlockingThreadIsCaught() {
        Throwable error = Mono.delay(Duration.ofMillis(1))
                .doOnNext(tick -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .then(Mono.<Throwable>empty())
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(5));
        assertInstanceOf(BlockingOperationError.class, error);
    }
}
