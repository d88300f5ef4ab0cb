package dev.signals.core.room;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.core.json.JsonText;
import java.io.IOException;

/**
 * The bytes of {@link RoomBusMessage}s: JSON arrays whose first element names the kind,
 * {@code ["j",room,client,node]}, {@code ["l",room,client]} and
 * {@code ["u",room,target,type,frame]}. Unicasts are written here; joins and leaves are written
 * by the directory itself (the Redis scripts write the same arrays with {@code cjson}), so this
 * class reads whatever any JSON encoder makes of them.
 */
public final class RoomBusCodec {
    public static final String JOINED = "j";
    public static final String LEFT = "l";
    public static final String UNICAST = "u";

    private final ObjectMapper mapper = new ObjectMapper();

    public String unicast(String roomId, String targetId, String type, String frame) {
        StringBuilder out = new StringBuilder(frame.length() + roomId.length() + 64);
        out.append("[\"").append(UNICAST).append("\",");
        JsonText.quote(out, roomId).append(',');
        JsonText.quote(out, targetId).append(',');
        JsonText.quote(out, type).append(',');
        JsonText.quote(out, frame).append(']');
        return out.toString();
    }

    public String joined(String roomId, String clientId, String nodeId) {
        return array(JOINED, roomId, clientId, nodeId);
    }

    public String left(String roomId, String clientId) {
        return array(LEFT, roomId, clientId);
    }

    /** Reads one message; throws {@link IllegalArgumentException} on anything malformed. */
    public RoomBusMessage decode(String payload) {
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("room bus message is not JSON");
        }
        String kind = text(root, 0);
        if (JOINED.equals(kind) && root.size() == 4) {
            return new RoomBusMessage.MemberJoined(text(root, 1), text(root, 2), text(root, 3));
        }
        if (LEFT.equals(kind) && root.size() == 3) {
            return new RoomBusMessage.MemberLeft(text(root, 1), text(root, 2));
        }
        if (UNICAST.equals(kind) && root.size() == 5) {
            return new RoomBusMessage.Unicast(text(root, 1), text(root, 2), text(root, 3), text(root, 4));
        }
        throw new IllegalArgumentException("unknown room bus message");
    }

    private static String text(JsonNode array, int index) {
        JsonNode item = array == null || !array.isArray() ? null : array.get(index);
        if (item == null || !item.isTextual()) {
            throw new IllegalArgumentException("room bus message element " + index + " is not a string");
        }
        return item.textValue();
    }

    private static String array(String... items) {
        StringBuilder out = new StringBuilder(64).append('[');
        for (int i = 0; i < items.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonText.quote(out, items[i]);
        }
        return out.append(']').toString();
    }
}
