package dev.signals.core.call;

import reactor.core.publisher.Mono;

/**
 * The seat semaphore of PROTOCOLS.md §5, as a role: {@link SeatTable} keeps seats in memory and
 * a backplane implementation keeps them in Redis with the same semantics. A seat is held by a
 * session and stamped with its last acquire or renewal; it is stale once {@code now - stamp}
 * exceeds {@code --seat-timeout}, and stale seats are dropped before every decision. Answers
 * are asynchronous so a remote implementation never blocks an event loop; an error means the
 * backend failed (500 / {@code backend failure}), never "no".
 */
public interface Seats {

    /**
     * Atomically: drop stale seats, then grant if the session already holds a seat or fewer than
     * {@code --seat-count} remain (0 means no limit), stamping the seat with now.
     */
    Mono<Boolean> acquire(String call, String session);

    /** Drops stale seats, then answers whether the session holds one. Does not renew. */
    Mono<Boolean> check(String call, String session);

    /** Drops stale seats, then refreshes the session's stamp if it still holds a seat; false when lost. */
    Mono<Boolean> renew(String call, String session);

    /** Gives the session's seat back (a no-op when it holds none). */
    Mono<Void> release(String call, String session);
}
