package dev.signals.server.room;

import dev.signals.core.limits.TokenBucket;
import dev.signals.core.room.RoomCodec;
import dev.signals.core.room.RoomRegistry;
import dev.signals.server.ClusterStores;
import dev.signals.server.Dialect;
import dev.signals.server.DialectContext;
import dev.signals.server.auth.Authenticator;
import dev.signals.server.auth.Principal;
import dev.signals.server.config.SignalConfig;
import dev.signals.server.http.Responses;
import io.netty.handler.codec.http.HttpResponseStatus;
import dev.signals.server.http.RefusalStyle;
import dev.signals.server.http.Route;
import dev.signals.server.http.RouteTable;
import dev.signals.server.metrics.MeterName;
import dev.signals.server.ws.SharedSessions;
import dev.signals.server.ws.WsUpgrade;
import java.util.Map;

/**
 * The room dialect (docs/room.md): one WebSocket at {@code /connect}, room mesh relay; in
 * memory when standalone, across nodes over the backplane when clustered (docs/cluster.md).
 */
public final class RoomDialect implements Dialect {
    public static final String NAME = "room";

    private final DialectContext context;
    private final RoomCodec codec;
    private final RoomService rooms;

    public RoomDialect(DialectContext context) {
        this.context = context;
        this.codec = new RoomCodec(context.json());
        RoomEvents events = new RoomEvents(codec);
        int maxClients = context.config().room().maxClients();
        if (context.clustered()) {
            // The directory enforces the cap across nodes; this node's views only mirror it.
            RoomRegistry<RoomMember> views = new RoomRegistry<>(0, member -> member instanceof RoomSocket);
            SharedSessions sessions = context.webSockets().sharedSessions();
            ClusterRoomService cluster = new ClusterRoomService(new LocalRoomService(views, events, context.metrics()),
                    views, context.stores().rooms(maxClients, new ClusterStores.RoomFrames(codec::newClient, codec::leaveClient)),
                    context.backplane(), events, context.metrics(), sessions);
            context.backplane().register(NAME, cluster);
            if (sessions != null) {
                // A session member nobody serves leaves when its window lapses (docs/cluster.md "Resumable sessions").
                sessions.onOrphanExpired(NAME, (clientId, roomId) -> cluster.leaveOrphan(roomId, clientId));
            }
            this.rooms = cluster;
        } else {
            this.rooms = new LocalRoomService(new RoomRegistry<>(maxClients), events, context.metrics());
        }
        context.metrics().gauge(MeterName.ROOMS, "rooms with at least one member on this node", rooms::roomCount);
    }

    /** A fresh allowance of {@code --room-change-limit} changes, refilled over {@code --room-change-window}. */
    private static TokenBucket roomChanges(SignalConfig.Room room) {
        double perSecond = room.changeLimit() / (room.changeWindow().toNanos() / 1e9);
        return new TokenBucket(perSecond, room.changeLimit(), System.nanoTime());
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
                // SECURITY.md "Per dialect, without and with authentication": the room dialect refuses before the upgrade.
                return Responses.empty(res, HttpResponseStatus.UNAUTHORIZED);
            }
            Principal principal = ((Authenticator.Outcome.Authenticated) outcome).principal();
            SignalConfig.Room room = context.config().room();
            WsUpgrade upgrade = new WsUpgrade(req, res, info, NAME, principal, RefusalStyle.PLAIN);
            return context.webSockets().accept(upgrade, session -> new RoomSocket(
                    session, context.xids().next(), principal, codec, rooms, context.metrics(),
                    room.pingInterval(), roomChanges(room)),
                    (session, clientId, roomId) -> new RoomSocket(session, clientId, roomId, principal, codec, rooms,
                            context.metrics(), room.pingInterval(), roomChanges(room)));
        }));
    }

    @Override
    public Map<String, Number> state() {
        return Map.of("rooms", rooms.roomCount(), "room_members", rooms.memberCount());
    }
}
