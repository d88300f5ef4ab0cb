package dev.signals.server;

import dev.signals.core.room.RoomDirectory;

/**
 * Makes the shared stores the dialects use when a backplane joins several nodes into one system
 * (PROTOCOLS.md §6). Implemented once per mechanism ({@code server.redis.RedisStores}) and chosen
 * by {@link SignalServer}; a standalone node has none. Each dialect adds the store it needs here,
 * so dialect code never names the mechanism.
 */
public interface ClusterStores {

    /** Room membership across nodes, with {@code maxClients} per room (0 = no limit). */
    RoomDirectory rooms(int maxClients);
}
