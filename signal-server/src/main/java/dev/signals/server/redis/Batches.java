package dev.signals.server.redis;

import java.util.List;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;

/**
 * Runs a batched script until it reports nothing left: reaping scripts take one batch of a dead
 * node's entries per run, so no single run holds Redis long, and answer {@code {done, remaining}}.
 */
final class Batches {
    private Batches() {
    }

    /** Runs {@code batch} again while its answer's second element is above zero. */
    static Mono<Void> drain(Supplier<Mono<List<Object>>> batch) {
        return batch.get().expand(reply -> remaining(reply) > 0 ? batch.get() : Mono.empty()).then();
    }

    private static long remaining(List<Object> reply) {
        return reply.size() < 2 ? 0 : ((Number) reply.get(1)).longValue();
    }
}
