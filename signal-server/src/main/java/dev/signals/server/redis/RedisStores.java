package dev.signals.server.redis;

import dev.signals.core.room.RoomDirectory;
import dev.signals.server.ClusterStores;

/** The dialects' shared stores over one {@link RedisBackplane}; each registers its per-node state. */
public final class RedisStores implements ClusterStores {
    private final RedisBackplane backplane;

    public RedisStores(RedisBackplane backplane) {
        this.backplane = backplane;
    }

    @Override
    public RoomDirectory rooms(int maxClients) {
        RedisRoomDirectory directory = new RedisRoomDirectory(backplane, maxClients);
        backplane.addState(directory);
        return directory;
    }
}
