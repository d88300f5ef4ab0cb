package dev.signals.loadtest.scenario;

import dev.signals.loadtest.net.WsConn;
import dev.signals.loadtest.net.WsListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import reactor.core.publisher.Flux;

/** Opening and closing many long-lived WebSockets at once, for the scenarios' set-up and tear-down. */
final class ConnectionSet {
    /** Upgrades in flight at once during set-up. */
    private static final int OPEN_CONCURRENCY = 256;

    private ConnectionSet() {
    }

    /**
     * Opens {@code count} WebSockets, connection {@code i} at {@code path.apply(i)} with
     * {@code listener.apply(i)}; throws naming the first failure if any could not open.
     */
    static WsConn[] openAll(LoadContext ctx, int count, IntFunction<String> path, IntFunction<WsListener> listener) {
        WsConn[] conns = new WsConn[count];
        List<Throwable> failures = new ArrayList<>();
        Duration timeout = ctx.settings().connectTimeout().multipliedBy(3).plusSeconds(count / 500);
        Flux.range(0, count)
                .flatMap(i -> ctx.connector().open(i, path.apply(i), listener.apply(i))
                        .doOnNext(c -> {
                            conns[i] = c;
                            ctx.stats().connectionOpened();
                        })
                        .onErrorResume(e -> {
                            synchronized (failures) {
                                failures.add(e);
                            }
                            return reactor.core.publisher.Mono.empty();
                        }), OPEN_CONCURRENCY)
                .then()
                .block(timeout);
        if (!failures.isEmpty()) {
            closeAll(Arrays.asList(conns));
            Throwable first = failures.get(0);
            throw new IllegalStateException(failures.size() + " of " + count + " connections failed to open; first: " + first, first);
        }
        return conns;
    }

    /** Closes every connection (close 1000, then drop after a short wait). */
    static void closeAll(List<WsConn> conns) {
        Flux.fromIterable(conns.stream().filter(Objects::nonNull).toList())
                .flatMap(c -> c.close(Duration.ofSeconds(3)).onErrorResume(e -> reactor.core.publisher.Mono.empty()), OPEN_CONCURRENCY)
                .then()
                .block(Duration.ofSeconds(30));
    }

    /** Waits until {@code condition} holds; false when it did not within {@code timeout}. */
    static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }
}
