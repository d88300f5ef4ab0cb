package dev.signals.server.room;

import dev.signals.core.room.RoomCodec;
import dev.signals.core.room.RoomRegistry;
import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Principal;
import dev.signals.server.http.Responses;
import io.netty.handler.codec.http.HttpResponseStatus;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import dev.signals.server.metrics.MeterName;
import java.util.Map;

/** The room dialect (PROTOCOLS.md §4): one WebSocket at {@code /connect}, room mesh relay. */
public final class RoomDialect implements Dialect {
    public static final String NAME = "room";

    private final DialectContext context;
    private final RoomCodec codec;
    private final RoomRegistry<RoomSocket> registry;
    private final RoomEvents events;

    public RoomDialect(DialectContext context) {
        this.context = context;
        this.codec = new RoomCodec(context.json());
        this.registry = new RoomRegistry<>(context.config().room().maxClients());
        this.events = new RoomEvents(codec);
        context.metrics().gauge(MeterName.ROOMS, "rooms with at least one member", registry::roomCount);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void register(RouteTable routes) {
        routes.exact("/connect", Route.webSocket(NAME, RefusalStyle.PLAIN, (req, res, info) -> {
            Authenticator.Outcome outcome = context.auth().authenticate(req);
            if (outcome instanceof Authenticator.Outcome.Rejected) {
                // PROTOCOLS.md §1.7: the room dialect refuses before the upgrade.
                return Responses.empty(res, HttpResponseStatus.UNAUTHORIZED);
            }
            Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
            return context.webSockets().accept(res, info, NAME, session -> new RoomSocket(
                    session, context.xids().next(), principal, codec, registry, events, context.metrics(),
                    context.config().room().pingInterval()));
        }));
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("rooms", registry.roomCount(), "room_members", registry.memberCount());
    }
}
