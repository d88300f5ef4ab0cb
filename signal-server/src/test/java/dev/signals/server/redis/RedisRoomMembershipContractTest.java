package dev.signals.server.redis;

import dev.signals.core.room.RoomDirectory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link RoomMembershipContract} on {@link RedisRoomDirectory}'s scripts, on one real
 * {@code redis-server} per class; a room's members are read from {@code room-members:<room>}
 * (layout in docs/cluster.md). Runs on one Redis and, with a Cluster's key names, on a one-node
 * Cluster, where a move between rooms of two slots is a join, then a leave.
 */
@ParameterizedClass(name = "on {0}")
@EnumSource(RedisStoreFixture.Kind.class)
class RedisRoomMembershipContractTest extends RoomMembershipContract {
    @RegisterExtension
    static final RedisStoreFixture redis = new RedisStoreFixture();
    @Parameter
    RedisStoreFixture.Kind kind;

    @Override
    Rooms rooms(int cap) {
        RedisStoreNodes nodes = redis.nodes(kind);
        RoomDirectory directory = nodes.start("n1", "room", null, stores -> stores.rooms(cap));
        Duration wait = Duration.ofSeconds(5);
        return new Rooms() {
            @Override
            public List<String> join(String room, String client) {
                RoomDirectory.JoinResult result = directory.join(room, client).block(wait);
                return result.full() ? null
                        : result.members().stream().map(RoomDirectory.Entry::clientId).collect(Collectors.toList());
            }

            @Override
            public void leave(String room, String client) {
                directory.leave(room, client).block(wait);
            }

            @Override
            @SuppressWarnings("unchecked")
            public List<String> members(String room) throws Exception {
                return (List<String>) redis.process().command("ZRANGE", kind.slots.of(nodes.prefix(), room) + "room-members:" + room, "0", "-1");
            }
        };
    }
}
