package dev.signals.server;

import dev.signals.core.backplane.Backplane;
import dev.signals.core.backplane.BackplaneEvent;
import dev.signals.core.backplane.BackplaneListener;
import dev.signals.server.logging.ThrottledLog;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * What every dialect's cluster side does with the backplane's events (docs/cluster.md): other
 * nodes' messages, decoded and applied in backplane order (a malformed one is dropped with a
 * rate-limited warning); on {@link BackplaneEvent.Restored} a re-sync of this node's live state
 * with the shared store; on {@link BackplaneEvent.Lost} nothing, since the dialect keeps serving
 * what this node holds. {@link #resyncSoon} re-syncs at once, one run at a time, when a command's
 * fate is unknown while the backplane is up.
 *
 * @param <M> the dialect's backplane message
 */
public abstract class ClusterListener<M> implements BackplaneListener {
    protected final Backplane backplane;
    protected final ThrottledLog warnings;
    private final String dialect;
    private final AtomicBoolean resyncing = new AtomicBoolean();

    protected ClusterListener(Backplane backplane, String dialect, Class<?> owner) {
        this.backplane = backplane;
        this.dialect = dialect;
        this.warnings = new ThrottledLog(LoggerFactory.getLogger(owner), Duration.ofSeconds(10));
    }

    /** Reads a message of this dialect; throws {@link IllegalArgumentException} when malformed. */
    protected abstract M decode(String payload);

    /** Applies another node's message, on the backplane thread, in backplane order. */
    protected abstract void apply(M message);

    /** Re-registers this node's live state with the shared store and settles what differs. */
    protected abstract Mono<Void> sync();

    @Override
    public final Mono<Void> onEvent(BackplaneEvent event) {
        if (event instanceof BackplaneEvent.Message) {
            M message;
            try {
                message = decode(((BackplaneEvent.Message) event).payload());
            } catch (IllegalArgumentException e) {
                warnings.warn("bus", "dropped a malformed {} message: {}", dialect, e.getMessage());
                return Mono.empty();
            }
            apply(message);
        } else if (event instanceof BackplaneEvent.Restored) {
            return sync();
        }
        return Mono.empty();
    }

    /** Re-syncs now unless the backplane is down (its return re-syncs) or a re-sync is running. */
    protected final void resyncSoon() {
        if (!backplane.up() || !resyncing.compareAndSet(false, true)) {
            return;
        }
        sync().doFinally(s -> resyncing.set(false))
                .subscribe(null, e -> warnings.warn("sync", "{} re-sync failed: {}", dialect, e.toString()));
    }
}
