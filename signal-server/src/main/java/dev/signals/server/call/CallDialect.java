package dev.signals.server.call;

import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallDirectory;
import dev.signals.core.call.CallRegistry;
import dev.signals.core.call.SeatTable;
import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Principal;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Responses;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.ws.SharedSessions;
import dev.signals.server.ws.WsUpgrade;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The call dialect (docs/call.md): seats, presence and fan-out in a {@link CallService} — in
 * memory when standalone, shared across nodes when clustered (docs/cluster.md). Serves {@code GET /call/{call}},
 * {@code GET /ws} and {@code POST /signal}; its refusals are plain statuses with empty bodies.
 */
public final class CallDialect implements Dialect {
    public static final String NAME = "call";
    private static final Logger LOG = LoggerFactory.getLogger(CallDialect.class);
    /** How often socketless sessions are checked for a lapsed seat (LEAVE within 1 s of the lapse). */
    static final Duration ORPHAN_SWEEP = Duration.ofMillis(250);

    private final DialectContext context;
    private final CallCodec codec;
    private final CallService calls;
    private final Scheduler sweeper;

    public CallDialect(DialectContext context) {
        SignalConfig.Call config = context.config().call();
        this.context = context;
        this.codec = new CallCodec(context.json());
        CallRegistry<CallSocket> registry = new CallRegistry<>();
        CallFanOut fanOut = new CallFanOut(codec, registry, context.metrics(), config.leaveEvents());
        if (context.clustered()) {
            CallDirectory directory = context.stores().calls(
                    new CallDirectory.Settings(config.seatCount(), config.seatTimeout(), config.leaveEvents()),
                    codec::forSubscribers);
            ClusterCallService cluster = new ClusterCallService(registry, directory, context.backplane(), codec, fanOut);
            context.backplane().register(NAME, cluster);
            SharedSessions sessions = context.webSockets().sharedSessions();
            if (sessions != null) {
                // A session socket nobody serves leaves when its window lapses (docs/cluster.md "Resumable sessions").
                sessions.onOrphanExpired(NAME, cluster::leaveOrphan);
            }
            this.calls = cluster;
        } else {
            this.calls = new LocalCallService(new SeatTable(config.seatCount(), config.seatTimeout(), context.clock()),
                    registry, fanOut);
        }
        context.metrics().gauge(MeterName.CALLS, context.clustered() ? "calls with a socket on this node"
                : "calls with at least one seat held", calls::callCount);
        this.sweeper = Schedulers.newSingle("signal-call-sweep", true);
        long period = ORPHAN_SWEEP.toMillis();
        sweeper.schedulePeriodically(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
        SignalConfig config = context.config();
        routes.prefix("/call/", CallSeatRoute::shape, Route.http(NAME, Set.of(HttpMethod.GET), RefusalStyle.PLAIN,
                new CallSeatRoute(codec, calls, context.ksuids(), context.auth(), context.metrics())));
        routes.exact("/signal", Route.http(NAME, Set.of(HttpMethod.POST), RefusalStyle.PLAIN,
                new CallSignalRoute(codec, calls, context.auth(), context.metrics(),
                        CallSignalRoute.bodyCap(config.limits().maxMessageBytes(), config.call().maxSignalBytes()))));
        routes.exact("/ws", Route.webSocket(NAME, RefusalStyle.PLAIN, (req, res, info) -> {
            Authenticator.Outcome outcome = context.auth().authenticate(req);
            if (outcome instanceof Authenticator.Outcome.Rejected) {
                // SECURITY.md "Per dialect, without and with authentication": refused before the upgrade, empty body; the grant is checked at JOIN.
                context.metrics().error(NAME, "unauthorized");
                return Responses.empty(res, HttpResponseStatus.UNAUTHORIZED);
            }
            Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
            WsUpgrade upgrade = new WsUpgrade(req, res, info, NAME, principal, RefusalStyle.PLAIN);
            return context.webSockets().accept(upgrade, session -> new CallSocket(session,
                    context.xids().next(), principal, codec, calls, context.metrics(), config.call().joinTimeout()),
                    (session, connId, state) -> CallSocket.restored(session, connId, state, principal, codec, calls,
                            context.metrics(), config.call().joinTimeout()));
        }));
    }

    /** Runs on the sweeper thread only: socketless sessions whose seat lapsed leave (docs/call.md). */
    private void sweep() {
        try {
            calls.sweep();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; log and keep sweeping.
            LOG.warn("call sweep failed", e);
        }
    }

    @Override
    public Map<String, Number> state() {
        return calls.state();
    }

    @Override
    public void close() {
        sweeper.dispose();
    }
}
