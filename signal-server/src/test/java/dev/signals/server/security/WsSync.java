package dev.signals.server.security;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signals.server.testing.WsTestClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Helpers for hostile-input tests over WebSockets. The server answers a PING in order with what it
 * writes for earlier frames, so a PING with a unique payload marks the end of the answers to what
 * came before it: no sleeps, and no guessing whether an answer is still on its way.
 */
final class WsSync {
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private WsSync() {
    }

    /** Every data or close frame the server sent before answering a PING carrying {@code token}. */
    static List<WsTestClient.Frame> framesBefore(WsTestClient ws, String token) throws IOException, InterruptedException {
        ws.queuePongs(true);
        byte[] marker = token.getBytes(StandardCharsets.UTF_8);
        ws.sendFrame(0x9, true, marker);
        List<WsTestClient.Frame> frames = new ArrayList<>();
        while (true) {
            WsTestClient.Frame f = ws.next();
            if (f.opcode() == 0xA && java.util.Arrays.equals(f.payload(), marker)) {
                return frames;
            }
            if (f.opcode() == 0xA) {
                continue;
            }
            frames.add(f);
            if (f.isClose()) {
                return frames;
            }
        }
    }

    /** A body as the server's strict parser reads it (§1.9), or null when it is not one JSON object. */
    static JsonNode strictObject(byte[] bytes) {
        try {
            JsonNode node = STRICT.readTree(bytes);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** A text frame as the server's strict parser reads it, or null when it is not one JSON object. */
    static JsonNode strictObject(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses a frame the server wrote; server output is always one valid JSON document. */
    static JsonNode parse(String text) {
        try {
            return STRICT.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("server wrote invalid JSON: " + text, e);
        }
    }

    /** The object's field names in order, joined by commas. */
    static String keys(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }
}
