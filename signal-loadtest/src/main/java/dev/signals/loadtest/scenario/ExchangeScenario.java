package dev.signals.loadtest.scenario;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Base of the scenarios whose unit is one complete exchange (a churn cycle, a call, a domain
 * offer/answer, a mailbox hand-over): each {@link #fire} starts {@link #exchange}, whose
 * completion is recorded from the intended start, whose failure or timeout is an error with a
 * short reason. At most {@code maxInFlight} exchanges run at once; a fire beyond that is an
 * error rather than a silent wait, so an overloaded server shows up as errors and latency.
 */
abstract class ExchangeScenario implements Scenario {
    private final AtomicLong inFlight = new AtomicLong();
    /**
     * Numbers exchanges across the scenario's whole life: a schedule's indices restart with each
     * window, but call names and mailbox keys must never be reused while their seats or keys live.
     */
    private final AtomicLong sequence = new AtomicLong();
    /** Bumped when the runner gives up on what is in flight, so late outcomes are not counted twice. */
    private final AtomicLong generation = new AtomicLong();
    private final int maxInFlight;
    private final Duration timeout;
    protected LoadContext ctx;

    ExchangeScenario(int maxInFlight, Duration timeout) {
        this.maxInFlight = maxInFlight;
        this.timeout = timeout;
    }

    @Override
    public final void setup(LoadContext context) throws Exception {
        this.ctx = context;
        prepare();
    }

    /** Scenario-specific set-up (persistent connections and the like); nothing by default. */
    void prepare() throws Exception {
    }

    /**
     * One exchange, numbered {@code seq} (unique for the scenario's life); completes when it is
     * done, fails with a short reason when it went wrong.
     */
    abstract Mono<Void> exchange(long seq);

    @Override
    public final void fire(long index, long intendedNanos) {
        if (inFlight.get() >= maxInFlight) {
            ctx.stats().error("over " + maxInFlight + " exchanges in flight (server too slow)");
            return;
        }
        long gen = generation.get();
        inFlight.incrementAndGet();
        ctx.stats().sent();
        Mono<Void> unit;
        try {
            unit = exchange(sequence.getAndIncrement());
        } catch (RuntimeException e) {
            unit = Mono.error(e);
        }
        long sentNanos = System.nanoTime();
        unit.timeout(timeout).subscribe(null, e -> finish(gen, intendedNanos, sentNanos, e),
                () -> finish(gen, intendedNanos, sentNanos, null));
    }

    private void finish(long gen, long intendedNanos, long sentNanos, Throwable failure) {
        if (gen != generation.get()) {
            return;
        }
        inFlight.decrementAndGet();
        if (failure == null) {
            ctx.latency().record(intendedNanos, sentNanos, System.nanoTime());
            ctx.stats().received();
        } else if (failure instanceof TimeoutException) {
            ctx.stats().error("no completion within " + timeout.toSeconds() + "s");
        } else if (failure instanceof ExchangeFailure) {
            ctx.stats().error(failure.getMessage());
        } else {
            ctx.stats().error(failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()), failure);
        }
    }

    @Override
    public long inFlight() {
        return inFlight.get();
    }

    @Override
    public long abandonInFlight() {
        generation.incrementAndGet();
        return inFlight.getAndSet(0);
    }

    /** A step of an exchange got an answer it should not have; the message is the error's reason. */
    static final class ExchangeFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ExchangeFailure(String reason) {
            super(reason, null, false, false);
        }
    }
}
