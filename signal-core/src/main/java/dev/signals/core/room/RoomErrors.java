package dev.signals.core.room;

/** The room dialect's error reasons, exactly as clients see them (docs/room.md). */
public final class RoomErrors {
    public static final String INVALID_PAYLOAD = "invalid payload";
    public static final String INVALID_TYPE = "invalid type";
    public static final String JOIN_FAILED = "failed to join room";
    public static final String TRANSFER_OFFER = "failed to transfer offer";
    public static final String TRANSFER_ANSWER = "failed to transfer answer";
    public static final String TRANSFER_ICE = "failed to transfer ice candidate";
    public static final String ROOM_FULL = "room is full";
    public static final String RATE_LIMITED = "rate limit exceeded";
    public static final String FORBIDDEN = "forbidden";
    /** A large message refused while the node is over its send budget (SECURITY.md "Memory budget"). */
    public static final String SERVER_BUSY = "server busy";

    private RoomErrors() {
    }
}
