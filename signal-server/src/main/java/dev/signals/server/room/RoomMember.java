package dev.signals.server.room;

import dev.signals.core.room.RoomRegistry;

/**
 * A member of a room as this node sees it: one of its own {@link RoomSocket}s, or a
 * {@link RemoteMember} served by another node, which {@link #deliver} ignores (its own node
 * delivers to it).
 */
interface RoomMember extends RoomRegistry.Member {

    /** Queues a server frame for this member if it is served here; never blocks. */
    void deliver(String type, String frame);
}
