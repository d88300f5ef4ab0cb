package dev.signals.loadtest.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Guards the guard: blocking on a non-blocking thread fails these tests, so event loops stay clean. */
class BlockHoundActiveTest {
    @Test
    void blockingOnAParallelThreadIsReported() {
        assertThrows(Exception.class, () -> Mono.delay(Duration.ofMillis(1))
                .doOnNext(x -> {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .subscribeOn(Schedulers.parallel())
                .block(Duration.ofSeconds(5)));
    }
}
