package dev.signals.loadtest.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the room dialect's control messages as any room server writes them (docs/room.md):
 * {@code {"type":…,"payload":{…}}}. Tolerant by design, since the harness also measures other
 * servers: singo sends {@code notify-client-id}'s payload as a base64 string of the JSON object
 * (Go marshals its {@code []byte}), so a string payload is decoded that way.
 */
final class RoomMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One parsed message; {@code payload} is an object node, or a NullNode when there is none. */
    record Message(String type, JsonNode payload) {
        String text(String field) {
            JsonNode v = payload.get(field);
            return v != null && v.isTextual() ? v.asText() : null;
        }
    }

    private RoomMessages() {
    }

    /** Parses one message; null when it is not a JSON object with a string {@code type}. */
    static Message parse(String text) {
        try {
            JsonNode root = MAPPER.readTree(text);
            if (root != null && root.path("seq").canConvertToLong() && root.path("msg").isObject()) {
                root = root.get("msg"); // a numbered frame of a resumable session (docs/resume.md)
            }
            if (root == null || !root.isObject() || !root.path("type").isTextual()) {
                return null;
            }
            return new Message(root.get("type").asText(), payload(root.get("payload")));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode payload(JsonNode p) {
        if (p == null || p.isNull()) {
            return NullNode.getInstance();
        }
        if (p.isTextual()) {
            try {
                byte[] decoded = Base64.getDecoder().decode(p.asText());
                JsonNode inner = MAPPER.readTree(new String(decoded, StandardCharsets.UTF_8));
                return inner != null && inner.isObject() ? inner : p;
            } catch (IllegalArgumentException | JsonProcessingException e) {
                return p;
            }
        }
        return p;
    }

    /** Cheap check of a message's {@code type} without parsing it (the first "type" key wins). */
    static boolean isType(String text, String type) {
        int at = text.indexOf("\"type\":\"");
        return at >= 0 && text.startsWith(type + "\"", at + 8);
    }

    static String join(String roomId) {
        return "{\"type\":\"join\",\"payload\":{\"room_id\":\"" + roomId + "\"}}";
    }

    static String leave() {
        return "{\"type\":\"leave\",\"payload\":{}}";
    }
}
