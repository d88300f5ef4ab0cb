package dev.signals.core.room;

import dev.signals.core.backplane.BusArray;

/**
 * The bytes of {@link RoomBusMessage}s: JSON arrays whose first element names the kind,
 * {@code ["j",room,client,node]}, {@code ["l",room,client]}, {@code ["h",room,client,node]} and
 * {@code ["u",room,target,type,frame]}. Unicasts are written here; joins and leaves are written
 * by the directory itself (the Redis scripts write the same arrays with {@code cjson}), so this
 * class reads whatever any JSON encoder makes of them.
 */
public final class RoomBusCodec {
    public static final String JOINED = "j";
    public static final String LEFT = "l";
    public static final String UNICAST = "u";
    public static final String MOVED = "h";

    public String unicast(String roomId, String targetId, String type, String frame) {
        return BusArray.write(UNICAST, roomId, targetId, type, frame);
    }

    public String joined(String roomId, String clientId, String nodeId) {
        return BusArray.write(JOINED, roomId, clientId, nodeId);
    }

    public String left(String roomId, String clientId) {
        return BusArray.write(LEFT, roomId, clientId);
    }

    /** Reads one message; throws {@link IllegalArgumentException} on anything malformed. */
    public RoomBusMessage decode(String payload) {
        BusArray message = BusArray.parse(payload, "room bus message");
        if (message.is(JOINED, 4)) {
            return new RoomBusMessage.MemberJoined(message.text(1), message.text(2), message.text(3));
        }
        if (message.is(LEFT, 3)) {
            return new RoomBusMessage.MemberLeft(message.text(1), message.text(2));
        }
        if (message.is(MOVED, 4)) {
            return new RoomBusMessage.MemberMoved(message.text(1), message.text(2), message.text(3));
        }
        if (message.is(UNICAST, 5)) {
            return new RoomBusMessage.Unicast(message.text(1), message.text(2), message.text(3), message.text(4));
        }
        throw new IllegalArgumentException("unknown room bus message");
    }
}
