package dev.signals.server.redis;

import dev.signals.core.room.RoomDirectory;
import dev.signals.server.ClusterStores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Room membership shared through Redis (docs/room.md, docs/cluster.md). Every change is one script, so the
 * one-room-per-client rule and the size cap hold whichever nodes the joiners are on, and each
 * script announces its change to the nodes concerned from inside Redis, so all of them see a
 * room's changes in one order. Keys and message formats: {@code room-lib.lua}. On a Redis Cluster
 * each script works in its room's slot ({@link SlotScope}): a move to a room of another slot is a
 * join there, then a leave of the old room in its slot (docs/cluster.md "Redis Cluster").
 */
final class RedisRoomDirectory implements RoomDirectory, NodeState {
    static final LuaScript JOIN = script("room-join");
    static final LuaScript LEAVE = script("room-leave");
    static final LuaScript SYNC = script("room-sync", "lease-lib.lua");
    static final LuaScript REAP = script("room-reap");
    static final LuaScript TOUCH = script("room-touch");
    static final LuaScript ADOPT = script("room-adopt");
    static final LuaScript ORPHAN_LEAVE = script("room-orphan-leave");
    /** Members of a dead node removed per script run, so one reap never holds Redis long. */
    private static final int REAP_BATCH = 500;

    /** A room script; a member may have a resumable session, whose inbox it may keep an announcement in (room-lib.lua). */
    private static LuaScript script(String name, String... more) {
        String[] helpers = new String[2 + more.length];
        helpers[0] = "session-lib.lua";
        helpers[1] = "room-lib.lua";
        System.arraycopy(more, 0, helpers, 2, more.length);
        return LuaScript.load(name, name + ".lua", helpers);
    }

    private final RedisLink link;
    private final SlotScope scope;
    /**
     * On a Cluster, the room each client of this node is in as Redis last answered, so that a move
     * can leave the old room in its own slot; empty on one Redis, where the join script moves.
     */
    private final Map<String, String> roomOf = new ConcurrentHashMap<>();
    private final boolean split;
    private final String nodeId;
    private final String cap;
    private final String ttl;
    /** What the scripts need to keep announcements for members' sessions, or '' (room-lib.lua). */
    private final String keep;

    /**
     * @param frames the new-client and leave-client frames as the room codec writes them, kept for
     *               members with a resumable session when {@code sessions} are on (docs/cluster.md)
     */
    RedisRoomDirectory(RedisBackplane backplane, int maxClients, SessionBounds sessions, ClusterStores.RoomFrames frames) {
        this.link = backplane.link();
        this.scope = new SlotScope(backplane, "node-rooms:");
        this.split = backplane.slots().cluster();
        this.nodeId = backplane.nodeId();
        this.cap = Integer.toString(maxClients);
        this.ttl = Long.toString(backplane.lease().stateTtl().toMillis());
        this.keep = frames == null ? "" : sessions.keep(frames.newClient(), frames.leaveClient());
    }

    /** Runs {@code script} in {@code room}'s slot, declaring the room's keys there. */
    private Mono<List<Object>> eval(LuaScript script, String room, String... args) {
        String prefix = scope.of(room);
        String[] keys = {prefix + "room-members:" + room, prefix + "room-nodes:" + room};
        return link.evalKeys(script, keys, ScriptArgs.leading(new String[] {prefix, keep}, args));
    }

    @Override
    public Mono<JoinResult> join(String roomId, String clientId) {
        if (split) {
            scope.mark(scope.of(roomId));
        }
        String old = roomOf.get(clientId);
        return eval(JOIN, roomId, nodeId, clientId, roomId, cap, ttl).flatMap(reply -> {
            if (reply.isEmpty() || !"ok".equals(reply.get(0))) {
                return Mono.just(JoinResult.refusedFull());
            }
            JoinResult joined = new JoinResult(false, entries(reply, 1));
            if (!split) {
                return Mono.just(joined);
            }
            roomOf.put(clientId, roomId);
            // The old room of another slot is left in its own slot, after the join (a refused
            // joiner stays put); a room of the same slot was left by the join script itself.
            boolean elsewhere = old != null && !old.equals(roomId) && !scope.of(old).equals(scope.of(roomId));
            return elsewhere ? eval(LEAVE, old, nodeId, clientId, old).thenReturn(joined) : Mono.just(joined);
        });
    }

    @Override
    public Mono<Void> leave(String roomId, String clientId) {
        if (split) {
            roomOf.remove(clientId, roomId);
        }
        return eval(LEAVE, roomId, nodeId, clientId, roomId).then();
    }

    @Override
    public Mono<List<Entry>> adopt(String roomId, String clientId) {
        if (split) {
            scope.mark(scope.of(roomId));
            roomOf.put(clientId, roomId);
        }
        return eval(ADOPT, roomId, nodeId, clientId, roomId, ttl)
                .map(reply -> !reply.isEmpty() && "ok".equals(reply.get(0)) ? entries(reply, 1) : List.<Entry>of());
    }

    @Override
    public Mono<Void> leaveOrphan(String roomId, String clientId) {
        return eval(ORPHAN_LEAVE, roomId, clientId, roomId).then();
    }

    @Override
    public Mono<Map<String, List<Entry>>> sync(Map<String, String> live, Map<String, String> departed) {
        if (split) {
            roomOf.clear();
            roomOf.putAll(live);
        }
        Map<String, List<Map.Entry<String, String>>> liveBySlot = scope.group(live.entrySet(), Map.Entry::getValue);
        Map<String, List<Map.Entry<String, String>>> departedBySlot = new LinkedHashMap<>();
        departed.entrySet().forEach(e -> departedBySlot.computeIfAbsent(scope.of(e.getValue()), p -> new ArrayList<>()).add(e));
        departedBySlot.keySet().forEach(p -> liveBySlot.putIfAbsent(p, List.of()));
        return scope.liveNodes().flatMap(nodes -> Flux.fromIterable(liveBySlot.entrySet())
                .concatMap(slot -> {
                    List<Map.Entry<String, String>> gone = departedBySlot.getOrDefault(slot.getKey(), List.of());
                    List<String> args = new ArrayList<>(6 + 2 * (slot.getValue().size() + gone.size()));
                    args.addAll(List.of(slot.getKey(), keep, nodeId, ttl, nodes, Integer.toString(slot.getValue().size())));
                    slot.getValue().forEach(e -> {
                        args.add(e.getKey());
                        args.add(e.getValue());
                    });
                    gone.forEach(e -> {
                        args.add(e.getKey());
                        args.add(e.getValue());
                    });
                    return link.evalKeys(SYNC, new String[] {scope.index(slot.getKey(), nodeId)}, args.toArray(String[]::new));
                })
                .collectList()
                .map(replies -> {
                    Map<String, List<Entry>> rooms = new LinkedHashMap<>();
                    for (List<Object> reply : replies) {
                        for (Object item : reply) {
                            if (item instanceof List && !((List<?>) item).isEmpty()) {
                                List<?> room = (List<?>) item;
                                rooms.put(String.valueOf(room.get(0)), entries(room, 1));
                            }
                        }
                    }
                    return rooms;
                }));
    }

    @Override
    public List<LuaScript> scripts() {
        return List.of(JOIN, LEAVE, SYNC, REAP, TOUCH, ADOPT, ORPHAN_LEAVE);
    }

    @Override
    public Mono<Void> refresh() {
        return scope.eachIndex(TOUCH, nodeId, keep, nodeId, ttl);
    }

    @Override
    public Mono<Void> reap(String deadNode) {
        return scope.reapEachIndex(REAP, deadNode, keep, deadNode, Integer.toString(REAP_BATCH));
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
