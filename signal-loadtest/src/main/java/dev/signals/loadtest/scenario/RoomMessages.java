package dev.signals.loadtest.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.signals.loadtest.net.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the room dialect's control messages as any room server writes them (docs/room.md):
 * {@code {"type":…,"payload":{…}}}. Tolerant by design, since the harness also measures other
 * servers: singo sends {@code notify-client-id}'s payload as a base64 string of the JSON object
 * (Go marshals its {@code []byte}), so a string payload is decoded that way.
 */
final class RoomMessages {

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
        JsonNode root = Json.read(text);
        if (root.path("seq").canConvertToLong() && root.path("msg").isObject()) {
            root = root.get("msg"); // a numbered frame of a resumable session (docs/resume.md)
        }
        if (!root.isObject() || !root.path("type").isTextual()) {
            return null;
        }
        return new Message(root.get("type").asText(), payload(root.get("payload")));
    }

    private static JsonNode payload(JsonNode p) {
        if (p == null || p.isNull()) {
            return NullNode.getInstance();
        }
        if (p.isTextual()) {
            try {
                JsonNode inner = Json.read(new String(Base64.getDecoder().decode(p.asText()), StandardCharsets.UTF_8));
                return inner.isObject() ? inner : p;
            } catch (IllegalArgumentException e) {
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
