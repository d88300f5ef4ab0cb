package dev.signals.server.domain;

import dev.signals.core.domain.DomainCodec;
import dev.signals.core.domain.DomainErrors;
import dev.signals.core.domain.LocalDomainRegistry;
import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Grants;
import dev.signals.server.auth.Principal;
import dev.signals.server.http.RequestInfo;
import dev.signals.server.http.Responses;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.ws.SharedSessions;
import dev.signals.server.ws.WsUpgrade;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import java.util.Set;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The domain dialect (docs/domain.md): peers hold a name over {@code GET /ws/{domain}}, offers
 * arrive by {@code POST /offer} or over a socket, answers go back over the sockets; across nodes
 * when clustered (docs/cluster.md).
 */
public final class DomainDialect implements Dialect {
    public static final String NAME = "domain";
    /** Everything under it belongs to this dialect; {@code /ws} itself is the call dialect's (docs/security.md "Router refusals"). */
    static final String SOCKET_PREFIX = "/ws/";

    private final DialectContext context;
    private final DomainCodec codec;
    private final DomainService domains;
    private final DomainRefusals refusals;

    public DomainDialect(DialectContext context) {
        this.context = context;
        this.codec = new DomainCodec(context.json());
        LocalDomainService local = new LocalDomainService(new LocalDomainRegistry<>(), context.metrics());
        if (context.clustered()) {
            // docs/cluster.md: last one wins and offers reach the holder whichever node it is on.
            ClusterDomainService cluster = new ClusterDomainService(local, context.stores().domains(),
                    context.backplane(), context.metrics());
            context.backplane().register(NAME, cluster);
            SharedSessions sessions = context.webSockets().sharedSessions();
            if (sessions != null) {
                // A holder's session nobody serves releases its domain when its window lapses (docs/cluster.md).
                sessions.onOrphanExpired(NAME, cluster::releaseOrphan);
            }
            this.domains = cluster;
        } else {
            this.domains = local;
        }
        this.refusals = new DomainRefusals(codec);
        context.metrics().gauge(MeterName.DOMAINS, "domains held by a socket on this node", domains::size);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
        routes.prefix(SOCKET_PREFIX, Route.webSocket(NAME, refusals, this::upgrade));
        OfferEndpoint offers = new OfferEndpoint(codec, domains, context.auth(), context.metrics(),
                context.config().limits().maxMessageBytes());
        routes.exact("/offer", Route.http(NAME, Set.of(HttpMethod.POST), refusals, offers));
    }

    /**
     * {@code GET /ws/{domain}}: the raw segment is validated (docs/domain.md), then the token checked (SECURITY.md "Per dialect, without and with authentication"),
     * all before the upgrade.
     */
    private Publisher<Void> upgrade(HttpServerRequest req, HttpServerResponse res, RequestInfo info) {
        String domain = info.rawPath().substring(SOCKET_PREFIX.length());
        if (!DomainCodec.isValidDomain(domain)) {
            context.metrics().error(NAME, "invalid_domain");
            return Responses.json(res, HttpResponseStatus.BAD_REQUEST, codec.failure(DomainErrors.INVALID_DOMAIN));
        }
        Authenticator.Outcome outcome = context.auth().authenticate(req);
        if (outcome instanceof Authenticator.Outcome.Rejected) {
            context.metrics().error(NAME, "unauthorized");
            String reason = ((Authenticator.Outcome.Rejected) outcome).reason();
            return Responses.json(res, HttpResponseStatus.UNAUTHORIZED, codec.failure(reason));
        }
        Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
        if (!principal.allows(Grants.DOMAIN, domain)) {
            // With auth on, only a token granting the domain may hold it: no hijacking (SECURITY.md "Per dialect, without and with authentication").
            context.metrics().error(NAME, "forbidden");
            return Responses.json(res, HttpResponseStatus.FORBIDDEN, codec.failure(DomainErrors.FORBIDDEN));
        }
        return context.webSockets().accept(new WsUpgrade(req, res, info, NAME, principal, refusals),
                session -> new DomainSocket(session, domain, context.xids().next(), principal, codec, domains,
                        context.metrics(), null),
                (session, connId, state) -> new DomainSocket(session, domain, connId, principal, codec, domains,
                        context.metrics(), state));
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("domains", domains.size());
    }
}
