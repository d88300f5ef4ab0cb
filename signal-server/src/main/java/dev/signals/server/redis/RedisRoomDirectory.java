package dev.signals.server.redis;

import dev.signals.core.room.RoomDirectory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Room membership shared through Redis (docs/room.md, docs/cluster.md). Every change is one script, so the
 * one-room-per-client rule and the size cap hold whichever nodes the joiners are on, and each
 * script announces its change to the nodes concerned from inside Redis, so all of them see a
 * room's changes in one order. Keys and message formats: {@code room-lib.lua}.
 */
final class RedisRoomDirectory implements RoomDirectory, NodeState {
    static final LuaScript JOIN = LuaScript.load("room-join", "room-join.lua", "room-lib.lua");
    static final LuaScript LEAVE = LuaScript.load("room-leave", "room-leave.lua", "room-lib.lua");
    static final LuaScript SYNC = LuaScript.load("room-sync", "room-sync.lua", "room-lib.lua");
    static final LuaScript REAP = LuaScript.load("room-reap", "room-reap.lua", "room-lib.lua");
    static final LuaScript TOUCH = LuaScript.load("room-touch", "room-touch.lua", "room-lib.lua");
    static final LuaScript ADOPT = LuaScript.load("room-adopt", "room-adopt.lua", "room-lib.lua");
    static final LuaScript ORPHAN_LEAVE = LuaScript.load("room-orphan-leave", "room-orphan-leave.lua", "room-lib.lua");
    /** Members of a dead node removed per script run, so one reap never holds Redis long. */
    private static final int REAP_BATCH = 500;

    private final RedisLink link;
    private final String prefix;
    private final String nodeId;
    private final String cap;
    private final String ttl;

    RedisRoomDirectory(RedisBackplane backplane, int maxClients) {
        this.link = backplane.link();
        this.prefix = backplane.prefix();
        this.nodeId = backplane.nodeId();
        this.cap = Integer.toString(maxClients);
        this.ttl = Long.toString(backplane.lease().stateTtl().toMillis());
    }

    @Override
    public Mono<JoinResult> join(String roomId, String clientId) {
        return link.eval(JOIN, prefix, nodeId, clientId, roomId, cap, ttl).map(reply -> {
            if (reply.isEmpty() || !"ok".equals(reply.get(0))) {
                return JoinResult.refusedFull();
            }
            return new JoinResult(false, entries(reply, 1));
        });
    }

    @Override
    public Mono<Void> leave(String roomId, String clientId) {
        return link.eval(LEAVE, prefix, nodeId, clientId, roomId).then();
    }

    @Override
    public Mono<List<Entry>> adopt(String roomId, String clientId) {
        return link.eval(ADOPT, prefix, nodeId, clientId, roomId, ttl)
                .map(reply -> !reply.isEmpty() && "ok".equals(reply.get(0)) ? entries(reply, 1) : List.<Entry>of());
    }

    @Override
    public Mono<Void> leaveOrphan(String roomId, String clientId) {
        return link.eval(ORPHAN_LEAVE, prefix, clientId, roomId).then();
    }

    @Override
    public Mono<Map<String, List<Entry>>> sync(Map<String, String> live, Map<String, String> departed) {
        List<String> args = new ArrayList<>(4 + 2 * (live.size() + departed.size()));
        args.add(prefix);
        args.add(nodeId);
        args.add(ttl);
        args.add(Integer.toString(live.size()));
        live.forEach((client, room) -> {
            args.add(client);
            args.add(room);
        });
        departed.forEach((client, room) -> {
            args.add(client);
            args.add(room);
        });
        return link.eval(SYNC, args.toArray(String[]::new)).map(reply -> {
            Map<String, List<Entry>> rooms = new LinkedHashMap<>();
            for (Object item : reply) {
                if (item instanceof List && !((List<?>) item).isEmpty()) {
                    List<?> room = (List<?>) item;
                    rooms.put(String.valueOf(room.get(0)), entries(room, 1));
                }
            }
            return rooms;
        });
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(JOIN, LEAVE, SYNC, REAP, TOUCH, ADOPT, ORPHAN_LEAVE);
    }

    @Override
    public Mono<Void> refresh() {
        return link.eval(TOUCH, prefix, nodeId, ttl).then();
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return Batches.drain(() -> link.eval(REAP, prefix, deadNode, Integer.toString(REAP_BATCH)));
    }

    /** {@code id1, node1, id2, node2, ...} from {@code from} on. */
    private static List<Entry> entries(List<?> flat, int from) {
        List<Entry> out = new ArrayList<>((flat.size() - from) / 2);
        for (int i = from; i + 1 < flat.size(); i += 2) {
            out.add(new Entry(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1))));
        }
        return out;
    }
}
