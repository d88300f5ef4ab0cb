package dev.signals.server.mailbox;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.signals.core.mailbox.LocalMailboxStore;
import dev.signals.core.mailbox.MailboxCodec;
import dev.signals.core.mailbox.MailboxEndpoint;
import dev.signals.core.mailbox.MailboxLimits;
import dev.signals.core.mailbox.MailboxStore;
import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import dev.signals.server.metrics.MeterName;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Set;

/**
 * The mailbox dialect (docs/mailbox.md): eight HTTP endpoints under {@code /offer/} and
 * {@code /answer/} over per-key queues in a {@link MailboxStore}: in memory when standalone, shared
 * through the backplane's store when clustered (docs/cluster.md). Owns the store and closes it.
 */
public final class MailboxDialect implements Dialect {
    public static final String NAME = "mailbox";

    private final MailboxStore store;
    private final MailboxRefusals refusals;
    private final MailboxExchange exchange;

    public MailboxDialect(DialectContext context) {
        SignalConfig.Mailbox config = context.config().mailbox();
        MailboxLimits limits = new MailboxLimits(config.maxBytes(), config.maxCandidates(), config.maxLifetime(),
                config.maxKeyBytes(), config.ipShareBytes());
        // docs/cluster.md: clustered, every node serves every key from the shared store.
        this.store = context.clustered() ? context.stores().mailbox(limits)
                : new LocalMailboxStore(limits, Ticker.systemTicker());
        MailboxCodec codec = new MailboxCodec(context.json());
        this.refusals = new MailboxRefusals(codec, context.metrics());
        this.exchange = new MailboxExchange(store, codec, context.auth(), refusals, context.metrics(),
                context.config().limits().maxMessageBytes());
        // Clustered, the store is shared: every node reports the same totals, so they are labelled
        // as such and must be aggregated with max, not sum (docs/cluster.md "Observability").
        String scope = context.clustered() ? "in the shared store (all nodes; aggregate with max)" : "on this node";
        context.metrics().gauge(MeterName.MAILBOX_KEYS, "mailbox keys " + scope, store::keyCount);
        context.metrics().gauge(MeterName.MAILBOX_BYTES,
                "bytes held by mailbox keys " + scope + ", as counted against --mailbox-max-bytes", store::bytes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
        Route endpoint = Route.http(NAME, Set.of(HttpMethod.GET, HttpMethod.POST), refusals, exchange::handle);
        for (String path : MailboxEndpoint.paths()) {
            routes.exact(path, endpoint);
            routes.exact(path.substring(0, path.length() - 1), endpoint);
        }
        // docs/security.md "Router refusals": every other path under /offer/ and /answer is the mailbox's too and answers its
        // 404 envelope. The route admits no method, so the router refuses it first (SECURITY.md "Limits and their defaults" order);
        // only a preflight (OPTIONS) passes, and it never reaches a handler.
        Route unknown = Route.http(NAME, Set.of(HttpMethod.OPTIONS), refusals, (req, res, info) -> refusals.notFound(res));
        routes.prefix("/offer/", unknown).prefix("/answer/", unknown).exact("/answer", unknown);
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("mailbox_keys", store.keyCount(), "mailbox_bytes", store.bytes());
    }

    @Override
    public void close() {
        store.close();
    }
}
