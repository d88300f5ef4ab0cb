package dev.signals.server.call;

import dev.signals.core.call.CallCodec;
import dev.signals.core.call.CallRegistry;
import dev.signals.core.call.SeatTable;
import dev.signals.core.call.Seats;
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
 * The call dialect (PROTOCOLS.md §5), standalone: seats in a {@link SeatTable}, presence and
 * fan-out in a {@link CallRegistry}. Serves {@code GET /call/{call}}, {@code GET /ws} and
 * {@code POST /signal}; its refusals are plain statuses with empty bodies.
 */
public final class CallDialect implements Dialect {
    public static final String NAME = "call";
    private static final Logger LOG = LoggerFactory.getLogger(CallDialect.class);
    /** How often socketless sessions are checked for a lapsed seat (LEAVE within 1 s of the lapse). */
    static final Duration ORPHAN_SWEEP = Duration.ofMillis(250);
    /** Every this many orphan sweeps, stale seats of all calls are dropped. */
    private static final int SEAT_SWEEP_EVERY = 4;

    private final DialectContext context;
    private final CallCodec codec;
    private final SeatTable seatTable;
    private final Seats seats;
    private final CallRegistry<CallSocket> registry = new CallRegistry<>();
    private final CallFanOut fanOut;
    private final Scheduler sweeper;
    private int sweeps;

    public CallDialect(DialectContext context) {
        SignalConfig.Call config = context.config().call();
        this.context = context;
        this.codec = new CallCodec(context.json());
        this.seatTable = new SeatTable(config.seatCount(), config.seatTimeout(), context.clock());
        this.seats = seatTable;
        this.fanOut = new CallFanOut(codec, registry, context.metrics(), config.leaveEvents());
        context.metrics().gauge(MeterName.CALLS, "calls with at least one seat held", seatTable::callCount);
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
                new CallSeatRoute(codec, seats, registry, fanOut, context.ksuids(), context.auth(), context.metrics())));
        routes.exact("/signal", Route.http(NAME, Set.of(HttpMethod.POST), RefusalStyle.PLAIN,
                new CallSignalRoute(codec, seats, fanOut, context.auth(), context.metrics(),
                        CallSignalRoute.bodyCap(config.limits().maxMessageBytes(), config.call().maxSignalBytes()))));
        routes.exact("/ws", Route.webSocket(NAME, RefusalStyle.PLAIN, (req, res, info) -> {
            Authenticator.Outcome outcome = context.auth().authenticate(req);
            if (outcome instanceof Authenticator.Outcome.Rejected) {
                // PROTOCOLS.md §1.7: refused before the upgrade, empty body; the grant is checked at JOIN.
                context.metrics().error(NAME, "unauthorized");
                return Responses.empty(res, HttpResponseStatus.UNAUTHORIZED);
            }
            Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
            return context.webSockets().accept(res, info, NAME, session -> new CallSocket(
                    session, principal, codec, seats, registry, fanOut, context.metrics(), config.call().joinTimeout()));
        }));
    }

    /**
     * Runs on the sweeper thread only. A socketless live session whose seat lapsed is gone
     * (PROTOCOLS.md §5 LEAVE); the seat table is also swept so abandoned calls free their memory.
     */
    private void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; log and keep sweeping.
            LOG.warn("call sweep failed", e);
        }
    }

    private void sweepOnce() {
        for (CallRegistry.Orphan orphan : registry.orphans()) {
            seats.check(orphan.call(), orphan.session()).subscribe(seated -> {
                if (!seated) {
                    registry.expire(orphan.call(), orphan.session(), fanOut);
                }
            }, error -> { /* backend down: try again next sweep */ });
        }
        if (++sweeps % SEAT_SWEEP_EVERY == 0) {
            seatTable.sweep();
        }
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("calls", seatTable.callCount(), "call_seats", seatTable.seatCount(),
                "call_sockets", registry.socketCount());
    }

    @Override
    public void close() {
        sweeper.dispose();
    }
}
