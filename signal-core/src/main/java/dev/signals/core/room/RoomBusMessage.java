package dev.signals.core.room;

/** What one node tells another about a room (docs/cluster.md); made and read by {@link RoomBusCodec}. */
public sealed interface RoomBusMessage {

    /** {@code clientId}, served by {@code nodeId}, entered {@code roomId}. */
    record MemberJoined(String roomId, String clientId, String nodeId) implements RoomBusMessage {
    }

    /** {@code clientId} left {@code roomId} (or its node died). */
    record MemberLeft(String roomId, String clientId) implements RoomBusMessage {
    }

    /**
     * {@code clientId}, still in {@code roomId}, is now served by {@code nodeId}: its resumable
     * session resumed there (docs/resume.md). Nobody is told; only where frames for it go changes.
     */
    record MemberMoved(String roomId, String clientId, String nodeId) implements RoomBusMessage {
    }

    /** A frame for {@code targetId}, a member of {@code roomId}; {@code type} is its wire type. */
    record Unicast(String roomId, String targetId, String type, String frame) implements RoomBusMessage {
    }
}
