package dev.signals.core.backplane;

import reactor.core.publisher.Mono;

/**
 * A dialect's receiver of backplane events. It is called on the backplane's own thread, one event
 * at a time and in backplane order, so it must not block; it hands frames to sockets (which
 * queue them) and updates its state.
 */
@FunctionalInterface
public interface BackplaneListener {

    /**
     * Handles one event. The returned {@link Mono} completes when the event is dealt with; the
     * backplane waits for it only after {@link BackplaneEvent.Restored} (re-registration), before
     * it reports itself up again. Everything else may return {@link Mono#empty()}.
     */
    Mono<Void> onEvent(BackplaneEvent event);
}
